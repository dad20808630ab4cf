#include <symphony/venue/order_tracker.hpp>

namespace symphony::venue {

OrderTracker::Order& OrderTracker::submitted(const std::string& client_order_id, InstrumentId instrument, Side side,
                                             Timestamp deadline) {
  Order& o = orders_[client_order_id];
  o.instrument = instrument;
  o.side = side;
  o.submit_deadline = deadline;
  return o;
}

OrderTracker::Order& OrderTracker::learn(const OrderUpdate& u) {
  Order& o = orders_[u.client_order_id];
  o.instrument = u.instrument;
  if (!is_terminal(o.status)) o.status = u.status;
  if (u.venue_order_id) {
    o.venue_order_id = u.venue_order_id;
    by_venue_id_[u.venue_order_id] = u.client_order_id;
  }
  if (u.filled_qty > o.venue_filled) o.venue_filled = u.filled_qty;
  return o;
}

void OrderTracker::rejected(const std::string& client_order_id) {
  if (const auto it = orders_.find(client_order_id); it != orders_.end()) it->second.status = OrderStatus::rejected;
}

bool OrderTracker::accept(const Fill& fill) {
  if (!delivered_.insert(key_of(fill)).second) return false;
  if (const auto it = orders_.find(fill.client_order_id); it != orders_.end()) it->second.fills_delivered += fill.qty;
  return true;
}

OrderTracker::Order* OrderTracker::find(const std::string& client_order_id) {
  const auto it = orders_.find(client_order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

const OrderTracker::Order* OrderTracker::find(const std::string& client_order_id) const {
  const auto it = orders_.find(client_order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

std::optional<std::string> OrderTracker::client_id_of(std::uint64_t venue_order_id) const {
  const auto it = by_venue_id_.find(venue_order_id);
  if (it == by_venue_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> OrderTracker::open_on(InstrumentId instrument) const {
  std::vector<std::string> out;
  for (const auto& [id, o] : orders_)
    if (o.instrument == instrument && !is_terminal(o.status)) out.push_back(id);
  return out;
}

}  // namespace symphony::venue
