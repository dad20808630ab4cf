#include <symphony/core/instrument.hpp>

namespace symphony {

std::string_view to_string(Side s) noexcept { return s == Side::buy ? "buy" : "sell"; }

std::string Instrument::check_order(Price p, Qty q, bool market) const {
  if (!q.is_positive()) return "quantity must be positive";
  const Qty cap = market && market_max_qty.is_positive() ? market_max_qty : max_qty;
  if (cap.is_positive() && q > cap) return "quantity " + q.to_string() + " is above the maximum " + cap.to_string();
  if (!q.is_multiple_of(step_size))
    return "quantity " + q.to_string() + " is not a multiple of step size " + step_size.to_string();
  if (q < min_qty) return "quantity " + q.to_string() + " is below the minimum " + min_qty.to_string();
  if (!p.is_positive()) return "price must be positive";
  if (!p.is_multiple_of(tick_size))
    return "price " + p.to_string() + " is not a multiple of tick size " + tick_size.to_string();
  if (min_price.is_positive() && p < min_price)
    return "price " + p.to_string() + " is below the minimum " + min_price.to_string();
  if (max_price.is_positive() && p > max_price)
    return "price " + p.to_string() + " is above the maximum " + max_price.to_string();
  if (notional(p, q) < min_notional)
    return "notional " + notional(p, q).to_string() + " is below the minimum " + min_notional.to_string();
  return {};
}

std::string Instrument::check_price_band(Side side, Price p, Price mark) const {
  if (side == Side::buy && price_band_up.is_positive()) {
    const Price cap = Price::from_raw(mul_div(mark.raw(), price_band_up.raw(), fixed_scale, rounding::down));
    if (p > cap)
      return "buy price " + p.to_string() + " is above mark × " + price_band_up.to_string() + " = " + cap.to_string();
  }
  if (side == Side::sell && price_band_down.is_positive()) {
    const Price floor = Price::from_raw(mul_div(mark.raw(), price_band_down.raw(), fixed_scale, rounding::up));
    if (p < floor)
      return "sell price " + p.to_string() + " is below mark × " + price_band_down.to_string() + " = " +
             floor.to_string();
  }
  return {};
}

}  // namespace symphony
