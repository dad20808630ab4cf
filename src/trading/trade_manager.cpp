#include <symphony/trading/trade_manager.hpp>

#include <algorithm>

namespace symphony::trading {

using venue::OrderStatus;
using venue::OrderType;

TradeManager::TradeManager(OrderManager& orders, const Portfolio& portfolio, std::vector<Instrument> instruments,
                           TradeManagerConfig config, const Clock& clock)
    : orders_(orders), portfolio_(portfolio), instruments_(std::move(instruments)), config_(config), clock_(clock) {}

bool TradeManager::working(const std::string& id) const {
  if (id.empty()) return false;
  const ManagedOrder* o = orders_.find(id);
  return o && o->working();
}

TradeManager::trade* TradeManager::by_order(const ManagedOrder& o) {
  auto it = active_.find(o.request.instrument);
  if (it == active_.end() || it->second.id != o.trade_id) return nullptr;
  return &it->second;
}

std::uint64_t TradeManager::open(const TradePlan& plan) {
  if (stopped_) return 0;
  // Record the trade before sending, so answers that arrive during submit find it.
  trade& t = active_[plan.instrument];
  t = trade{};
  t.id = next_trade_id_++;
  t.plan = plan;
  t.opened_ts = clock_.now();
  t.stop_price = plan.stop;
  venue::OrderRequest r;
  r.instrument = plan.instrument;
  r.side = plan.side;
  r.type = OrderType::market;
  r.qty = plan.qty;
  const std::uint64_t id = t.id;
  const std::string agent = plan.agent;
  t.entry_id = orders_.submit(r, OrderPurpose::entry, id, agent).request.client_order_id;
  return id;
}

void TradeManager::submit_exit(trade& t, std::string& slot, OrderType type, Qty qty, Price trigger,
                               OrderPurpose purpose) {
  if (!may_send(purpose)) return;
  venue::OrderRequest r;
  r.instrument = t.plan.instrument;
  r.side = opposite(t.plan.side);
  r.type = type;
  r.qty = qty;
  r.trigger_price = trigger;
  r.reduce_only = true;
  // submit() may call back into on_order; copy what we need first.
  const std::uint64_t id = t.id;
  const std::string agent = t.plan.agent;
  slot = orders_.submit(r, purpose, id, agent).request.client_order_id;
}

Qty TradeManager::cover_qty(const trade& t) const {
  // Our position in the trade's direction: negative if our fills show more exited than
  // entered (an exit's fill arrived before the entry's last one).
  const Qty ours = portfolio_.position(t.plan.instrument).qty;
  Qty pos = t.plan.side == Side::buy ? ours : Qty{} - ours;
  // The venue may report the entry filled before its fills reach us (a lost answer
  // recovered by a query, a lagging user stream): what it holds is ours plus those.
  if (const ManagedOrder* e = orders_.find(t.entry_id); e && e->venue_filled > e->filled)
    pos += e->venue_filled - e->filled;
  return pos.is_positive() ? pos : Qty{};
}

Qty TradeManager::market_chunk(const trade& t, Qty qty) const {
  // A market order above the venue's MARKET_LOT_SIZE is rejected every time: large exits
  // go in pieces, the next sent as each fills.
  const Instrument& ins = instruments_.at(t.plan.instrument);
  const Qty cap = ins.market_max_qty.is_positive() ? ins.market_max_qty : ins.max_qty;
  if (!cap.is_positive() || qty <= cap) return qty;
  return ins.round_qty(cap, rounding::down);
}

bool TradeManager::may_send(OrderPurpose purpose) const {
  return !stopped_ || (keep_protection_ && (purpose == OrderPurpose::stop || purpose == OrderPurpose::flatten));
}

void TradeManager::place_stop(trade& t, Qty qty, Price trigger) {
  if (!may_send(OrderPurpose::stop)) return;
  const Instrument& ins = instruments_.at(t.plan.instrument);
  // Round the trigger away from the position so the stop never tightens by rounding.
  const Price px = ins.round_price(trigger, t.plan.side == Side::buy ? rounding::down : rounding::up);
  t.stop_price = px;
  // The stop in force stays until the venue acknowledges its replacement (on_order cancels
  // it then, and a rejected replacement leaves it in force). A replacement still
  // unanswered is superseded at once: it has not protected anything yet.
  if (working(t.stop_id)) {
    if (orders_.find(t.stop_id)->status == OrderStatus::pending_new) {
      orders_.cancel(t.stop_id);
    } else {
      if (working(t.prev_stop_id)) orders_.cancel(t.prev_stop_id);
      t.prev_stop_id = t.stop_id;
    }
  }
  submit_exit(t, t.stop_id, OrderType::stop_market, qty, px, OrderPurpose::stop);
}

void TradeManager::place_take_profits(trade& t, Qty position) {
  const Instrument& ins = instruments_.at(t.plan.instrument);
  const auto tp = [&](Price target) {
    return ins.round_price(target, t.plan.side == Side::buy ? rounding::up : rounding::down);
  };
  const Qty tp1_working = working(t.tp1_id) ? orders_.find(t.tp1_id)->remaining() : Qty{};
  if (!t.tp1_done && tp1_working.is_zero() && !working(t.tp2_id)) {
    const Qty first = ins.round_qty(
        Qty::from_raw(mul_div(position.raw(), config_.partial_take_profit.raw(), fixed_scale, rounding::down)));
    if (first >= ins.min_qty && position - first >= ins.min_qty) {
      submit_exit(t, t.tp1_id, OrderType::take_profit_market, first, tp(t.plan.target1), OrderPurpose::take_profit_1);
      submit_exit(t, t.tp2_id, OrderType::take_profit_market, position - first, tp(t.plan.target2),
                  OrderPurpose::take_profit_2);
    } else {
      // Too small to split: the whole position exits at target 1.
      t.tp1_done = true;
      submit_exit(t, t.tp2_id, OrderType::take_profit_market, position, tp(t.plan.target1),
                  OrderPurpose::take_profit_2);
    }
    return;
  }
  if (!working(t.tp2_id)) {
    const Qty rest = position - tp1_working;
    if (rest >= ins.min_qty)
      submit_exit(t, t.tp2_id, OrderType::take_profit_market, rest, tp(t.plan.target2), OrderPurpose::take_profit_2);
  }
}

void TradeManager::protect(trade& t, const market::MarketState* market) {
  const Qty pos = cover_qty(t);
  const std::optional<Price> mark = market ? market->mark(t.plan.instrument) : std::nullopt;
  if (mark) t.last_mark = *mark;
  if (t.closing) {
    // Reduce-only, sized to what the venue holds: fills still on their way are closed too.
    if (!pos.is_zero() && !working(t.flatten_id))
      submit_exit(t, t.flatten_id, OrderType::market, market_chunk(t, pos), {}, OrderPurpose::flatten);
    return;
  }
  if (pos.is_zero()) return;
  const bool is_long = t.plan.side == Side::buy;

  const ManagedOrder* stop = working(t.stop_id) ? orders_.find(t.stop_id) : nullptr;
  // No stop, one too small for the position, or one at another price than wanted (a
  // rejected move to breakeven): (re)place it, counting failures.
  if (!stop || stop->remaining() < pos || stop->request.trigger_price != t.stop_price) {
    if (t.stop_failures >= config_.stop_retry_limit) {
      if (on_integrity_)
        on_integrity_("stop_unplaceable", instruments_.at(t.plan.instrument).symbol + ": stop rejected " +
                                              std::to_string(t.stop_failures) + " times; flattening");
      return flatten(t.plan.instrument, "stop_unplaceable");
    }
    const Price trigger = t.stop_price;
    if (mark && (is_long ? *mark <= trigger : *mark >= trigger)) return flatten(t.plan.instrument, "stop_crossed");
    place_stop(t, pos, trigger);
  }
  if (!t.entry_done) return;

  // A target already passed is taken at market rather than sent as a trigger that would
  // be rejected for firing at once.
  const Price target = t.tp1_done ? t.plan.target2 : t.plan.target1;
  if (mark && !working(t.tp1_id) && !working(t.tp2_id) && (is_long ? *mark >= target : *mark <= target)) {
    submit_exit(t, t.tp2_id, OrderType::market, market_chunk(t, pos), {}, OrderPurpose::take_profit_2);
    return;
  }
  place_take_profits(t, pos);
}

void TradeManager::on_order(const ManagedOrder& o) {
  trade* t = by_order(o);
  if (!t) return;
  // The venue says the entry filled further than the fills we have: protection follows
  // the venue's quantity now, not when the fills arrive.
  if (o.purpose == OrderPurpose::entry && o.venue_filled > o.filled && !t->closing) protect(*t, nullptr);
  if (o.working()) {
    // A stop the venue has acknowledged: it counts as placed (failures start again from
    // zero) and, as a replacement, takes over: the one it replaces goes.
    if (o.purpose == OrderPurpose::stop && o.request.client_order_id == t->stop_id &&
        o.status != OrderStatus::pending_new) {
      t->stop_failures = 0;
      if (!t->prev_stop_id.empty()) {
        if (working(t->prev_stop_id)) orders_.cancel(t->prev_stop_id);
        t->prev_stop_id.clear();
      }
    }
    return;
  }
  // Finished, but the venue reports fills we have not received: judge it when they are in
  // (each fill reports the order again).
  if (o.venue_filled > o.filled) return;
  switch (o.purpose) {
    case OrderPurpose::entry:
      if (o.request.client_order_id != t->entry_id) return;
      t->entry_done = true;
      if (cover_qty(*t).is_zero()) {
        close(*t, t->entered.is_zero() ? "entry_" + std::string(venue::to_string(o.status)) : "closed");
        return;
      }
      protect(*t, nullptr);
      return;
    case OrderPurpose::stop:
      if (o.request.client_order_id == t->stop_id && o.status != OrderStatus::filled && !o.cancel_requested) {
        ++t->stop_failures;
        if (on_integrity_)
          on_integrity_("stop_" + std::string(venue::to_string(o.status)),
                        instruments_.at(t->plan.instrument).symbol + ": " + o.reason);
        // The stop it was to replace, if any, stays in force; otherwise the position is
        // naked: re-place at once.
        t->stop_id = working(t->prev_stop_id) ? t->prev_stop_id : std::string();
        t->prev_stop_id.clear();
        protect(*t, nullptr);
      }
      return;
    case OrderPurpose::flatten:
      // Unfilled: monitor retries. Filled with more left (a piece of a large close): the
      // next piece goes now.
      if (o.status != OrderStatus::filled) {
        t->flatten_id.clear();
      } else if (o.request.client_order_id == t->flatten_id && !cover_qty(*t).is_zero()) {
        t->flatten_id.clear();
        protect(*t, nullptr);
      }
      return;
    default:
      return;  // take-profits that end unfilled are re-placed by monitor
  }
}

void TradeManager::on_fill(const ManagedOrder* o, const venue::Fill& f, Money realized) {
  trade* t = nullptr;
  if (o) {
    t = by_order(*o);
  } else if (auto it = active_.find(f.instrument); it != active_.end()) {
    t = &it->second;  // a venue-initiated fill (liquidation) belongs to the open trade
  }
  if (!t) return;
  t->realized += realized;
  t->fees += f.fee;
  if (f.side == t->plan.side) {
    t->entered += f.qty;
    t->entry_notional += notional(f.price, f.qty);
  } else {
    t->exited += f.qty;
    t->exit_notional += notional(f.price, f.qty);
  }
  const Qty pos = cover_qty(*t);
  if (pos.is_zero() && !t->entered.is_zero()) {
    std::string reason = "liquidation";
    if (o) {
      switch (o->purpose) {
        case OrderPurpose::stop:
          // The breakeven stop, once in force; the stop it replaces may fire first.
          reason = t->breakeven && o->request.client_order_id == t->stop_id ? "breakeven_stop" : "stop_loss";
          break;
        case OrderPurpose::take_profit_1:
        case OrderPurpose::take_profit_2:
          reason = "take_profit";
          break;
        case OrderPurpose::flatten:
          reason = t->exit_reason.empty() ? "flatten" : t->exit_reason;
          break;
        default:
          reason = "closed";
      }
    }
    if (working(t->entry_id)) {
      orders_.cancel(t->entry_id);  // closes when the entry's final state arrives
      t->exit_reason = reason;
      return;
    }
    close(*t, reason);
    return;
  }
  if (o && o->purpose == OrderPurpose::take_profit_1 && o->status == OrderStatus::filled && !t->tp1_done) {
    t->tp1_done = true;
    if (config_.breakeven_after_tp1 && !t->breakeven && !t->closing) {
      t->breakeven = true;
      t->stop_price = price_of(t->entry_notional, t->entered);
      place_stop(*t, pos, t->stop_price);
    }
  }
  // Entry fills grow the position: make the stop cover it now, not at the next tick.
  if (o && o->purpose == OrderPurpose::entry && !t->closing) protect(*t, nullptr);
}

void TradeManager::close(trade& t, std::string reason) {
  for (const std::string* id : {&t.entry_id, &t.stop_id, &t.prev_stop_id, &t.tp1_id, &t.tp2_id, &t.flatten_id})
    if (working(*id)) orders_.cancel(*id);
  if (!t.entered.is_zero() && on_closed_) {
    TradeRecord r;
    r.trade_id = t.id;
    r.agent = t.plan.agent;
    r.instrument = t.plan.instrument;
    r.side = t.plan.side;
    r.qty = t.entered;
    r.entry_price = price_of(t.entry_notional, t.entered);
    // What left without our fills (a position the venue no longer shows, adopted as gone)
    // is valued at the last mark seen, never at 0.
    Qty exited = t.exited;
    Money exit_notional = t.exit_notional;
    if (exited < t.entered) {
      const Price at = t.last_mark.is_positive() ? t.last_mark : price_of(t.entry_notional, t.entered);
      exit_notional += notional(at, t.entered - exited);
      exited = t.entered;
    }
    r.exit_price = price_of(exit_notional, exited);
    r.opened_ts = t.opened_ts;
    r.closed_ts = clock_.now();
    r.pnl_gross = t.realized;
    r.fees = t.fees;
    r.pnl_net = t.realized - t.fees;
    r.exit_reason = t.exit_reason.empty() ? std::move(reason) : t.exit_reason;
    on_closed_(r);
  }
  active_.erase(t.plan.instrument);
}

void TradeManager::flatten(InstrumentId instrument, const std::string& reason) {
  auto it = active_.find(instrument);
  if (it == active_.end()) return;
  trade& t = it->second;
  if (!t.closing) {
    t.closing = true;
    t.exit_reason = reason;
    if (working(t.entry_id)) orders_.cancel(t.entry_id);
    for (const std::string* id : {&t.tp1_id, &t.tp2_id})
      if (working(*id)) orders_.cancel(*id);
  }
  if (cover_qty(t).is_zero()) {
    if (!working(t.entry_id)) close(t, reason);
    return;
  }
  protect(t, nullptr);
}

void TradeManager::monitor(const market::MarketState& market) {
  const Timestamp now = clock_.now();
  std::vector<InstrumentId> ids;
  for (const auto& [id, t] : active_) ids.push_back(id);
  for (InstrumentId id : ids) {
    auto it = active_.find(id);
    if (it == active_.end()) continue;
    trade& t = it->second;
    if (!t.entry_done && working(t.entry_id) && now - t.opened_ts >= config_.entry_timeout) orders_.cancel(t.entry_id);
    if (t.entry_done && cover_qty(t).is_zero() && !working(t.entry_id)) {
      close(t, "closed");
      continue;
    }
    protect(t, &market);
  }
  // A position with no trade (an adopted venue position, a late fill) is an orphan: it is
  // flattened rather than left unmanaged.
  for (std::size_t i = 0; i < portfolio_.size(); ++i) {
    const auto id = static_cast<InstrumentId>(i);
    const PositionState& p = portfolio_.position(id);
    // Not while fills of ours are on their way: the position may be theirs, half-booked.
    if (p.flat() || active_.contains(id) || orders_.fills_in_flight(id, config_.fill_grace)) continue;
    if (on_integrity_)
      on_integrity_("orphan_position",
                    instruments_.at(id).symbol + ": " + p.qty.to_string() + " with no trade; flattening");
    trade& t = active_[id];
    t = trade{};
    t.id = next_trade_id_++;
    t.plan =
        TradePlan{"orphan", id, p.qty.is_positive() ? Side::buy : Side::sell, p.qty.abs(), p.entry_price, {}, {}, {}};
    t.opened_ts = now;
    t.entry_done = true;
    t.entered = p.qty.abs();
    t.entry_notional = notional(p.entry_price, p.qty.abs());
    flatten(id, "orphan_position");
  }
}

void TradeManager::stop(bool keep_protection) {
  stopped_ = true;
  keep_protection_ = keep_protection;
}

}  // namespace symphony::trading
