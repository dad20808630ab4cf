#include <symphony/trading/order_manager.hpp>

#include <algorithm>

namespace symphony::trading {

using venue::OrderStatus;

std::string_view to_string(OrderPurpose p) noexcept {
  switch (p) {
    case OrderPurpose::entry:
      return "entry";
    case OrderPurpose::stop:
      return "stop";
    case OrderPurpose::take_profit_1:
      return "take_profit_1";
    case OrderPurpose::take_profit_2:
      return "take_profit_2";
    case OrderPurpose::flatten:
      return "flatten";
    case OrderPurpose::cancel_orphan:
      return "cancel_orphan";
  }
  return "?";
}

namespace {
// Forward progress only: the rank of a status along an order's life.
int rank(OrderStatus s) {
  switch (s) {
    case OrderStatus::pending_new:
      return 0;
    case OrderStatus::accepted:
      return 1;
    case OrderStatus::partially_filled:
      return 2;
    default:
      return 3;  // terminal
  }
}
}  // namespace

OrderManager::OrderManager(venue::ExecutionClient& client, const Clock& clock, std::string id_prefix)
    : client_(client), clock_(clock), prefix_(std::move(id_prefix)) {}

void OrderManager::changed(ManagedOrder& o) {
  o.updated_ts = clock_.now();
  if (listener_) listener_(o);
}

const ManagedOrder& OrderManager::submit(venue::OrderRequest request, OrderPurpose purpose, std::uint64_t trade_id,
                                         std::string agent) {
  request.client_order_id = prefix_ + "-" + std::to_string(next_id_++);
  const std::string id = request.client_order_id;
  ManagedOrder& o = orders_[id];
  o.request = std::move(request);
  o.purpose = purpose;
  o.trade_id = trade_id;
  o.agent = std::move(agent);
  o.created_ts = clock_.now();
  working_ids_.push_back(id);
  client_.submit(o.request);
  changed(o);
  return o;
}

bool OrderManager::cancel(const std::string& client_order_id) {
  auto it = orders_.find(client_order_id);
  if (it == orders_.end() || !it->second.working() || it->second.cancel_requested) return false;
  it->second.cancel_requested = true;
  it->second.last_query_ts = clock_.now();
  client_.cancel(it->second.request.instrument, client_order_id);
  return true;
}

const ManagedOrder* OrderManager::on_update(const venue::OrderUpdate& u) {
  auto it = orders_.find(u.client_order_id);
  if (it == orders_.end()) return nullptr;
  ManagedOrder& o = it->second;
  if (!o.working()) return nullptr;  // terminal is final; late or repeated news is ignored
  if (u.venue_order_id != 0) o.venue_order_id = u.venue_order_id;
  // News of fills still on their way is news (the stop follows it) even when the status
  // the fills we have justify stays the same.
  const bool filled_further = u.filled_qty > o.venue_filled;
  if (filled_further) o.venue_filled = u.filled_qty;
  // A new spell of fills on their way; reported again, it stays the same spell (past its
  // grace it is dropped, and stays dropped until our fills catch up).
  if (o.venue_filled > o.filled && o.awaiting_fills_since < 0) {
    o.awaiting_fills_since = clock_.now();
    awaiting_fills_.emplace(u.client_order_id, o.awaiting_fills_since);
  }
  const auto news = [&]() -> const ManagedOrder* {
    if (!filled_further) return nullptr;
    changed(o);
    return &o;
  };
  if (rank(u.status) < rank(o.status)) return news();  // out-of-order older news
  // Fills we have not seen yet: keep the status the fills we have justify; the missing
  // fills move it on when they arrive.
  OrderStatus next = u.status;
  if (next == OrderStatus::partially_filled && o.filled.is_zero()) next = OrderStatus::accepted;
  if (next == OrderStatus::filled && o.filled < o.request.qty && !o.request.close_position)
    next = o.filled.is_zero() ? OrderStatus::accepted : OrderStatus::partially_filled;
  if (rank(next) < rank(o.status)) return news();
  if (next == o.status && u.reason == o.reason) return news();
  o.status = next;
  if (!u.reason.empty()) o.reason = u.reason;
  changed(o);
  return &o;
}

std::pair<const ManagedOrder*, bool> OrderManager::on_fill(const venue::Fill& f) {
  if (!seen_fills_.insert(venue::key_of(f)).second) return {find(f.client_order_id), false};
  auto it = orders_.find(f.client_order_id);
  if (it == orders_.end()) return {nullptr, true};
  ManagedOrder& o = it->second;
  o.filled += f.qty;
  o.filled_notional += notional(f.price, f.qty);
  if (o.filled >= o.venue_filled) {
    awaiting_fills_.erase(f.client_order_id);
    o.awaiting_fills_since = -1;
  }
  if (o.filled >= o.request.qty)
    o.status = OrderStatus::filled;
  else if (o.working())
    o.status = OrderStatus::partially_filled;
  // No listener call here: the caller books the fill first, then reports the change, so
  // whoever reacts to the order sees a portfolio that already includes this fill.
  o.updated_ts = clock_.now();
  return {&o, true};
}

std::size_t OrderManager::query_stale(Duration ack_timeout) {
  const Timestamp now = clock_.now();
  std::size_t queried = 0;
  for (const ManagedOrder* o : working()) {
    const bool unacked = o->status == OrderStatus::pending_new && now - o->created_ts >= ack_timeout;
    const bool cancel_pending = o->cancel_requested && now - o->updated_ts >= ack_timeout;
    if ((unacked || cancel_pending) && now - o->last_query_ts >= ack_timeout) {
      // A cancel unanswered that long was lost or never sent (a rate limit): send it again
      // until the order is known final (a cancel of an order already gone is answered as
      // such), and ask for the order's state meanwhile.
      if (cancel_pending) client_.cancel(o->request.instrument, o->request.client_order_id);
      query(o->request.client_order_id);
      ++queried;
    }
  }
  return queried;
}

void OrderManager::query(const std::string& client_order_id) {
  auto it = orders_.find(client_order_id);
  if (it == orders_.end()) return;
  it->second.last_query_ts = clock_.now();
  client_.query_order(it->second.request.instrument, client_order_id);
}

bool OrderManager::fills_in_flight(InstrumentId instrument, Duration grace) const {
  const Timestamp now = clock_.now();
  bool in_flight = false;
  for (auto it = awaiting_fills_.begin(); it != awaiting_fills_.end();) {
    if (now - it->second >= grace) {
      it = awaiting_fills_.erase(it);  // lost for good: the venue's quantity rules now
      continue;
    }
    in_flight |= orders_.at(it->first).request.instrument == instrument;
    ++it;
  }
  if (in_flight) return true;
  for (const ManagedOrder* o : working())
    if (o->request.instrument == instrument && o->status == OrderStatus::pending_new) return true;
  return false;
}

const ManagedOrder* OrderManager::find(const std::string& client_order_id) const {
  auto it = orders_.find(client_order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

std::vector<const ManagedOrder*> OrderManager::working() const {
  // Drop ids whose orders have ended, keeping creation order for the rest.
  std::erase_if(working_ids_, [&](const std::string& id) { return !orders_.at(id).working(); });
  std::vector<const ManagedOrder*> out;
  out.reserve(working_ids_.size());
  for (const auto& id : working_ids_) out.push_back(&orders_.at(id));
  return out;
}

}  // namespace symphony::trading
