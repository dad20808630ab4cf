#include <symphony/venue/orders.hpp>

namespace symphony::venue {

std::string_view to_string(OrderType t) noexcept {
  switch (t) {
    case OrderType::market:
      return "market";
    case OrderType::limit:
      return "limit";
    case OrderType::stop_market:
      return "stop_market";
    case OrderType::take_profit_market:
      return "take_profit_market";
  }
  return "?";
}

std::string_view to_string(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::gtc:
      return "gtc";
    case TimeInForce::ioc:
      return "ioc";
    case TimeInForce::post_only:
      return "post_only";
  }
  return "?";
}

std::string_view to_string(OrderStatus s) noexcept {
  switch (s) {
    case OrderStatus::pending_new:
      return "pending_new";
    case OrderStatus::accepted:
      return "accepted";
    case OrderStatus::partially_filled:
      return "partially_filled";
    case OrderStatus::filled:
      return "filled";
    case OrderStatus::canceled:
      return "canceled";
    case OrderStatus::rejected:
      return "rejected";
    case OrderStatus::expired:
      return "expired";
  }
  return "?";
}

std::string_view to_string(Liquidity l) noexcept { return l == Liquidity::maker ? "maker" : "taker"; }

}  // namespace symphony::venue
