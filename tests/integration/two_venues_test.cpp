// Two venues in one engine: the simulated venue twice, under the names "sim-a" and
// "sim-b", sharing one market state and one engine. Venue B goes through the fault layer
// (every seeded fault of the campaign), loses its account endpoint for twenty minutes,
// and lists the other venue's instruments as flat in every snapshot (an adapter bug), as
// A's do of B's. Venue A has no other fault but a two-minute loss of its account
// endpoint. What must hold: B's outage stops new trades on B alone (a
// venue_down risk event, then venue_up), A trades on through it, and reconciliation
// never mixes the two: every position the engine holds matches its own venue's, and A's
// books match A's account to the cent.
#include <symphony/engine/engine.hpp>
#include <symphony/venue/instrument_registry.hpp>
#include <symphony/venue/sim/sim_venue.hpp>

#include "coin_agent.hpp"
#include "fault_layer.hpp"

#include <sim_instruments.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace symphony {
namespace {

constexpr VenueId venue_a = 0;
constexpr VenueId venue_b = 1;

// Between venue B's fault layer and its matcher: while dark, account requests never
// reach the venue (its account endpoint is down; orders still go through); and every
// snapshot lists venue A's instruments as flat, which no snapshot of B may do.
class FlakyAccount : public venue::ExecutionClient, public venue::ExecutionHandler {
 public:
  FlakyAccount(venue::ExecutionClient& venue, std::vector<InstrumentId> foreign)
      : venue_(venue), foreign_(std::move(foreign)) {
    venue_.set_handler(this);
  }
  void set_handler(venue::ExecutionHandler* h) override { up_ = h; }
  void submit(const venue::OrderRequest& r) override { venue_.submit(r); }
  void cancel(InstrumentId i, const std::string& id) override { venue_.cancel(i, id); }
  void query_order(InstrumentId i, const std::string& id) override { venue_.query_order(i, id); }
  void cancel_all(InstrumentId i) override { venue_.cancel_all(i); }
  void request_account() override {
    if (dark) {
      ++swallowed;
      return;
    }
    venue_.request_account();
  }
  void on_order_update(const venue::OrderUpdate& u) override { up_->on_order_update(u); }
  void on_fill(const venue::Fill& f) override { up_->on_fill(f); }
  void on_account(const venue::AccountSnapshot& a) override {
    venue::AccountSnapshot out = a;
    for (const InstrumentId id : foreign_) out.positions.push_back({id, Qty{}, Price{}, 0});
    ++polluted;
    up_->on_account(out);
  }
  void on_trading_blocked(VenueId v, const std::string& reason) override { up_->on_trading_blocked(v, reason); }

  bool dark = false;
  int swallowed = 0;
  int polluted = 0;

 private:
  venue::ExecutionClient& venue_;
  venue::ExecutionHandler* up_ = nullptr;
  std::vector<InstrumentId> foreign_;
};

// Keeps every event, and hands each to the fault layer (whose checker reads trades).
class Tee : public store::EventSink {
 public:
  explicit Tee(store::EventSink& next) : next_(next) {}
  void publish(const store::Event& e) override {
    events.push_back(e);
    next_.publish(e);
  }
  [[nodiscard]] bool healthy() const noexcept override { return next_.healthy(); }
  std::vector<store::Event> events;

 private:
  store::EventSink& next_;
};

venue::sim::SimInstrumentSpec on(const char* venue, venue::sim::SimInstrumentSpec s) {
  s.instrument.venue = venue;
  return s;
}

test::VenueTruth truth_of(venue::sim::SimVenue& sim, const std::vector<InstrumentId>& instruments) {
  test::VenueTruth truth;
  truth.instruments = instruments;
  truth.position = [&sim](InstrumentId i) { return sim.exchange().position(i).qty; };
  truth.stops = [&sim] {
    std::vector<test::VenueTruth::Stop> out;
    for (const auto& o : sim.exchange().open_orders())
      if (o.request.type == venue::OrderType::stop_market && o.request.reduce_only)
        out.push_back({o.request.instrument, o.request.side, o.request.qty - o.filled});
    return out;
  };
  return truth;
}

TEST(TwoVenues, AnOutageOnOneStopsItAloneAndReconciliationNeverMixesThem) {
  const std::uint64_t seed = 6;  // any seed holds (1..30 checked); this one has A entering often during the outage
  SimulatedScheduler sched{0};
  // The same symbol on both venues: two instruments, two ids.
  const std::vector<venue::sim::SimInstrumentSpec> specs = {
      on("sim-a", test::sim_spec(0, "BTCUSDT", "60000", "0.1", "0.001", 1.0)),
      on("sim-a", test::sim_spec(1, "ETHUSDT", "3000", "0.01", "0.001", 1.3)),
      on("sim-b", test::sim_spec(2, "BTCUSDT", "60100", "0.1", "0.001", 1.1)),
      on("sim-b", test::sim_spec(3, "SOLUSDT", "150", "0.001", "0.01", 1.8))};
  std::vector<Instrument> instruments;
  std::vector<Price> ticks;
  for (const auto& s : specs) {
    instruments.push_back(s.instrument);
    ticks.push_back(s.instrument.tick_size);
  }
  const venue::InstrumentRegistry registry(instruments);
  ASSERT_EQ(registry.venue_count(), 2u);
  market::MarketState market(specs.size(), market::MarketConfig{}, {}, ticks);
  auto venue_specs = [&](VenueId v) {
    std::vector<venue::sim::SimInstrumentSpec> out;
    for (const InstrumentId id : registry.instruments_of(v)) out.push_back(specs[id]);
    return out;
  };
  venue::sim::GeneratorConfig g;
  g.initial_regime = Regime::bull_volatile;
  venue::sim::ExchangeConfig x;
  x.reject_probability = 0.02;
  g.seed = seed;
  x.seed = seed + 1;
  venue::sim::SimVenue sim_a(sched, g, x, venue_specs(venue_a), market, venue_a);
  g.seed = seed + 100;
  x.seed = seed + 101;
  venue::sim::SimVenue sim_b(sched, g, x, venue_specs(venue_b), market, venue_b);

  // A: no faults but a short loss of its account endpoint late on, while B's snapshots
  // (which list A's instruments as flat) keep arriving: were they judged against A's
  // positions, two in a row would adopt them as flat. B: every fault, and the long outage.
  FlakyAccount flaky_a(sim_a.execution(), registry.instruments_of(venue_b));
  test::FaultLayer layer_a(sched, flaky_a, seed * 7919 + 13, test::FaultRates::none());
  FlakyAccount flaky(sim_b.execution(), registry.instruments_of(venue_a));
  test::FaultRates rates;
  rates.store_failure = 0;  // B's layer is not the store
  test::FaultLayer layer_b(sched, flaky, seed * 7919 + 14, rates);

  Tee sink(layer_a);
  agents::AgentRoster roster(Money::from_units(200'000), sched.clock().now());
  roster.add(std::make_unique<test::CoinAgent>(seed * 31 + 7, 0.1, 25));  // short trades: many of them
  risk::RiskConfig risk;
  risk.max_open_positions = 8;
  risk.max_total_exposure = Money::from_units(400'000);
  risk.max_trades_per_day = 1000;
  risk.daily_loss_limit = Ratio::parse("0.5").value();  // a coin pays fees: let it
  engine::EngineParts parts{
      sched,  registry,
      market, {{sim_a, layer_a, Money::from_units(100'000)}, {sim_b, layer_b, Money::from_units(100'000)}},
      sink,   {}};
  engine::EngineConfig config;
  engine::Engine engine(parts, config, risk, trading::TradeManagerConfig{}, std::move(roster),
                        "v" + std::to_string(seed));
  layer_a.watch(engine.orders());
  layer_b.watch(engine.orders());
  const Duration grace = config.loop_period + rates.max_update_delay + 2 * ns_per_s;
  test::InvariantChecker check_a(layer_a, truth_of(sim_a, registry.instruments_of(venue_a)), engine.portfolio(),
                                 instruments.size(), config.loop_period, grace);
  test::InvariantChecker check_b(layer_b, truth_of(sim_b, registry.instruments_of(venue_b)), engine.portfolio(),
                                 instruments.size(), config.loop_period, grace);

  const Timestamp dark_from = 2 * ns_per_hour;
  const Timestamp dark_until = dark_from + 20 * ns_per_min;
  const Timestamp a_dark_from = 3 * ns_per_hour;
  const Timestamp end = 4 * ns_per_hour;
  int a_halted = 0, b_halted_late = 0;  // seconds of the outage (after its grace) A was halted, B was not
  engine.start();
  for (Timestamp t = ns_per_s; t <= end; t += ns_per_s) {
    flaky.dark = t >= dark_from && t < dark_until;
    flaky_a.dark = t >= a_dark_from && t < a_dark_from + 2 * ns_per_min;
    sched.run_until(t);
    check_a.sample(t);
    check_b.sample(t);
    if (t >= dark_from + config.venue_down_after + config.ack_timeout + config.loop_period && t < dark_until) {
      a_halted += !engine.venue_halted(venue_a).empty();
      b_halted_late += engine.venue_halted(venue_b).empty();
    }
  }
  EXPECT_EQ(a_halted, 0) << "venue A was halted during B's outage";
  EXPECT_EQ(b_halted_late, 0) << "venue B was not halted during its outage";
  // Let the last answers land, with both venues healthy.
  for (Timestamp t = end + ns_per_s; t <= end + 2 * ns_per_min; t += ns_per_s) sched.run_until(t);

  for (const auto* layer : {&layer_a, &layer_b})
    for (const auto& f : layer->findings())
      ADD_FAILURE() << (layer == &layer_a ? "sim-a" : "sim-b") << " at " << f.ts / ns_per_s << " s: " << f.kind << ": "
                    << f.detail;

  // The outage: B is declared down within the engine's grace, and up again after it.
  Timestamp down_ts = -1, up_ts = -1;
  int b_refused = 0;  // B's entries refused for its outage, saying so
  int a_signals = 0;  // A's BUY and SELL results during B's outage (each traded, or refused by A's own risk)
  std::vector<Timestamp> a_down;                // when A was declared down
  std::map<std::string, Timestamp> entry_sent;  // client id -> first seen
  std::map<std::string, InstrumentId> entry_instrument;
  for (const auto& e : sink.events) {
    if (const auto* r = std::get_if<store::RiskEvent>(&e.body)) {
      const bool about_b = std::string(r->detail.view()).starts_with("sim-b");
      if (r->kind.view() == "venue_down") {
        if (about_b && down_ts < 0) down_ts = e.ts;
        if (!about_b) a_down.push_back(e.ts);
      }
      if (r->kind.view() == "venue_up" && about_b && down_ts >= 0 && up_ts < 0) up_ts = e.ts;
      // The only position adopted is at the first reconciliation (nothing is open then).
      EXPECT_NE(r->kind.view(), "position_mismatch") << e.ts / ns_per_s << " s: " << r->detail.view();
      // A's account is clean: nothing of it is ever found to differ.
      if (r->kind.view() == "balance_mismatch") {
        EXPECT_EQ(std::string(r->detail.view()).find("sim-a"), std::string::npos) << r->detail.view();
      }
    }
    // Nothing on A is held back for B's sake.
    if (const auto* c = std::get_if<store::CoordinationEvent>(&e.body)) {
      const std::string reason(c->reason.view());
      if (registry.venue_of(c->instrument) == venue_a && e.ts >= dark_from && e.ts <= dark_until + ns_per_min) {
        EXPECT_EQ(reason.find("not traded"), std::string::npos) << e.ts / ns_per_s << " s: " << reason;
        a_signals += c->action.view() != "HOLD";
      }
      if (registry.venue_of(c->instrument) == venue_b && e.ts > down_ts && down_ts >= 0 && up_ts < 0 &&
          reason.find("not traded: sim-b is not answering") != std::string::npos)
        ++b_refused;
    }
    if (const auto* o = std::get_if<store::OrderEvent>(&e.body))
      if (o->purpose.view() == "entry" && !entry_sent.contains(std::string(o->client_order_id.view()))) {
        entry_sent[std::string(o->client_order_id.view())] = e.ts;
        entry_instrument[std::string(o->client_order_id.view())] = o->instrument;
      }
  }
  // Counted from the first request left unanswered, which may go out a tick before.
  ASSERT_GE(down_ts, dark_from + config.venue_down_after - config.loop_period);
  EXPECT_LE(down_ts, dark_from + config.venue_down_after + config.ack_timeout + config.loop_period);
  ASSERT_GE(up_ts, dark_until);
  EXPECT_LE(up_ts, dark_until + config.ack_timeout + config.loop_period);
  int a_during = 0, b_during = 0, b_total = 0;
  for (const auto& [id, ts] : entry_sent) {
    const VenueId v = registry.venue_of(entry_instrument[id]);
    b_total += v == venue_b;
    if (ts <= down_ts || ts >= up_ts) continue;
    (v == venue_a ? a_during : b_during) += 1;
  }
  EXPECT_GT(a_signals, 0) << "venue A stopped deciding while B was down";
  EXPECT_EQ(b_during, 0) << "entries went to venue B while it was down";
  EXPECT_GT(b_total, 0) << "venue B never traded";
  EXPECT_GT(b_refused, 0) << "B's refusals did not say it was down";
  EXPECT_GT(flaky.swallowed, 0);
  EXPECT_GT(flaky.polluted, 0);
  EXPECT_GT(flaky_a.swallowed, 0);
  ASSERT_EQ(a_down.size(), 1u) << "A is down once, in its own outage";
  EXPECT_GE(a_down[0], a_dark_from + config.venue_down_after);
  EXPECT_LE(a_down[0], a_dark_from + config.venue_down_after + config.ack_timeout + config.loop_period);

  // Never mixed: each position is its own venue's, and A's books are A's account exactly.
  for (const InstrumentId id : registry.instruments_of(venue_a))
    EXPECT_EQ(engine.portfolio().position(id).qty, sim_a.exchange().position(id).qty) << registry[id].symbol;
  for (const InstrumentId id : registry.instruments_of(venue_b))
    EXPECT_EQ(engine.portfolio().position(id).qty, sim_b.exchange().position(id).qty) << registry[id].symbol;
  EXPECT_EQ(engine.portfolio().wallet(venue_a), sim_a.exchange().wallet_balance());
  EXPECT_EQ(engine.portfolio().starting_balance(), Money::from_units(200'000));
  std::printf(
      "two venues: %zu entries (%d on A while B was down, of %d signals there; %d on B in all); B down %.0f s\n",
      entry_sent.size(), a_during, a_signals, b_total, static_cast<double>(up_ts - down_ts) / ns_per_s);
}

}  // namespace
}  // namespace symphony
