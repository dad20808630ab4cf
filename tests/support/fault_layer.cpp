#include "fault_layer.hpp"

#include <algorithm>

namespace symphony::test {

using venue::OrderStatus;
using venue::OrderType;

FaultLayer::FaultLayer(Scheduler& scheduler, venue::ExecutionClient& venue, std::uint64_t seed, FaultRates rates)
    : scheduler_(scheduler), venue_(venue), rates_(rates), rng_(seed) {
  venue_.set_handler(this);
}

void FaultLayer::find(std::string kind, std::string detail) {
  findings_.push_back({std::move(kind), scheduler_.clock().now(), std::move(detail)});
}

void FaultLayer::submit(const venue::OrderRequest& r) {
  if (++submissions_[r.client_order_id] > 1) find("duplicate_client_id", r.client_order_id + " sent again");
  const trading::ManagedOrder* mine = orders_ ? orders_->find(r.client_order_id) : nullptr;
  if (mine && mine->purpose == trading::OrderPurpose::entry && first_account_ts_ < 0)
    find("entry_before_reconciliation", r.client_order_id + " sent before any account snapshot");
  if (r.type == OrderType::stop_market && orders_) {
    bool replaces = false;
    for (const trading::ManagedOrder* o : orders_->working())
      replaces |= o->request.instrument == r.instrument && o->request.type == OrderType::stop_market &&
                  o->request.client_order_id != r.client_order_id && o->status != OrderStatus::pending_new;
    if (replaces && chance(rates_.reject_replacement)) {
      count("rejected_replacement");
      venue::OrderUpdate u;
      u.client_order_id = r.client_order_id;
      u.instrument = r.instrument;
      u.status = OrderStatus::rejected;
      u.reason = "fault layer: replacement refused";
      scheduler_.schedule_after(ns_per_ms, [this, u] { deliver_update(u); });
      return;
    }
  }
  venue_.submit(r);
}

void FaultLayer::cancel(InstrumentId i, const std::string& id) {
  if (chance(rates_.drop_cancel)) {
    count("dropped_cancel");
    return;
  }
  venue_.cancel(i, id);
}

void FaultLayer::deliver_update(const venue::OrderUpdate& u) {
  engine_->on_order_update(u);
  if (!orders_) return;
  if (const trading::ManagedOrder* o = orders_->find(u.client_order_id); o && o->status == OrderStatus::canceled)
    canceled_at_.emplace(u.client_order_id, scheduler_.clock().now());
}

void FaultLayer::on_order_update(const venue::OrderUpdate& u) {
  if (chance(rates_.duplicate)) {
    count("duplicated_update");
    deliver_update(u);
  }
  if (chance(rates_.delay_update)) {
    count("delayed_update");
    scheduler_.schedule_after(upto(rates_.max_update_delay), [this, u] { deliver_update(u); });
    return;
  }
  deliver_update(u);
}

void FaultLayer::deliver_fill(const venue::Fill& f) {
  engine_->on_fill(f);
  if (!orders_) return;
  if (const trading::ManagedOrder* o = orders_->find(f.client_order_id); o && o->status == OrderStatus::canceled)
    canceled_at_.emplace(f.client_order_id, scheduler_.clock().now());
}

void FaultLayer::on_fill(const venue::Fill& f) {
  received_.insert(venue::key_of(f));
  // The venue executed this: was it an order the engine already considered canceled?
  if (const auto it = canceled_at_.find(f.client_order_id); it != canceled_at_.end() && f.ts > it->second)
    find("canceled_then_filled",
         f.client_order_id + " filled " + f.qty.to_string() + " after we considered it canceled");
  if (chance(rates_.corrupt_fill)) {
    count("corrupt_fill");
    venue::Fill bad = f;
    bad.qty = Qty{} - f.qty;
    bad.fill_id = f.fill_id + 1'000'000'000ULL;
    engine_->on_fill(bad);
  }
  if (chance(rates_.duplicate)) {
    count("duplicated_fill");
    deliver_fill(f);
  }
  if (chance(rates_.delay_fill)) {
    count("delayed_fill");
    ++held_fills_[f.instrument];
    scheduler_.schedule_after(upto(rates_.max_fill_delay), [this, f] {
      --held_fills_[f.instrument];
      deliver_fill(f);
    });
    return;
  }
  deliver_fill(f);
}

void FaultLayer::on_account(const venue::AccountSnapshot& a) {
  venue::AccountSnapshot out = a;
  if (!past_accounts_.empty() && chance(rates_.stale_account)) {
    count("stale_account");
    out = past_accounts_[std::uniform_int_distribution<std::size_t>(0, past_accounts_.size() - 1)(rng_)];
  } else if (chance(rates_.blank_account)) {
    count("blank_account");
    std::erase_if(out.positions, [&](const venue::VenuePosition&) { return chance(0.5); });
  }
  past_accounts_.push_back(a);
  if (past_accounts_.size() > 30) past_accounts_.erase(past_accounts_.begin());
  const auto deliver = [this](const venue::AccountSnapshot& s) {
    if (first_account_ts_ < 0) first_account_ts_ = scheduler_.clock().now();
    engine_->on_account(s);
  };
  if (chance(rates_.reorder_account)) {
    count("reordered_account");
    scheduler_.schedule_after(upto(12 * ns_per_s), [deliver, out] { deliver(out); });
    return;
  }
  deliver(out);
}

void FaultLayer::publish(const store::Event& e) {
  if (std::holds_alternative<store::TradeEvent>(e.body) || std::holds_alternative<store::RiskEvent>(e.body))
    events_.push_back(e);
}

void FaultLayer::maybe_fail_store() {
  if (!healthy() || !chance(rates_.store_failure)) return;
  count("store_failure");
  store_down_until_ = scheduler_.clock().now() + 10 * ns_per_s + upto(170 * ns_per_s);
}

int FaultLayer::fills_held(InstrumentId instrument) const {
  const auto it = held_fills_.find(instrument);
  return it == held_fills_.end() ? 0 : it->second;
}

InvariantChecker::InvariantChecker(FaultLayer& layer, VenueTruth venue, const trading::Portfolio& portfolio,
                                   std::size_t instruments, Duration tick, Duration grace)
    : layer_(layer),
      venue_(std::move(venue)),
      portfolio_(portfolio),
      tick_(tick),
      grace_(grace),
      naked_since_(instruments, -1),
      differ_since_(instruments, -1),
      naked_reported_(instruments, false),
      differ_reported_(instruments, false) {}

void InvariantChecker::sample(Timestamp now) {
  const auto stops = venue_.stops();
  for (std::size_t i = 0; i < naked_since_.size(); ++i) {
    const auto id = static_cast<InstrumentId>(i);
    const auto& mine = venue_.instruments;
    if (!mine.empty() && std::find(mine.begin(), mine.end(), id) == mine.end()) continue;
    const Qty v = venue_.position(id);
    bool covered = v.is_zero();
    for (const auto& s : stops)
      covered |= s.instrument == id && s.side == (v.is_positive() ? Side::sell : Side::buy) && s.remaining >= v.abs();
    if (covered) {
      naked_since_[i] = -1;
      naked_reported_[i] = false;
    } else if (naked_since_[i] < 0) {
      naked_since_[i] = now;
    } else if (now - naked_since_[i] > grace_ && !naked_reported_[i]) {
      naked_reported_[i] = true;
      layer_.findings().push_back({"naked_position", now,
                                   "instrument " + std::to_string(i) + ": " + v.to_string() + " without a stop for " +
                                       std::to_string((now - naked_since_[i]) / ns_per_s) + " s"});
    }
    const Qty ours = portfolio_.position(id).qty;
    const bool on_their_way = venue_.executions && venue_.executions() > layer_.fills_received();
    if (ours == v || layer_.fills_held(id) > 0 || on_their_way) {
      differ_since_[i] = -1;
      differ_reported_[i] = false;
    } else if (differ_since_[i] < 0) {
      differ_since_[i] = now;
    } else if (now - differ_since_[i] > tick_ + ns_per_s && !differ_reported_[i]) {
      differ_reported_[i] = true;
      layer_.findings().push_back({"position_differs", now,
                                   "instrument " + std::to_string(i) + ": ours " + ours.to_string() + ", venue " +
                                       v.to_string() + ", no fill in flight"});
    }
  }
  const auto& events = layer_.events();
  for (; trades_seen_ < events.size(); ++trades_seen_)
    if (const auto* t = std::get_if<store::TradeEvent>(&events[trades_seen_].body); t && !t->exit_price.is_positive())
      layer_.findings().push_back({"exit_at_zero", events[trades_seen_].ts,
                                   "trade " + std::to_string(t->trade_id) + " exited at " + t->exit_price.to_string()});
}

}  // namespace symphony::test
