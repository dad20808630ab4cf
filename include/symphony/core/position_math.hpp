#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>

namespace symphony {

/// A net position: signed quantity (positive long, negative short) at an average entry
/// price. The venue and our portfolio both use this arithmetic, so their books agree to
/// the last 1e-8.
struct PositionState {
  Qty qty;
  Price entry_price;

  /// Applies a fill and returns the P&L it realizes (before fees). Increasing a position
  /// moves the average entry; reducing realizes (fill − entry) × closed quantity; a fill
  /// through zero closes the old position and opens the remainder at the fill price.
  Money apply_fill(Side side, Qty fill_qty, Price fill_price) noexcept;
  /// Unrealized P&L at `mark`.
  [[nodiscard]] Money unrealized(Price mark) const noexcept;
  /// |qty| × entry price.
  [[nodiscard]] Money entry_notional() const noexcept { return notional(entry_price, qty.abs()); }
  [[nodiscard]] bool flat() const noexcept { return qty.is_zero(); }
};

}  // namespace symphony
