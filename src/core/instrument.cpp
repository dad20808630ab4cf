#include <symphony/core/instrument.hpp>

namespace symphony {

std::string_view to_string(Side s) noexcept { return s == Side::buy ? "buy" : "sell"; }

std::string Instrument::check_order(Price p, Qty q) const {
  if (!q.is_positive()) return "quantity must be positive";
  if (!q.is_multiple_of(step_size))
    return "quantity " + q.to_string() + " is not a multiple of step size " + step_size.to_string();
  if (q < min_qty) return "quantity " + q.to_string() + " is below the minimum " + min_qty.to_string();
  if (!p.is_positive()) return "price must be positive";
  if (!p.is_multiple_of(tick_size))
    return "price " + p.to_string() + " is not a multiple of tick size " + tick_size.to_string();
  if (notional(p, q) < min_notional)
    return "notional " + notional(p, q).to_string() + " is below the minimum " + min_notional.to_string();
  return {};
}

}  // namespace symphony
