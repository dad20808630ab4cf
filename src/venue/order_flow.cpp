#include <symphony/venue/order_flow.hpp>

#include <symphony/venue/errors.hpp>

#include <spdlog/spdlog.h>

namespace symphony::venue {

namespace {

const char* name_of(OrderFlow::Call c) {
  switch (c) {
    case OrderFlow::Call::submit:
      return "new order";
    case OrderFlow::Call::cancel:
      return "cancel";
    case OrderFlow::Call::query:
      return "query";
  }
  return "call";
}

}  // namespace

OrderFlow::OrderFlow(Scheduler& scheduler, std::string name, Venue venue)
    : scheduler_(scheduler), name_(std::move(name)), venue_(std::move(venue)) {}

OrderFlow::~OrderFlow() { *alive_ = false; }

void OrderFlow::submitted(const OrderRequest& r, Timestamp deadline) {
  orders_.submitted(r.client_order_id, r.instrument, r.side, deadline);
}

void OrderFlow::reject(const std::string& id, InstrumentId instrument, std::string reason) {
  orders_.rejected(id);
  OrderUpdate u;
  u.client_order_id = id;
  u.instrument = instrument;
  u.status = OrderStatus::rejected;
  u.ts = scheduler_.clock().now();
  u.reason = std::move(reason);
  if (handler_) handler_->on_order_update(u);
}

void OrderFlow::answered(Call call, const std::string& id, InstrumentId instrument, const RestResult& res) {
  if (res.ok()) {
    auto u = venue_.parse_order(res.body);
    if (!u) {
      // A 2xx we cannot read: the order may exist. Treat like a lost answer.
      ++counts_.unknown_outcomes;
      spdlog::error("{}: {} {}: unreadable answer ({}); the order will be queried", name_, name_of(call), id,
                    u.error().what);
      return;
    }
    // A query is made when something was lost: recover missing fills at once.
    learn(*u, call == Call::query ? Duration{0} : fill_grace);
    hand_on(*u);
    return;
  }
  if (call == Call::query && res.code == VenueErrc::unknown_order) return unknown_at_venue(instrument, id);
  if (call == Call::cancel && (res.code == VenueErrc::already_final || res.code == VenueErrc::unknown_order)) {
    // Already final (filled, canceled) or unknown: ask what it is.
    venue_.query_order(instrument, id);
    return;
  }
  if (res.outcome_unknown) {
    ++counts_.unknown_outcomes;
    spdlog::warn("{}: {} {}: outcome unknown ({}); it will be queried, not resent", name_, name_of(call), id,
                 res.describe());
    return;
  }
  if (call == Call::submit) {
    // Refused (4xx with a venue code, a 429) or never sent: final, nothing exists.
    reject(id, instrument, "venue: " + res.describe());
    return;
  }
  spdlog::warn("{}: {} {} failed: {}", name_, name_of(call), id, res.describe());
}

void OrderFlow::unknown_at_venue(InstrumentId instrument, const std::string& id) {
  OrderTracker::Order* o = orders_.find(id);
  const Timestamp now = scheduler_.clock().now();
  if (!o || now >= o->submit_deadline) {
    reject(id, instrument, "unknown at the venue: the order never arrived");
    return;
  }
  spdlog::debug("{}: {} unknown at the venue while its submission may still arrive; asking again", name_, id);
  if (o->requery_scheduled) return;
  o->requery_scheduled = true;
  scheduler_.schedule_after(o->submit_deadline - now, [this, instrument, id, alive = alive_] {
    if (!*alive) return;
    if (OrderTracker::Order* k = orders_.find(id)) k->requery_scheduled = false;
    venue_.query_order(instrument, id);
  });
}

void OrderFlow::all_canceled(InstrumentId instrument) {
  for (const std::string& id : orders_.open_on(instrument)) venue_.query_order(instrument, id);
}

void OrderFlow::update(const OrderUpdate& u, const Fill* f) {
  orders_.learn(u);  // first: the fill then counts against its order
  if (f) fill(*f);
  watch_fills(u.client_order_id, fill_grace);
  hand_on(u);
}

void OrderFlow::fill(const Fill& f) {
  if (orders_.accept(f) && handler_) handler_->on_fill(f);
}

void OrderFlow::recovered(Fill f, std::uint64_t venue_order_id) {
  auto id = orders_.client_id_of(venue_order_id);
  if (!id) return;  // not an order of this run
  f.client_order_id = std::move(*id);
  if (!orders_.accept(f)) return;
  ++counts_.recovered_fills;
  if (handler_) handler_->on_fill(f);
}

void OrderFlow::learn(const OrderUpdate& u, Duration fetch_after) {
  orders_.learn(u);
  watch_fills(u.client_order_id, fetch_after);
}

// When the venue reports more filled than we have fills for, the missing fills are
// fetched after `fetch_after` (stream fills usually follow their update within
// milliseconds), once for however many updates said so meanwhile; at once when a query
// found them missing.
void OrderFlow::watch_fills(const std::string& id, Duration fetch_after) {
  OrderTracker::Order* o = orders_.find(id);
  if (!o || !o->fills_missing() || (o->fetch_scheduled && fetch_after > 0)) return;
  o->fetch_scheduled = true;
  scheduler_.schedule_after(fetch_after, [this, id, alive = alive_] {
    if (!*alive) return;
    OrderTracker::Order* k = orders_.find(id);
    if (!k) return;
    k->fetch_scheduled = false;
    if (k->fills_missing()) venue_.fetch_trades(k->instrument, k->venue_order_id);
  });
}

void OrderFlow::hand_on(const OrderUpdate& u) {
  if (handler_) handler_->on_order_update(u);
}

}  // namespace symphony::venue
