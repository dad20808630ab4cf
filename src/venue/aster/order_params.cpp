#include "venue/aster/order_params.hpp"

namespace symphony::venue::aster {

Params order_params(const OrderRequest& r, std::string_view symbol) {
  Params p;
  p.add("symbol", symbol);
  p.add("side", r.side == Side::buy ? "BUY" : "SELL");
  switch (r.type) {
    case OrderType::market:
      p.add("type", "MARKET");
      break;
    case OrderType::limit:
      p.add("type", "LIMIT");
      break;
    case OrderType::stop_market:
      p.add("type", "STOP_MARKET");
      break;
    case OrderType::take_profit_market:
      p.add("type", "TAKE_PROFIT_MARKET");
      break;
  }
  if (r.type == OrderType::limit) {
    switch (r.time_in_force) {
      case TimeInForce::gtc:
        p.add("timeInForce", "GTC");
        break;
      case TimeInForce::ioc:
        p.add("timeInForce", "IOC");
        break;
      case TimeInForce::post_only:
        p.add("timeInForce", "GTX");
        break;
    }
  }
  const bool triggered = r.type == OrderType::stop_market || r.type == OrderType::take_profit_market;
  if (!(triggered && r.close_position)) p.add("quantity", r.qty.to_string());
  if (r.type == OrderType::limit) p.add("price", r.price.to_string());
  if (triggered) {
    p.add("stopPrice", r.trigger_price.to_string());
    p.add("workingType", "CONTRACT_PRICE");
  }
  if (triggered && r.close_position)
    p.add("closePosition", "true");
  else if (r.reduce_only)
    p.add("reduceOnly", "true");
  p.add("newClientOrderId", r.client_order_id);
  p.add("newOrderRespType", "RESULT");
  return p;
}

bool valid_client_order_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 36) return false;
  for (const char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == ':' || c == '/' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace symphony::venue::aster
