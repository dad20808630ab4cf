#include <symphony/venue/sim/sim_exchange.hpp>

#include <symphony/core/assert.hpp>

#include <algorithm>

namespace symphony::venue::sim {

SimExchange::SimExchange(Scheduler& scheduler, ExchangeConfig config, std::vector<Instrument> instruments,
                         const market::MarketState& market, VenueId venue)
    : scheduler_(scheduler),
      config_(config),
      instruments_(std::move(instruments)),
      slot_(market.size(), -1),
      venue_(venue),
      rng_(config.seed),
      wallet_(config.starting_balance),
      positions_(market.size()),
      position_ts_(market.size(), 0),
      market_(market) {
  for (std::size_t k = 0; k < instruments_.size(); ++k) {
    const InstrumentId id = instruments_[k].id;
    SYMPHONY_ASSERT(id < market.size() && slot_[id] < 0);  // ids index the market state, once each
    slot_[id] = static_cast<int>(k);
  }
}

void SimExchange::submit(const OrderRequest& request) {
  later([this, request] { process_submit(request); });
}

void SimExchange::cancel(InstrumentId, const std::string& client_order_id) {
  later([this, client_order_id] { process_cancel(client_order_id); });
}

void SimExchange::cancel_all(InstrumentId instrument) {
  later([this, instrument] {
    std::vector<std::string> ids;
    for (auto vid : working_) {
      const auto it = orders_.find(vid);
      if (it != orders_.end() && it->second.request.instrument == instrument)
        ids.push_back(it->second.request.client_order_id);
    }
    for (const auto& id : ids) process_cancel(id);
  });
}

void SimExchange::query_order(InstrumentId, const std::string& client_order_id) {
  later([this, client_order_id] { process_query(client_order_id); });
}

void SimExchange::request_account() {
  const Timestamp requested = scheduler_.clock().now();
  later([this, requested] {
    AccountSnapshot snap;
    snap.venue = venue_;
    snap.ts = scheduler_.clock().now();
    snap.requested_ts = requested;
    snap.lists_flat = true;
    snap.wallet_balance = wallet_;
    for (const Instrument& in : instruments_)
      snap.positions.push_back({in.id, positions_[in.id].qty, positions_[in.id].entry_price, position_ts_[in.id]});
    for (auto id : working_) {
      const order& o = orders_.at(id);
      snap.open_orders.push_back({o.request.client_order_id,
                                  o.venue_id,
                                  o.request.instrument,
                                  o.status,
                                  o.filled,
                                  o.filled.is_zero() ? Price{} : price_of(o.filled_notional, o.filled),
                                  snap.ts,
                                  {}});
    }
    later([this, snap] {
      if (handler_) handler_->on_account(snap);
    });
  });
}

std::vector<SimExchange::OpenOrder> SimExchange::open_orders() const {
  std::vector<OpenOrder> out;
  out.reserve(working_.size());
  for (const auto id : working_) {
    const order& o = orders_.at(id);
    out.push_back({o.request, o.filled});
  }
  return out;
}

Money SimExchange::equity() const {
  Money eq = wallet_;
  for (const Instrument& in : instruments_) eq += positions_[in.id].unrealized(mark(in.id));
  return eq;
}

Price SimExchange::mark(InstrumentId id) const { return market_.mark(id).value_or(Price{}); }

std::string SimExchange::validate(const OrderRequest& r) const {
  const Instrument* own_instrument = own(r.instrument);
  if (!own_instrument) return "unknown instrument";
  const Instrument& ins = *own_instrument;
  if (r.client_order_id.empty() || r.client_order_id.size() > 36) return "client order id must be 1 to 36 characters";
  if (by_client_.contains(r.client_order_id)) return "duplicate client order id";
  const bool triggered = r.type == OrderType::stop_market || r.type == OrderType::take_profit_market;
  if (r.close_position && !triggered) return "closePosition is only for stop and take-profit orders";
  if (!r.close_position) {
    if (!r.qty.is_positive()) return "quantity must be positive";
    if (!r.qty.is_multiple_of(ins.step_size)) return "quantity is not a multiple of the step size";
    if (r.qty < ins.min_qty) return "quantity is below the minimum";
  }
  if (r.type == OrderType::limit) {
    if (!r.price.is_positive() || !r.price.is_multiple_of(ins.tick_size))
      return "limit price is not a positive multiple of the tick size";
    if (!r.reduce_only && notional(r.price, r.qty) < ins.min_notional) return "notional is below the minimum";
  }
  if (r.type == OrderType::stop_market || r.type == OrderType::take_profit_market) {
    if (!r.trigger_price.is_positive() || !r.trigger_price.is_multiple_of(ins.tick_size))
      return "trigger price is not a positive multiple of the tick size";
    const auto& trade = market_.at(r.instrument).last_trade();
    const Price last = trade ? trade->price : mark(r.instrument);
    // A trigger already crossed would fire at once; venues reject it rather than surprise.
    const bool stop = r.type == OrderType::stop_market;
    const bool fires = (r.side == Side::sell) == stop ? last <= r.trigger_price : last >= r.trigger_price;
    if (fires) return "order would immediately trigger";
  }
  if (r.type == OrderType::market && !r.reduce_only) {
    if (auto m = book(r.instrument).mid(); m && notional(*m, r.qty) < ins.min_notional)
      return "notional is below the minimum";
  }
  return {};
}

void SimExchange::reject(const OrderRequest& request, std::string reason) {
  OrderUpdate u{request.client_order_id, 0, request.instrument, OrderStatus::rejected, {}, {}, scheduler_.clock().now(),
                std::move(reason)};
  later([this, u] {
    if (handler_) handler_->on_order_update(u);
  });
}

void SimExchange::notify_update(const order& o) {
  OrderUpdate u{o.request.client_order_id,
                o.venue_id,
                o.request.instrument,
                o.status,
                o.filled,
                o.filled.is_zero() ? Price{} : price_of(o.filled_notional, o.filled),
                scheduler_.clock().now(),
                o.reason};
  later([this, u] {
    if (handler_) handler_->on_order_update(u);
  });
}

Qty SimExchange::reducible(InstrumentId id, Side side) const {
  const Qty pos = positions_[id].qty;
  if (side == Side::sell) return pos.is_positive() ? pos : Qty{};
  return pos.is_negative() ? -pos : Qty{};
}

Qty SimExchange::partial_slice(InstrumentId id, Qty qty) {
  if (!rng_.chance(config_.partial_fill_probability)) return qty;
  const Instrument& ins = *own(id);
  const Qty part = ins.round_qty(Qty::from_double(qty.to_double() * rng_.uniform(0.3, 0.8)), rounding::down);
  if (part < ins.min_qty || part >= qty) return qty;
  return part;
}

void SimExchange::process_submit(const OrderRequest& request) {
  if (std::string why = validate(request); !why.empty()) return reject(request, std::move(why));
  if (rng_.chance(config_.reject_probability)) return reject(request, "simulated venue rejection: system busy");
  if (request.type == OrderType::limit && request.time_in_force == TimeInForce::post_only) {
    const auto& b = book(request.instrument);
    const auto best = request.side == Side::buy ? b.best_ask() : b.best_bid();
    if (best && (request.side == Side::buy ? request.price >= best->price : request.price <= best->price))
      return reject(request, "post-only order would take liquidity");
  }
  if (!request.reduce_only) {
    // Cross margin: all positions plus this order must fit within equity × leverage.
    Money exposure;
    for (const Instrument& in : instruments_) exposure += notional(mark(in.id), positions_[in.id].qty.abs());
    const Price px = request.type == OrderType::limit ? request.price : mark(request.instrument);
    exposure += notional(px, request.qty);
    if (exposure > equity() * config_.leverage) return reject(request, "insufficient margin");
  }
  const std::uint64_t id = next_venue_id_++;
  order& o = orders_[id];
  o.request = request;
  o.venue_id = id;
  by_client_[request.client_order_id] = id;
  working_.insert(id);
  notify_update(o);
  switch (request.type) {
    case OrderType::market:
      continue_market(id);
      break;
    case OrderType::limit: {
      take(o, partial_slice(request.instrument, remaining(o)), &o.request.price);
      if (remaining(o).is_zero()) break;
      if (request.time_in_force == TimeInForce::ioc) finish(o, OrderStatus::expired, "immediate-or-cancel remainder");
      break;
    }
    case OrderType::stop_market:
    case OrderType::take_profit_market:
      break;  // rests until triggered by on_market
  }
}

void SimExchange::continue_market(std::uint64_t venue_id) {
  auto it = orders_.find(venue_id);
  if (it == orders_.end() || is_terminal(it->second.status)) return;
  order& o = it->second;
  Qty want = remaining(o);
  if (o.request.reduce_only) {
    want = std::min(want, reducible(o.request.instrument, o.request.side));
    if (want.is_zero()) return finish(o, OrderStatus::expired, "reduce-only order would not reduce the position");
  }
  const Qty slice = partial_slice(o.request.instrument, want);
  const Qty got = take(o, slice, nullptr);
  if (remaining(o).is_zero()) return;
  if (got.is_zero() && slice == want) return finish(o, OrderStatus::expired, "no liquidity");
  if (o.request.reduce_only && reducible(o.request.instrument, o.request.side).is_zero())
    return finish(o, OrderStatus::expired, "position closed; reduce-only remainder expired");
  // The rest executes a little later against the then-current book.
  later([this, venue_id] { continue_market(venue_id); });
}

Qty SimExchange::take(order& o, Qty max_qty, const Price* limit) {
  const auto levels = book(o.request.instrument).liquidity_for(o.request.side);
  Qty left = max_qty;
  if (o.request.reduce_only) left = std::min(left, reducible(o.request.instrument, o.request.side));
  Qty done;
  for (const auto& level : levels) {
    if (left.is_zero()) break;
    if (limit && (o.request.side == Side::buy ? level.price > *limit : level.price < *limit)) break;
    const Qty q = std::min(left, level.qty);
    fill(o, q, level.price, Liquidity::taker);
    left -= q;
    done += q;
  }
  return done;
}

void SimExchange::fill(order& o, Qty qty, Price price, Liquidity liquidity) {
  const InstrumentId id = o.request.instrument;
  const Money realized = positions_[id].apply_fill(o.request.side, qty, price);
  position_ts_[id] = scheduler_.clock().now();
  const Ratio rate = liquidity == Liquidity::maker ? config_.maker_fee : config_.taker_fee;
  const Money fee = scale(notional(price, qty), rate, rounding::up);
  wallet_ += realized - fee;
  o.filled += qty;
  o.filled_notional += notional(price, qty);
  o.status = o.filled == o.request.qty ? OrderStatus::filled : OrderStatus::partially_filled;
  if (o.status == OrderStatus::filled) working_.erase(o.venue_id);
  Fill f{next_fill_id_++, o.request.client_order_id, id, o.request.side, qty, price, fee,
         liquidity,       scheduler_.clock().now()};
  later([this, f] {
    if (handler_) handler_->on_fill(f);
  });
  notify_update(o);
}

void SimExchange::finish(order& o, OrderStatus status, std::string reason) {
  o.status = status;
  o.reason = std::move(reason);
  working_.erase(o.venue_id);
  notify_update(o);
}

void SimExchange::process_cancel(const std::string& client_order_id) {
  auto it = by_client_.find(client_order_id);
  if (it == by_client_.end()) return reply_unknown(client_order_id);
  order& o = orders_.at(it->second);
  if (is_terminal(o.status)) return notify_update(o);  // too late: report how it ended
  finish(o, OrderStatus::canceled, "canceled by client");
}

void SimExchange::process_query(const std::string& client_order_id) {
  auto it = by_client_.find(client_order_id);
  // The venue never saw it: the submit was lost, so the order does not exist.
  if (it == by_client_.end()) return reply_unknown(client_order_id);
  notify_update(orders_.at(it->second));
}

void SimExchange::reply_unknown(const std::string& client_order_id) {
  OrderUpdate u{client_order_id, 0, 0, OrderStatus::rejected, {}, {}, scheduler_.clock().now(), "unknown order"};
  later([this, u] {
    if (handler_) handler_->on_order_update(u);
  });
}

void SimExchange::on_market(InstrumentId id, std::span<const market::TradeTick> trades) {
  if (!own(id)) return;
  // A book out of sequence is not one the venue would match against.
  if (!market_.at(id).builder().usable()) return;
  std::optional<Price> lo, hi;
  for (const auto& t : trades) {
    if (!lo || t.price < *lo) lo = t.price;
    if (!hi || t.price > *hi) hi = t.price;
  }
  if (auto m = book(id).mid()) {
    if (!lo || *m < *lo) lo = *m;
    if (!hi || *m > *hi) hi = *m;
  }
  // Copy the ids: filling erases from working_.
  std::vector<std::uint64_t> ids(working_.begin(), working_.end());
  for (auto vid : ids) {
    auto it = orders_.find(vid);
    if (it == orders_.end() || is_terminal(it->second.status)) continue;
    order& o = it->second;
    if (o.request.instrument != id || !lo) continue;
    const auto& r = o.request;
    switch (r.type) {
      case OrderType::stop_market:
      case OrderType::take_profit_market: {
        const bool stop = r.type == OrderType::stop_market;
        const bool sell_side_trigger = (r.side == Side::sell) == stop;  // fires on a fall
        const bool fired = sell_side_trigger ? *lo <= r.trigger_price : *hi >= r.trigger_price;
        if (!fired) break;
        if (r.close_position) {
          // Closes whatever the position is at the moment it fires.
          o.request.qty = reducible(id, r.side);
          o.request.reduce_only = true;
          if (o.request.qty.is_zero()) {
            finish(o, OrderStatus::expired, "closePosition order fired with no position to close");
            break;
          }
        }
        o.request.type = OrderType::market;  // triggered: executes as a market order now
        continue_market(vid);
        break;
      }
      case OrderType::limit: {
        const auto best = r.side == Side::buy ? book(id).best_ask() : book(id).best_bid();
        const bool touched = best && (r.side == Side::buy ? best->price <= r.price : best->price >= r.price);
        if (!touched) break;
        Qty q = partial_slice(id, remaining(o));
        if (r.reduce_only) q = std::min(q, reducible(id, r.side));
        if (q.is_zero()) {
          finish(o, OrderStatus::expired, "reduce-only order would not reduce the position");
          break;
        }
        fill(o, q, r.price, Liquidity::maker);
        break;
      }
      case OrderType::market:
        break;  // in progress via continue_market
    }
  }
  check_liquidation();
}

void SimExchange::check_liquidation() {
  Money maintenance;
  for (const Instrument& in : instruments_)
    maintenance += scale(notional(mark(in.id), positions_[in.id].qty.abs()), config_.maintenance_margin_rate);
  if (maintenance.is_zero() || equity() > maintenance) return;
  // Margin call: the venue cancels every working order and closes every position.
  ++liquidations_;
  std::vector<std::uint64_t> ids(working_.begin(), working_.end());
  for (auto vid : ids) finish(orders_.at(vid), OrderStatus::canceled, "liquidation");
  for (const Instrument& in : instruments_) {
    const InstrumentId id = in.id;
    if (positions_[id].flat()) continue;
    const Qty qty = positions_[id].qty.abs();
    const Side side = positions_[id].qty.is_positive() ? Side::sell : Side::buy;
    OrderRequest r{"liquidation-" + std::to_string(liquidations_) + "-" + std::to_string(id),
                   id,
                   side,
                   OrderType::market,
                   TimeInForce::ioc,
                   qty,
                   {},
                   {},
                   true};
    const std::uint64_t vid = next_venue_id_++;
    order& o = orders_[vid];
    o.request = r;
    o.venue_id = vid;
    by_client_[r.client_order_id] = vid;
    working_.insert(vid);
    take(o, qty, nullptr);
    if (!remaining(o).is_zero()) {
      // Thin book: the rest goes at the mark, as a venue's insurance fund would take it.
      fill(o, remaining(o), mark(id), Liquidity::taker);
    }
  }
}

}  // namespace symphony::venue::sim
