#include <symphony/core/position_math.hpp>

namespace symphony {

Money PositionState::apply_fill(Side side, Qty fill_qty, Price fill_price) noexcept {
  const Qty signed_fill = side == Side::buy ? fill_qty : -fill_qty;
  if (qty.is_zero() || (qty.is_positive() == signed_fill.is_positive())) {
    // Opening or increasing: the new entry is the quantity-weighted average price.
    const Money total =
        notional(entry_price, qty.abs(), rounding::nearest) + notional(fill_price, fill_qty, rounding::nearest);
    qty += signed_fill;
    entry_price = price_of(total, qty.abs(), rounding::nearest);
    return {};
  }
  const Qty closing = fill_qty < qty.abs() ? fill_qty : qty.abs();
  // A long gains when the fill is above entry; a short when below.
  const Price move = qty.is_positive() ? fill_price - entry_price : entry_price - fill_price;
  const Money realized = notional(move, closing, rounding::nearest);
  qty += signed_fill;
  if (qty.is_zero()) {
    entry_price = Price{};
  } else if (fill_qty > closing) {
    entry_price = fill_price;  // flipped through zero: the remainder opened at the fill price
  }
  return realized;
}

Money PositionState::unrealized(Price mark) const noexcept {
  if (qty.is_zero()) return {};
  const Price move = qty.is_positive() ? mark - entry_price : entry_price - mark;
  return notional(move, qty.abs(), rounding::nearest);
}

}  // namespace symphony
