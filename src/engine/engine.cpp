#include <symphony/engine/engine.hpp>

#include <symphony/llm/llm_service.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace symphony::engine {

namespace {

store::OrderEvent order_event(const trading::ManagedOrder& o) {
  store::OrderEvent e;
  e.client_order_id = o.request.client_order_id;
  e.venue_order_id = o.venue_order_id;
  e.instrument = o.request.instrument;
  e.side = to_string(o.request.side);
  e.type = venue::to_string(o.request.type);
  e.time_in_force = venue::to_string(o.request.time_in_force);
  e.status = venue::to_string(o.status);
  e.purpose = trading::to_string(o.purpose);
  e.agent = o.agent;
  e.qty = o.request.qty;
  e.price = o.request.price;
  e.trigger_price = o.request.trigger_price;
  e.filled_qty = o.filled;
  e.avg_price = o.avg_price();
  e.reduce_only = o.request.reduce_only;
  e.reason = o.reason;
  return e;
}

// Fills the venue has reported are awaited as long by the trade manager (before calling a
// position an orphan) as by reconciliation (before judging it): twice the ack timeout.
trading::TradeManagerConfig awaiting_fills_for(trading::TradeManagerConfig trade, Duration ack_timeout) {
  trade.fill_grace = 2 * ack_timeout;
  return trade;
}

std::vector<venue::ExecutionClient*> clients_of(const std::vector<VenueLink>& venues) {
  std::vector<venue::ExecutionClient*> out;
  for (const VenueLink& v : venues) out.push_back(&v.execution);
  return out;
}

std::vector<Money> balances_of(const std::vector<VenueLink>& venues) {
  std::vector<Money> out;
  for (const VenueLink& v : venues) out.push_back(v.starting_balance);
  return out;
}

std::vector<VenueId> accounts_of(const venue::InstrumentRegistry& instruments) {
  std::vector<VenueId> out;
  for (std::size_t i = 0; i < instruments.size(); ++i)
    out.push_back(instruments.venue_of(static_cast<InstrumentId>(i)));
  return out;
}

}  // namespace

Engine::Engine(EngineParts parts, EngineConfig config, risk::RiskConfig risk, trading::TradeManagerConfig trade,
               agents::AgentRoster roster, std::string order_id_prefix)
    : parts_(std::move(parts)),
      config_(config),
      market_(parts_.market),
      router_(parts_.instruments, clients_of(parts_.venues)),
      portfolio_(balances_of(parts_.venues), accounts_of(parts_.instruments)),
      orders_(router_, parts_.scheduler.clock(), std::move(order_id_prefix)),
      trades_(orders_, portfolio_, parts_.instruments.all(), awaiting_fills_for(trade, config.ack_timeout),
              parts_.scheduler.clock()),
      risk_(risk, portfolio_.starting_balance(), parts_.scheduler.clock().now()),
      roster_(std::move(roster)),
      consensus_(config.consensus, config.seed),
      conductor_(config.conductor, parts_.instruments.size(), parts_.regime_bus, parts_.llm),
      loop_(parts_.scheduler, config.loop_period, *this),
      fresh_(parts_.instruments.size(), false),
      was_stale_(parts_.instruments.size(), false),
      mark_refused_(parts_.instruments.size(), false),
      last_hold_outcome_(parts_.instruments.size()),
      last_fill_rx_ts_(parts_.instruments.size(), -1),
      last_fill_venue_ts_(parts_.instruments.size(), -1) {
  for (std::size_t v = 0; v < parts_.venues.size(); ++v) {
    VenueState& s = venues_.emplace_back();
    s.name = parts_.instruments.venue_name(static_cast<VenueId>(v));
    // With one venue its account is the whole: the global limits are its own.
    if (parts_.venues.size() > 1) s.risk.emplace(risk, parts_.venues[v].starting_balance, now());
  }
  orders_.set_listener([this](const trading::ManagedOrder& o) { order_changed(o); });
  trades_.set_closed_listener([this](const trading::TradeRecord& r) {
    store::TradeEvent e;
    e.trade_id = r.trade_id;
    e.agent = r.agent;
    e.instrument = r.instrument;
    e.side = to_string(r.side);
    e.qty = r.qty;
    e.entry_price = r.entry_price;
    e.exit_price = r.exit_price;
    e.opened_ts = r.opened_ts;
    e.pnl_gross = r.pnl_gross;
    e.fees = r.fees;
    e.pnl_net = r.pnl_net;
    e.exit_reason = r.exit_reason;
    publish(e);
    ++trades_closed_;
    if (r.pnl_net.is_positive()) ++trades_won_;
    spdlog::info("{} {} {} closed ({}): qty {} entry {} exit {} net {}", parts_.instruments[r.instrument].symbol,
                 r.agent, to_string(r.side), r.exit_reason, r.qty.to_string(), r.entry_price.to_string(),
                 r.exit_price.to_string(), r.pnl_net.to_string());
    publish_transitions(roster_.record_pnl(r.agent, r.pnl_net));
  });
  trades_.set_integrity_listener(
      [this](const std::string& kind, const std::string& detail) { integrity(kind, detail); });
  for (VenueLink& v : parts_.venues) v.feed.set_handler(this);
  router_.set_handler(this);
}

void Engine::publish(store::EventBody body) { parts_.events.publish(store::Event{now(), body}); }

void Engine::integrity(const std::string& kind, const std::string& detail) {
  spdlog::warn("{}: {}", kind, detail);
  publish(store::RiskEvent{kind, detail});
}

void Engine::order_changed(const trading::ManagedOrder& o) {
  publish(order_event(o));
  if (o.status == venue::OrderStatus::rejected)
    spdlog::debug("order {} ({}) rejected: {}", o.request.client_order_id, trading::to_string(o.purpose), o.reason);
  trades_.on_order(o);
}

void Engine::publish_transitions(const std::vector<agents::AgentTransition>& transitions) {
  for (const auto& t : transitions) {
    spdlog::info("agent {}: {} -> {} ({})", t.agent, to_string(t.from), to_string(t.to), t.reason);
    publish(store::AgentStateEvent{t.agent, to_string(t.from), to_string(t.to), t.reason});
  }
}

void Engine::start() {
  for (VenueLink& v : parts_.venues) v.feed.start();
  // No entry before the venue's first account snapshot is reconciled: ask for it now.
  sync_exchange();
  loop_.start();
}

void Engine::stop() {
  if (stopped_) return;
  stopped_ = true;
  stopped_ts_ = now();
  loop_.stop();
  for (VenueLink& v : parts_.venues) v.feed.stop();
  trades_.stop(config_.keep_protective_orders_on_stop);
  std::size_t canceled = 0, kept = 0;
  for (const trading::ManagedOrder* o : orders_.working()) {
    if (config_.keep_protective_orders_on_stop && o->request.reduce_only) {
      ++kept;
      continue;
    }
    canceled += orders_.cancel(o->request.client_order_id) ? 1 : 0;
  }
  if (kept)
    spdlog::info("stopping: canceled {} working orders, left {} protective orders at the venue", canceled, kept);
  else
    spdlog::info("stopping: canceled {} working orders", canceled);
}

void Engine::finish() {
  const Money unrealized = portfolio_.unrealized(market_);
  const Money equity = portfolio_.wallet() + unrealized;
  publish(store::EquityEvent{equity, portfolio_.wallet(), unrealized, portfolio_.exposure(market_)});
  publish(store::RunEnded{equity, stopped_ts_});
}

void Engine::update_agent_activity() {
  publish_transitions(roster_.update(now()));
  drain_llm();
}

void Engine::drain_llm() {
  if (!parts_.llm) return;
  llm::LlmService::Drained d = parts_.llm->drain();
  for (const llm::LlmCallRecord& c : d.calls) {
    const llm::LlmResult& r = c.result;
    store::LlmCallEvent e;
    e.agent = c.agent;
    e.provider = llm::to_string(r.provider);
    e.model = r.model;
    e.tier = llm::to_string(c.tier);
    e.outcome = llm::to_string(r.outcome);
    e.tokens_in = r.usage.input;
    e.tokens_cached = r.usage.cached;
    e.tokens_out = r.usage.output;
    e.cost = r.cost;
    e.latency_ns = r.latency;
    e.attempts = r.attempts;
    e.from_cache = r.from_cache;
    e.reason = r.reason;
    publish(e);
    if (!r.ok() && r.outcome != llm::Outcome::not_cached && r.outcome != llm::Outcome::disabled)
      spdlog::warn("LLM call of {} to {} {} failed ({}): {}", c.agent, llm::to_string(r.provider), r.model,
                   llm::to_string(r.outcome), r.reason);
  }
  for (const llm::LlmNotice& n : d.notices) {
    const char* kind = n.kind == llm::LlmNotice::Kind::budget    ? "llm_budget"
                       : n.kind == llm::LlmNotice::Kind::breaker ? "llm_breaker"
                                                                 : "llm_cache";
    integrity(kind, n.detail);
  }
  for (const agents::RegimeClassification& c : conductor_.take_refined()) publish_regime(c);
}

void Engine::check_pending_orders() { orders_.query_stale(config_.ack_timeout); }

void Engine::monitor_positions() { trades_.monitor(market_); }

void Engine::sync_exchange() {
  const Timestamp t = now();
  for (std::size_t v = 0; v < venues_.size(); ++v) {
    VenueState& s = venues_[v];
    // A venue that leaves its account requests unanswered is down: no new trades there.
    if (s.sync_in_flight && !s.down && t - s.unanswered_since >= config_.venue_down_after) {
      s.down = true;
      integrity("venue_down", s.name + ": account requests unanswered for " + format_elapsed(t - s.unanswered_since) +
                                  "; no new trades on " + s.name + " until it answers, the other venues trade on");
    }
    // One request in flight per venue; a lost answer is retried after the ack timeout.
    if (s.sync_in_flight && t - s.sync_requested_ts < config_.ack_timeout) continue;
    if (!s.sync_in_flight) s.unanswered_since = t;
    s.sync_in_flight = true;
    s.sync_requested_ts = t;
    router_.request_account(static_cast<VenueId>(v));
  }
}

std::string Engine::venue_halted(VenueId v) const {
  const VenueState& s = venues_.at(v);
  // What the venue already holds is unknown until its first snapshot is reconciled.
  if (!s.reconciled) return "waiting for the venue's first account reconciliation (" + s.name + ")";
  if (!s.blocked.empty()) return s.blocked;
  if (s.down) return s.name + " is not answering account requests";
  if (s.risk && s.risk->kill_switch()) return s.name + "'s kill switch is tripped: " + s.risk->kill_reason();
  return {};
}

risk::AccountView Engine::account_view(std::optional<VenueId> v) const {
  risk::AccountView a;
  a.equity = v ? portfolio_.equity(market_, *v) : portfolio_.equity(market_);
  a.exposure = v ? portfolio_.exposure(market_, *v) : portfolio_.exposure(market_);
  a.open_positions = v ? portfolio_.open_positions(*v) : portfolio_.open_positions();
  for (const trading::ManagedOrder* o : orders_.working())
    if (!v || parts_.instruments.venue_of(o->request.instrument) == *v)
      a.pending_entries += o->purpose == trading::OrderPurpose::entry && o->filled.is_zero();
  return a;
}

void Engine::fetch_market_data() {
  const Timestamp t = now();
  for (std::size_t i = 0; i < parts_.instruments.size(); ++i) {
    // Read what the rest of the process reads: the published snapshot.
    const market::MarketSnapshot snap = market_.snapshot(static_cast<InstrumentId>(i));
    const bool in_sync = snap.sync == market::book_sync::live || snap.sync == market::book_sync::syncing;
    const bool sane = snap.condition == market::book_condition::normal;
    const bool recent = snap.last_event_ts > 0 && snap.age(t) <= config_.stale_after;
    const bool fresh = in_sync && sane && recent;
    if (!fresh && !was_stale_[i]) {
      std::string why;
      if (!in_sync) {
        why = std::string("book ") + std::string(market::to_string(snap.sync));
      } else if (!sane) {
        why = "book not two-sided and uncrossed";
      } else {
        const Duration age = std::max<Duration>(snap.age(t), 1);
        // Whole milliseconds (simulated time) stay exact; real-time ages are rounded.
        why = "no update for " + (age % ns_per_ms == 0 ? format_duration(age) : format_elapsed(age));
      }
      integrity("stale_market_data", parts_.instruments[i].symbol + ": " + why);
    } else if (fresh && was_stale_[i]) {
      // The end of the stale spell: from this tick on the instrument may trade again.
      const std::string detail = parts_.instruments[i].symbol + ": fresh again";
      spdlog::info("market_data_fresh: {}", detail);
      publish(store::RiskEvent{"market_data_fresh", detail});
    }
    was_stale_[i] = !fresh;
    fresh_[i] = fresh;
  }
  if (conductor_.due(t)) classify_regime();
}

void Engine::publish_regime(const agents::RegimeClassification& c) {
  const auto truth = parts_.true_regime ? parts_.true_regime() : std::nullopt;
  store::RegimeEvent e;
  e.instrument = c.instrument;
  e.regime = c.regime;
  e.confidence = c.confidence;
  e.trend_strength = c.trend_strength;
  e.volatility_level = c.volatility_level;
  e.ts_us = c.ts_us;
  e.source = c.source;
  e.has_true_regime = truth.has_value();
  e.true_regime = truth.value_or(Regime::range_bound);
  publish(e);
  if (c.instrument == agents::RegimeClassification::market_scope && c.regime != last_logged_regime_) {
    last_logged_regime_ = c.regime;
    spdlog::info("market regime {} by {} (confidence {:.2f}, trend {:+.2f}, volatility {:.2f}x quiet)",
                 to_string(c.regime), c.source, c.confidence, c.trend_strength, c.volatility_level);
  }
}

void Engine::classify_regime() {
  for (const agents::RegimeClassification& c : conductor_.classify(market_, now())) publish_regime(c);
}

void Engine::check_liquidation_risk() {
  const Money unrealized = portfolio_.unrealized(market_);
  const Money equity = portfolio_.wallet() + unrealized;
  const Money exposure = portfolio_.exposure(market_);
  publish(store::EquityEvent{equity, portfolio_.wallet(), unrealized, exposure});
  const bool was_killed = risk_.kill_switch();
  for (const auto& b : risk_.on_equity(now(), equity)) integrity(b.kind, b.detail);
  // Each account's own limits (with more than one venue): its kill switch closes its
  // positions alone.
  for (std::size_t v = 0; v < venues_.size(); ++v) {
    VenueState& s = venues_[v];
    if (!s.risk) continue;
    const bool venue_was_killed = s.risk->kill_switch();
    for (const auto& b : s.risk->on_equity(now(), portfolio_.equity(market_, static_cast<VenueId>(v))))
      integrity(b.kind, s.name + ": " + b.detail);
    if (s.risk->kill_switch() && !venue_was_killed && !risk_.kill_switch())
      for (const InstrumentId id : parts_.instruments.instruments_of(static_cast<VenueId>(v)))
        trades_.flatten(id, "kill_switch");
  }
  // Trading on without a record would break "everything is an event": while the store
  // fails no new position is opened, but nothing is closed for it either: the open ones
  // keep their stops and targets (the store spools what it cannot write).
  const bool failing = !parts_.events.healthy();
  if (failing && !store_failing_) {
    spdlog::error("store_failure: events cannot be persisted; no new entries until the store recovers");
    integrity("store_failure", "events cannot be persisted; no new entries, open positions keep their protection");
  } else if (!failing && store_failing_) {
    spdlog::info("store_recovered: events are persisted again; entries resume");
    publish(store::RiskEvent{"store_recovered", "events are persisted again; entries resume"});
  }
  store_failing_ = failing;
  if (risk_.kill_switch() && !was_killed) {
    for (std::size_t i = 0; i < parts_.instruments.size(); ++i)
      trades_.flatten(static_cast<InstrumentId>(i), "kill_switch");
    return;
  }
  for (std::size_t v = 0; v < venues_.size(); ++v) check_margin(static_cast<VenueId>(v));
}

void Engine::check_margin(VenueId v) {
  // Margin ratio, per venue account: maintenance margin over equity. Near 1 the venue
  // liquidates; well before that we cut the account's largest position ourselves.
  const Money equity = portfolio_.equity(market_, v);
  const Money maintenance = scale(portfolio_.exposure(market_, v), config_.maintenance_margin_rate, rounding::up);
  if (maintenance.is_zero()) return;
  if (equity.is_positive() && ratio_of(maintenance, equity) < config_.max_margin_ratio) return;
  const std::vector<InstrumentId>& ids = parts_.instruments.instruments_of(v);
  InstrumentId largest = ids.front();
  Money most;
  for (const InstrumentId id : ids) {
    const auto m = market_.mark(id);
    const Money n = m ? notional(*m, portfolio_.position(id).qty.abs()) : Money{};
    if (n > most) {
      most = n;
      largest = id;
    }
  }
  integrity("margin_ratio", "maintenance " + maintenance.to_string() + " against equity " + equity.to_string() +
                                "; reducing " + parts_.instruments[largest].symbol);
  trades_.flatten(largest, "margin_ratio");
}

void Engine::execute_new_trades() {
  const Timestamp t = now();
  const Regime regime = conductor_.market_regime().value_or(Regime::range_bound);
  risk::AccountView account = account_view(std::nullopt);
  std::vector<risk::AccountView> venue_accounts;
  std::vector<std::string> halted;
  for (std::size_t v = 0; v < venues_.size(); ++v) {
    halted.push_back(venue_halted(static_cast<VenueId>(v)));
    if (venues_[v].risk) venue_accounts.push_back(account_view(static_cast<VenueId>(v)));
  }
  consensus_.next_turn();
  const double threshold = config_.consensus.threshold;
  for (std::size_t i = 0; i < parts_.instruments.size(); ++i) {
    const auto id = static_cast<InstrumentId>(i);
    if (!fresh_[i]) continue;  // never act on stale data
    const Instrument& ins = parts_.instruments[i];
    // Every agent allowed to act votes; the consensus turns the votes into one decision.
    votes_.clear();
    vote_agent_.clear();
    for (std::size_t a = 0; a < roster_.size(); ++a) {
      if (roster_.state(a) != agents::AgentState::active) continue;
      agents::Agent& agent = roster_.agent(a);
      // The agent's regime table decides how far it may go in this regime.
      votes_.push_back(
          {agent.id(),
           agents::apply_regime(roster_.regimes(a), regime,
                                agent.decide(agents::AgentContext{ins, market_.at(id), regime, t})),
           config_.consensus.weights == agents::VoteWeights::track_record ? roster_.track_record_weight(a) : 1.0});
      vote_agent_.push_back(a);
    }
    if (votes_.empty()) continue;
    const agents::ConsensusResult r = consensus_.combine(votes_);
    std::string outcome = r.reason;
    bool acted = false;
    const VenueId vid = parts_.instruments.venue_of(id);
    VenueState& venue = venues_[vid];
    if (r.action != agents::Action::hold && !halted[vid].empty()) {
      outcome += "; not traded: " + halted[vid];
    } else if (r.action != agents::Action::hold && (store_failing_ || !parts_.events.healthy())) {
      outcome += "; not traded: the event store is failing";
    } else if (r.action != agents::Action::hold) {
      const Side side = r.action == agents::Action::buy ? Side::buy : Side::sell;
      account.has_position_on_instrument = !trades_.idle(id) || !portfolio_.position(id).flat();
      const risk::TradeIntent intent{id, side, r.entry, r.stop};
      risk::Verdict v = risk_.check(intent, ins, account);
      if (v.approved && venue.risk) {
        // The venue account's own limits too, sized on its own equity: the smaller wins.
        risk::AccountView& mine = venue_accounts[vid];
        mine.has_position_on_instrument = account.has_position_on_instrument;
        const risk::Verdict own = venue.risk->check(intent, ins, mine);
        if (!own.approved)
          v = {false, {}, venue.name + " account: " + own.reason};
        else
          v.qty = std::min(v.qty, own.qty);
      }
      if (v.approved) {
        const std::string_view lead = votes_[*r.lead].agent;
        trades_.open({std::string(lead), id, side, v.qty, r.entry, r.stop, r.target1, r.target2});
        ++account.pending_entries;
        for (const std::size_t b : r.backers) roster_.agent(vote_agent_[b]).acted(ins, votes_[b].decision);
        account.exposure += notional(r.entry, v.qty);
        ++account.open_positions;
        if (venue.risk) {
          risk::AccountView& mine = venue_accounts[vid];
          ++mine.pending_entries;
          mine.exposure += notional(r.entry, v.qty);
          ++mine.open_positions;
        }
        acted = true;
        spdlog::info("{} {} {} qty {} at ~{} stop {} targets {}/{} (confidence {:.2f}; {})", ins.symbol, lead,
                     agents::to_string(r.action), v.qty.to_string(), r.entry.to_string(), r.stop.to_string(),
                     r.target1.to_string(), r.target2.to_string(), r.confidence, r.reason);
      } else {
        outcome += "; risk refused: " + v.reason;
      }
    }
    for (std::size_t k = 0; k < votes_.size(); ++k) {
      const agents::Decision& d = votes_[k].decision;
      store::DecisionEvent ev;
      ev.agent = votes_[k].agent;
      ev.instrument = id;
      ev.action = agents::to_string(d.action);
      ev.confidence = d.confidence;
      ev.entry = d.entry;
      ev.stop = d.stop;
      ev.target1 = d.target1;
      ev.target2 = d.target2;
      ev.acted = acted && std::find(r.backers.begin(), r.backers.end(), k) != r.backers.end();
      std::string reason = d.reason;
      if (d.action != agents::Action::hold && d.confidence < threshold) reason += "; below confidence threshold";
      // A vote is stored when it acted or differs (action, confidence, reason) from the
      // agent's last stored vote on this instrument; an unchanged vote stands until the
      // next stored one (a HOLD repeated every tick is stored once).
      std::string key = fmt::format("{}|{:.2f}|{}", ev.action.view(), d.confidence, reason);
      std::string& last = last_vote_[{vote_agent_[k], id}];
      if (!ev.acted && last == key) continue;
      last = ev.acted ? std::string() : std::move(key);
      ev.reason = reason;
      publish(ev);
    }
    store::CoordinationEvent c;
    c.instrument = id;
    c.mode = agents::to_string(config_.consensus.mode);
    c.policy = agents::to_string(config_.consensus.policy);
    c.action = agents::to_string(r.action);
    c.confidence = r.confidence;
    if (r.lead) c.lead = votes_[*r.lead].agent;
    c.voters = static_cast<std::uint32_t>(votes_.size());
    c.backers = static_cast<std::uint32_t>(r.backers.size());
    c.conflict = r.conflict;
    c.acted = acted;
    c.reason = outcome;
    // Likewise an unchanged HOLD outcome (same reason, voters, backers and conflict). In
    // independent mode whose turn it was rotates every tick: "X's turn: HOLD" is one outcome.
    std::optional<std::string>& last = last_hold_outcome_[i];
    if (r.action == agents::Action::hold && !acted) {
      std::string_view what = outcome;
      if (config_.consensus.mode == agents::ConsensusMode::independent)
        if (const auto at = what.find("'s turn: "); at != std::string_view::npos) what.remove_prefix(at + 9);
      std::string key = fmt::format("{}|{}|{}|{}", c.voters, c.backers, c.conflict, what);
      if (last == key) continue;
      last = std::move(key);
    } else {
      last.reset();
    }
    publish(c);
  }
}

void Engine::log_status() {
  const Money equity = portfolio_.equity(market_);
  std::string positions;
  for (std::size_t i = 0; i < portfolio_.size(); ++i) {
    const PositionState& p = portfolio_.position(static_cast<InstrumentId>(i));
    if (p.flat()) continue;
    positions +=
        fmt::format("{}{} {} {} @ {}", positions.empty() ? "" : ", ", parts_.instruments[i].symbol,
                    p.qty.is_positive() ? "long" : "short", p.qty.abs().to_string(), p.entry_price.to_string());
  }
  spdlog::info("status: equity {} ({:+.2f}%), fees {}, trades {} ({} won), regime {}, positions: {}",
               equity.to_string(),
               100.0 * (equity - portfolio_.starting_balance()).to_double() / portfolio_.starting_balance().to_double(),
               portfolio_.fees_total().to_string(), trades_closed_, trades_won_,
               conductor_.market_regime() ? to_string(*conductor_.market_regime()) : "UNCLASSIFIED",
               positions.empty() ? "none" : positions);
}

void Engine::tick_done(const TickStats& stats) {
  if (now() >= next_status_ts_) {
    if (next_status_ts_ != 0) log_status();
    next_status_ts_ = (now() / config_.status_interval + 1) * config_.status_interval;
  }
  store::LoopTickEvent e;
  e.tick = stats.tick;
  e.lateness_ns = stats.lateness;
  e.regime_known = conductor_.market_regime().has_value();
  e.regime = conductor_.market_regime().value_or(Regime::range_bound);
  e.phase_ns = stats.phase_ns;
  publish(e);
}

market::book_status Engine::on_book(const market::BookSnapshot& snapshot) {
  market_.on_time(snapshot.ts);
  const market::book_status st = market_.on_snapshot(snapshot);
  if (st != market::book_status::ok && snapshot.instrument < parts_.instruments.size()) {
    // A rejected snapshot (unsorted, off the tick grid, crossed) means the feed or the
    // instrument's tick size is wrong: worth a warning. An ignored one is a harmless replay.
    if (st == market::book_status::ignored) {
      spdlog::debug("{}: book snapshot ignored (older than the book)", parts_.instruments[snapshot.instrument].symbol);
    } else {
      spdlog::warn("{}: book snapshot {}", parts_.instruments[snapshot.instrument].symbol, market::to_string(st));
    }
  }
  return st;
}

market::book_status Engine::on_book_diff(const market::BookDiff& diff) {
  market_.on_time(diff.ts);
  const market::book_status st = market_.on_diff(diff);
  if (market::needs_resync(st) && diff.instrument < parts_.instruments.size())
    spdlog::warn("{}: book {} at update {}; waiting for a new snapshot", parts_.instruments[diff.instrument].symbol,
                 market::to_string(st), diff.last_update_id);
  return st;
}

market::warm_up_status Engine::on_klines(InstrumentId instrument, market::Timeframe timeframe,
                                         std::span<const market::Candle> bars) {
  std::size_t accepted = 0;
  const market::warm_up_status st = market_.warm_up(instrument, timeframe, bars, accepted);
  if (st != market::warm_up_status::ok && instrument < parts_.instruments.size())
    spdlog::warn("{}: {} klines refused: {}", parts_.instruments[instrument].symbol, market::to_string(timeframe),
                 market::to_string(st));
  return st;
}

void Engine::on_feed_interrupted(InstrumentId instrument) { market_.invalidate(instrument); }

void Engine::on_trade(const market::TradeTick& trade) { market_.on_trade(trade); }

void Engine::on_ticker(const market::Ticker& ticker) { market_.on_ticker(ticker); }

void Engine::on_mark_price(const market::MarkPrice& mark) {
  const bool kept = market_.on_mark_price(mark);
  if (mark.instrument >= mark_refused_.size()) return;
  // One alarm per spell of refused marks; the count covers all of them.
  if (!kept && !mark_refused_[mark.instrument]) {
    const auto ref = market_.mark(mark.instrument);
    integrity("mark_refused",
              fmt::format("{}: mark price {} is not within {:g}% of the book ({}); P&L and risk use the book until a "
                          "sane mark arrives ({} refused so far)",
                          parts_.instruments[mark.instrument].symbol, mark.mark.to_string(),
                          market_.config().mark.max_deviation * 100, ref ? ref->to_string() : std::string("none"),
                          market_.marks_refused()));
  }
  mark_refused_[mark.instrument] = !kept;
}

void Engine::on_order_update(const venue::OrderUpdate& update) { orders_.on_update(update); }

void Engine::on_fill(const venue::Fill& f) {
  // Adapters refuse these as malformed; a fill that still carries one books nothing.
  if (!f.qty.is_positive() || !f.price.is_positive() || f.instrument >= parts_.instruments.size()) {
    integrity("malformed_fill", f.client_order_id + ": fill " + std::to_string(f.fill_id) + " of " + f.qty.to_string() +
                                    " at " + f.price.to_string() + " is not booked");
    return;
  }
  const auto [order, fresh] = orders_.on_fill(f);
  if (!fresh) return;  // a repeated delivery
  // An entry's first fill makes it a trade under the trades-per-day limit.
  if (order && order->purpose == trading::OrderPurpose::entry && order->filled == f.qty) {
    risk_.on_trade_opened();
    if (auto& own = venues_[parts_.instruments.venue_of(f.instrument)].risk) own->on_trade_opened();
  }
  const Money realized = portfolio_.apply_fill(f);
  if (f.instrument < last_fill_rx_ts_.size()) {
    last_fill_rx_ts_[f.instrument] = now();
    last_fill_venue_ts_[f.instrument] = std::max(last_fill_venue_ts_[f.instrument], f.ts);
  }
  publish(store::FillEvent{f.fill_id, f.client_order_id, f.instrument, to_string(f.side), f.qty, f.price, f.fee,
                           venue::to_string(f.liquidity), realized});
  const PositionState& p = portfolio_.position(f.instrument);
  publish(store::PositionEvent{f.instrument, p.qty, p.entry_price, portfolio_.realized(f.instrument),
                               portfolio_.fees(f.instrument)});
  if (!order)
    integrity("unknown_order_fill",
              f.client_order_id + " filled " + f.qty.to_string() + " on " + parts_.instruments.at(f.instrument).symbol);
  trades_.on_fill(order, f, realized);
  if (order) order_changed(*order);
}

void Engine::on_trading_blocked(VenueId venue, const std::string& reason) {
  if (venue >= venues_.size()) {
    integrity("unknown_venue", "venue " + std::to_string(venue) + " reported a block of trading; it is not ours");
    return;
  }
  VenueState& s = venues_[venue];
  if (reason == s.blocked) return;
  if (!reason.empty()) {
    integrity("venue_blocked", reason + "; no new trades on " + s.name + " until it is resolved");
  } else {
    spdlog::info("venue_unblocked: trading on {} resumes ({} is resolved)", s.name, s.blocked);
    publish(store::RiskEvent{"venue_unblocked", "trading on " + s.name + " resumes: " + s.blocked + " is resolved"});
  }
  s.blocked = reason;
}

void Engine::on_account(const venue::AccountSnapshot& account) {
  if (account.venue >= venues_.size()) {
    integrity("unknown_venue", "an account snapshot of venue " + std::to_string(account.venue) +
                                   " arrived; it is not ours and is ignored");
    return;
  }
  VenueState& s = venues_[account.venue];
  // Any answer, even a late one, shows the venue alive.
  s.unanswered_since = now();
  // Snapshots are judged in the order they were asked for: one that arrives after a newer
  // one (a slow answer overtaken by the next) is older than what we know, and says nothing.
  const bool known = account.requested_ts >= 0;
  if (known && account.requested_ts < s.last_snapshot_requested_ts) {
    ++s.snapshots_ignored;
    spdlog::debug("{}: account snapshot asked for at {} arrived after a newer one; ignored", s.name,
                  account.requested_ts);
    return;
  }
  s.last_snapshot_requested_ts = std::max(s.last_snapshot_requested_ts, account.requested_ts);
  s.sync_in_flight = false;
  if (s.down) {
    s.down = false;
    spdlog::info("venue_up: {} answers again; new trades on it resume", s.name);
    publish(store::RiskEvent{"venue_up", s.name + " answers account requests again; new trades on it resume"});
  }
  // The first snapshot comes before any order of ours: what it shows is the venue's, and
  // adopted at once. Entries there wait for it (venue_halted).
  const bool first = !s.reconciled;
  s.reconciled = true;
  reconcile_positions(account, first);
  const std::vector<InstrumentId>& ids = parts_.instruments.instruments_of(account.venue);
  const bool judging =
      std::any_of(ids.begin(), ids.end(), [&](InstrumentId id) { return pending_mismatch_.contains(id); });
  const Money ours = portfolio_.wallet(account.venue);
  if (account.wallet_balance != ours && account.wallet_balance != s.last_wallet_mismatch && !judging) {
    s.last_wallet_mismatch = account.wallet_balance;
    integrity("balance_mismatch",
              s.name + ": ours " + ours.to_string() + ", venue " + account.wallet_balance.to_string());
  }
  reconcile_orders(account);
}

void Engine::reconcile_positions(const venue::AccountSnapshot& account, bool first) {
  // Positions: the venue is the source of truth, but a snapshot can be stale (asked for
  // before our last fill, or a venue row older than it), blank (no row for an
  // instrument), or cross fills in flight. None of those is judged. A difference must show
  // in two snapshots in a row, unchanged, before we adopt the venue's; at the first
  // sighting our working orders there are queried directly, so a fill we missed (a stop
  // that fired) shows up as in flight instead of as a vanished position. Only the
  // snapshot's own venue's instruments are judged: another venue's positions are not in it.
  const bool known = account.requested_ts >= 0;
  std::vector<std::optional<venue::VenuePosition>> rows(portfolio_.size());
  for (const auto& p : account.positions) {
    if (p.instrument < rows.size() && parts_.instruments.venue_of(p.instrument) == account.venue)
      rows[p.instrument] = p;
    else
      foreign_row(account.venue, "a position on instrument " + std::to_string(p.instrument));
  }
  const Duration fill_grace = 2 * config_.ack_timeout;  // as the trade manager's (awaiting_fills_for)
  for (const InstrumentId id : parts_.instruments.instruments_of(account.venue)) {
    const std::size_t i = id;
    const Qty ours = portfolio_.position(id).qty;
    const bool reported = rows[i].has_value() || !account.lists_flat || first;
    const Qty venue_qty = rows[i] ? rows[i]->qty : Qty{};
    const Price venue_entry = rows[i] ? rows[i]->entry_price : Price{};
    const bool stale = !first && ((known && account.requested_ts <= last_fill_rx_ts_[i]) ||
                                  (rows[i] && rows[i]->update_ts != 0 && rows[i]->update_ts < last_fill_venue_ts_[i]));
    if (ours == venue_qty || !reported || stale || orders_.fills_in_flight(id, fill_grace)) {
      pending_mismatch_.erase(id);
      continue;
    }
    auto it = pending_mismatch_.find(id);
    // The same answer delivered twice is one sighting, not two.
    if (it != pending_mismatch_.end() && known && it->second.requested_ts == account.requested_ts) continue;
    if (first || (it != pending_mismatch_.end() && it->second.qty == venue_qty)) {
      integrity(first ? "position_found" : "position_mismatch",
                parts_.instruments[id].symbol + ": ours " + ours.to_string() + ", venue " + venue_qty.to_string() +
                    (first ? " at the first reconciliation; adopting the venue's" : "; adopting the venue's"));
      portfolio_.adopt_position(id, venue_qty, venue_entry);
      if (it != pending_mismatch_.end()) pending_mismatch_.erase(it);
    } else {
      pending_mismatch_[id] = {venue_qty, account.requested_ts};
      for (const trading::ManagedOrder* o : orders_.working())
        if (o->request.instrument == id) orders_.query(o->request.client_order_id);
    }
  }
}

void Engine::foreign_row(VenueId venue, const std::string& what) {
  // An adapter's bug, not the venue's news: said once per venue, then counted.
  VenueState& s = venues_[venue];
  if (s.foreign_rows++ == 0)
    integrity("foreign_row", s.name + "'s account snapshot lists " + what + ", which is not on " + s.name +
                                 "; ignored (and any such row after it)");
}

void Engine::reconcile_orders(const venue::AccountSnapshot& account) {
  // Orders: anything open at the venue that we do not consider working is an orphan and is
  // canceled; anything we consider working there that the venue did not list is queried.
  // The listing is as of the snapshot's own request (the engine may have asked again since).
  const bool known = account.requested_ts >= 0;
  const Timestamp asked = known ? account.requested_ts : venues_[account.venue].sync_requested_ts;
  auto on_this_venue = [&](InstrumentId id) {
    return id < parts_.instruments.size() && parts_.instruments.venue_of(id) == account.venue;
  };
  std::vector<std::string> listed;
  for (const auto& o : account.open_orders) {
    if (!on_this_venue(o.instrument)) {
      foreign_row(account.venue, "order " + o.client_order_id + " on instrument " + std::to_string(o.instrument));
      continue;
    }
    listed.push_back(o.client_order_id);
    const trading::ManagedOrder* ours = orders_.find(o.client_order_id);
    // Finished after the snapshot was requested: the listing is older than what we know.
    if (ours && !ours->working() && ours->updated_ts >= asked) continue;
    if (!ours || !ours->working()) {
      integrity("orphan_order", o.client_order_id + " is open at the venue but not ours to keep; canceling");
      router_.cancel(o.instrument, o.client_order_id);
    } else if (ours->status == venue::OrderStatus::pending_new) {
      orders_.on_update(o);
    }
  }
  for (const trading::ManagedOrder* o : orders_.working()) {
    if (!on_this_venue(o->request.instrument)) continue;
    if (o->created_ts >= asked || o->status == venue::OrderStatus::pending_new) continue;
    if (std::find(listed.begin(), listed.end(), o->request.client_order_id) == listed.end())
      orders_.query(o->request.client_order_id);
  }
}

}  // namespace symphony::engine
