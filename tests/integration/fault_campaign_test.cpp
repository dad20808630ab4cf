// The randomized fault campaign: the real engine through the seeded fault layer, watched
// by the invariant checker (tests/support/fault_layer.hpp), on two venues:
//  - the simulated venue, on the simulated clock: FAULT_TRIALS trials (default 8) from
//    seed FAULT_SEED (1), FAULT_HOURS simulated hours each (4);
//  - the fake Aster (HTTPS + WSS on 127.0.0.1, the real adapter), in real time:
//    FAULT_ASTER_TRIALS trials (default 2) of FAULT_ASTER_SECONDS (15) each, the loop at
//    500 ms and the fake market drifting up and down.
// `scripts/fault-campaign.sh [TRIALS]` runs many; CI runs the defaults.
#include <symphony/agents/momentum_hunter.hpp>
#include <symphony/engine/engine.hpp>
#include <symphony/net/reactor.hpp>
#include <symphony/venue/aster/aster_venue.hpp>
#include <symphony/venue/sim/sim_venue.hpp>

#include "coin_agent.hpp"
#include "fault_layer.hpp"

#include <fake_aster.hpp>
#include <sim_instruments.hpp>
#include <temp_dir.hpp>
#include <test_pki.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

namespace symphony {
namespace {

std::int64_t env_int(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long long n = std::strtoll(v, &end, 10);
  if (*end != '\0' || n <= 0)
    throw std::runtime_error(std::string(name) + " must be a positive integer, not '" + v + "'");
  return n;
}

struct TrialResult {
  std::map<std::string, int> injected;
  std::vector<test::Finding> findings;
  std::uint64_t trades = 0;
};

TrialResult result_of(const test::FaultLayer& layer) {
  TrialResult r;
  r.injected = layer.injected();
  r.findings = layer.findings();
  for (const auto& e : layer.events()) r.trades += std::holds_alternative<store::TradeEvent>(e.body);
  return r;
}

// The checker is a test too: each breach it exists for is staged here, by hand, and must
// be reported (a checker that cannot fail would prove nothing).
class NullVenue : public venue::ExecutionClient {
 public:
  void set_handler(venue::ExecutionHandler*) override {}
  void submit(const venue::OrderRequest&) override { ++submitted; }
  void cancel(InstrumentId, const std::string&) override {}
  void query_order(InstrumentId, const std::string&) override {}
  void request_account() override {}
  void cancel_all(InstrumentId) override {}
  int submitted = 0;
};

class OrdersOnly : public venue::ExecutionHandler {
 public:
  explicit OrdersOnly(trading::OrderManager& orders) : orders_(orders) {}
  void on_order_update(const venue::OrderUpdate& u) override { orders_.on_update(u); }
  void on_fill(const venue::Fill& f) override { orders_.on_fill(f); }
  void on_account(const venue::AccountSnapshot&) override {}
  void on_trading_blocked(VenueId, const std::string&) override {}

 private:
  trading::OrderManager& orders_;
};

TEST(FaultCampaign, TheCheckerReportsEveryBreachItWatches) {
  SimulatedScheduler sched{0};
  NullVenue venue;
  test::FaultLayer layer(sched, venue, 1, test::FaultRates::none());
  trading::OrderManager orders(layer, sched.clock(), "k");
  OrdersOnly handler(orders);
  layer.set_handler(&handler);
  layer.watch(orders);
  trading::Portfolio portfolio(Money::from_units(1000), 1);
  Qty venue_qty = Qty::from_units(1);
  test::VenueTruth truth;
  truth.position = [&](InstrumentId) { return venue_qty; };
  truth.stops = [] { return std::vector<test::VenueTruth::Stop>{}; };
  test::InvariantChecker checker(layer, truth, portfolio, 1, 5 * ns_per_s, 8 * ns_per_s);
  const auto kinds = [&] {
    std::set<std::string> out;
    for (const auto& f : layer.findings()) out.insert(f.kind);
    return out;
  };
  venue::OrderRequest r;
  r.qty = Qty::from_units(1);
  const std::string entry = orders.submit(r, trading::OrderPurpose::entry, 1, "a").request.client_order_id;
  EXPECT_TRUE(kinds().contains("entry_before_reconciliation"));
  layer.submit(orders.find(entry)->request);
  EXPECT_TRUE(kinds().contains("duplicate_client_id"));
  venue::OrderUpdate canceled;
  canceled.client_order_id = entry;
  canceled.status = venue::OrderStatus::canceled;
  layer.on_order_update(canceled);
  sched.run_until(ns_per_s);
  venue::Fill late;
  late.client_order_id = entry;
  late.fill_id = 1;
  late.qty = Qty::from_units(1);
  late.price = Price::from_units(100);
  late.ts = 2 * ns_per_s;
  layer.on_fill(late);
  EXPECT_TRUE(kinds().contains("canceled_then_filled"));
  portfolio.adopt_position(0, Qty{}, Price{});  // ours flat, the venue's 1 with no stop
  for (Timestamp t = ns_per_s; t <= 12 * ns_per_s; t += ns_per_s) checker.sample(t);
  EXPECT_TRUE(kinds().contains("naked_position"));
  EXPECT_TRUE(kinds().contains("position_differs"));
  store::TradeEvent zero;
  zero.trade_id = 9;
  layer.publish({13 * ns_per_s, zero});
  checker.sample(13 * ns_per_s);
  EXPECT_TRUE(kinds().contains("exit_at_zero"));
  EXPECT_EQ(kinds().size(), 6u);
}

TrialResult run_trial(std::uint64_t seed, Duration length) {
  SimulatedScheduler sched{0};
  const std::vector<venue::sim::SimInstrumentSpec> specs = {test::sim_spec(0, "BTCUSDT", "60000", "0.1", "0.001", 1.0),
                                                            test::sim_spec(1, "ETHUSDT", "3000", "0.01", "0.001", 1.3),
                                                            test::sim_spec(2, "SOLUSDT", "150", "0.001", "0.01", 1.8)};
  venue::sim::GeneratorConfig g;
  g.seed = seed;
  g.initial_regime = Regime::bull_volatile;
  venue::sim::ExchangeConfig x;
  x.seed = seed + 1;
  x.reject_probability = 0.02;
  std::vector<Price> ticks;
  std::vector<Instrument> instruments;
  for (const auto& s : specs) {
    ticks.push_back(s.instrument.tick_size);
    instruments.push_back(s.instrument);
  }
  market::MarketState market(specs.size(), market::MarketConfig{}, {}, ticks);
  venue::sim::SimVenue sim(sched, g, x, specs, market);
  test::FaultLayer layer(sched, sim.execution(), seed * 7919 + 13, test::FaultRates{});
  agents::AgentRoster roster(Money::from_units(100'000), sched.clock().now());
  roster.add(std::make_unique<agents::MomentumHunter>(agents::MomentumHunterConfig{}, instruments.size()));
  roster.add(std::make_unique<test::CoinAgent>(seed * 31 + 7));
  engine::EngineParts parts{sched,  venue::InstrumentRegistry(instruments),
                            market, {{sim, layer, Money::from_units(100'000)}},
                            layer,  [&sim]() -> std::optional<Regime> { return sim.generator().true_regime(); }};
  engine::EngineConfig config;
  engine::Engine engine(parts, config, risk::RiskConfig{}, trading::TradeManagerConfig{}, std::move(roster),
                        "c" + std::to_string(seed));
  layer.watch(engine.orders());
  test::VenueTruth truth;
  truth.position = [&sim](InstrumentId i) { return sim.exchange().position(i).qty; };
  truth.stops = [&sim] {
    std::vector<test::VenueTruth::Stop> out;
    for (const auto& o : sim.exchange().open_orders())
      if (o.request.type == venue::OrderType::stop_market && o.request.reduce_only)
        out.push_back({o.request.instrument, o.request.side, o.request.qty - o.filled});
    return out;
  };
  const Duration grace = config.loop_period + test::FaultRates{}.max_update_delay + 2 * ns_per_s;
  test::InvariantChecker checker(layer, truth, engine.portfolio(), instruments.size(), config.loop_period, grace);
  engine.start();
  for (Timestamp t = ns_per_s; t <= length; t += ns_per_s) {
    sched.run_until(t);
    checker.sample(t);
    layer.maybe_fail_store();
    for (InstrumentId i = 0; i < instruments.size(); ++i) {
      if (std::uniform_real_distribution<double>(0, 1)(layer.rng()) >= test::FaultRates{}.absurd_mark) continue;
      const auto mid = market.at(i).book().mid();
      if (!mid) continue;
      layer.count("absurd_mark");
      market::MarkPrice m;
      m.instrument = i;
      m.ts = t;
      m.mark = std::uniform_int_distribution<int>(0, 1)(layer.rng())
                   ? Price::from_raw(mid->raw() * 100)
                   : Price::from_raw(std::max<std::int64_t>(1, mid->raw() / 100));
      m.index = *mid;
      engine.on_mark_price(m);
    }
  }
  return result_of(layer);
}

TEST(FaultCampaign, NoInvariantBreaksUnderSeededFaults) {
  const auto trials = static_cast<std::uint64_t>(env_int("FAULT_TRIALS", 8));
  const auto first = static_cast<std::uint64_t>(env_int("FAULT_SEED", 1));
  const Duration length = env_int("FAULT_HOURS", 4) * ns_per_hour;
  std::map<std::string, int> injected, found;
  std::uint64_t trades = 0, with_findings = 0;
  for (std::uint64_t seed = first; seed < first + trials; ++seed) {
    const TrialResult r = run_trial(seed, length);
    trades += r.trades;
    for (const auto& [k, n] : r.injected) injected[k] += n;
    for (const auto& f : r.findings) ++found[f.kind];
    with_findings += !r.findings.empty();
    for (std::size_t i = 0; i < r.findings.size() && i < 5; ++i)
      ADD_FAILURE() << "seed " << seed << " at " << r.findings[i].ts / ns_per_s << " s: " << r.findings[i].kind << ": "
                    << r.findings[i].detail;
  }
  std::string summary = "fault campaign: " + std::to_string(trials) + " trials of " +
                        std::to_string(length / ns_per_hour) + " h from seed " + std::to_string(first) + ", " +
                        std::to_string(trades) + " trades; faults:";
  for (const auto& [k, n] : injected) summary += " " + k + "=" + std::to_string(n);
  summary += "; findings:";
  if (found.empty()) summary += " none";
  for (const auto& [k, n] : found) summary += " " + k + "=" + std::to_string(n);
  summary += "; trials with findings: " + std::to_string(with_findings);
  std::printf("%s\n", summary.c_str());
  EXPECT_GT(trades, 0u);
  for (const char* fault : {"delayed_fill", "delayed_update", "blank_account", "stale_account", "dropped_cancel",
                            "rejected_replacement", "absurd_mark", "corrupt_fill"})
    EXPECT_GT(injected[fault], 0) << fault << " was never injected";
}

// The fake Aster's keys (the signing test vectors' addresses).
constexpr const char* signer_key = "0x4fd0a42218f3eae43a6ce26d22544e986139a01e5b34a62db53757ffca81bae1";
constexpr const char* signer_addr = "0x21cF8Ae13Bb72632562c6Fff438652Ba1a151bb0";
constexpr const char* user_addr = "0x63DD5aCC6b1aa0f563956C0e534DD30B6dcF7C4e";

TrialResult run_aster_trial(std::uint64_t seed, Duration length) {
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  test::FakeAster::Config fc;
  fc.user = user_addr;
  fc.signer = signer_addr;
  fc.level_qty = Qty::from_units(50);
  test::FakeAster fake(pki, fc);
  RealClock clock;
  net::Reactor reactor{clock};
  venue::aster::AsterConfig ac;
  ac.rest_url = fake.rest_url();
  ac.ws_url = fake.ws_url();
  ac.ca_file = pki.ca_file();
  ac.warm_up_bars = 50;
  ac.ws.backoff = {20 * ns_per_ms, 200 * ns_per_ms, 2.0, 0.5};
  venue::aster::AsterVenue venue(reactor, ac, test::listing("aster", {"BTCUSDT"}), 0,
                                 venue::aster::AsterCredentials{user_addr, signer_key, "", ""}, seed);
  std::optional<venue::aster::AsterVenue::Bootstrap> boot;
  venue.bootstrap([&](venue::aster::AsterVenue::Bootstrap b) { boot = std::move(b); });
  for (int i = 0; i < 3000 && !boot; ++i) reactor.run(10 * ns_per_ms);
  if (!boot || !boot->error.empty())
    throw std::runtime_error("fake Aster bootstrap failed: " + (boot ? boot->error : std::string("no answer in 30 s")));
  const std::vector<Instrument> instruments = boot->instruments;
  const std::vector<Price> ticks{instruments[0].tick_size};
  const std::vector<market::book_sequencing> seq{market::book_sequencing::update_id_chain};
  market::MarketState market(1, market::MarketConfig{}, seq, ticks);
  test::FaultRates rates;
  rates.max_fill_delay = 3 * ns_per_s;
  rates.max_update_delay = 1 * ns_per_s;
  test::FaultLayer layer(reactor, venue.execution(), seed * 7919 + 13, rates);
  agents::AgentRoster roster(Money::from_units(10'000), clock.now());
  roster.add(std::make_unique<test::CoinAgent>(seed * 31 + 7, 0.3, 6));
  engine::EngineParts parts{reactor, venue::InstrumentRegistry(instruments),
                            market,  {{venue.feed(), layer, Money::from_units(10'000)}},
                            layer,   {}};
  engine::EngineConfig config;
  config.loop_period = 500 * ns_per_ms;
  config.ack_timeout = 2 * ns_per_s;
  engine::Engine engine(parts, config, risk::RiskConfig{}, trading::TradeManagerConfig{}, std::move(roster),
                        "a" + std::to_string(seed));
  layer.watch(engine.orders());
  test::VenueTruth truth;
  truth.position = [&fake](InstrumentId) { return fake.position(); };
  truth.stops = [&fake] {
    std::vector<test::VenueTruth::Stop> out;
    for (const auto& o : fake.orders())
      if (o.type == "STOP_MARKET" && o.reduce_only && (o.status == "NEW" || o.status == "PARTIALLY_FILLED"))
        out.push_back({0, o.side == "BUY" ? Side::buy : Side::sell, o.qty - o.filled});
    return out;
  };
  truth.executions = [&fake] { return fake.executions(); };
  // Real time on a shared machine: a starved reactor may run seconds late, so the grace
  // is wider than on the simulated clock (where it is exact).
  const Duration grace = config.loop_period + rates.max_update_delay + 8 * ns_per_s;
  test::InvariantChecker checker(layer, truth, engine.portfolio(), 1, config.loop_period + 4 * ns_per_s, grace);
  engine.start();
  const Timestamp start = clock.now();
  Timestamp next_turn = start;
  while (clock.now() - start < length) {
    reactor.run(100 * ns_per_ms);
    const Timestamp now = clock.now();
    checker.sample(now);
    if (now >= next_turn) {  // the market turns every few seconds, by up to 20 ticks per 100 ms
      const std::int64_t ticks_per_step = std::uniform_int_distribution<std::int64_t>(-20, 20)(layer.rng());
      fake.set_drift(Price::from_raw(ticks_per_step * fc.tick.raw()));
      next_turn = now + 3 * ns_per_s;
    }
  }
  engine.stop();
  for (int i = 0; i < 50 && !engine.orders().working().empty(); ++i) reactor.run(50 * ns_per_ms);
  return result_of(layer);
}

TEST(FaultCampaign, TheFakeAsterThroughTheFaultLayer) {
  const auto trials = static_cast<std::uint64_t>(env_int("FAULT_ASTER_TRIALS", 2));
  const auto first = static_cast<std::uint64_t>(env_int("FAULT_SEED", 1));
  const Duration length = env_int("FAULT_ASTER_SECONDS", 15) * ns_per_s;
  std::map<std::string, int> injected, found;
  std::uint64_t trades = 0;
  for (std::uint64_t seed = first; seed < first + trials; ++seed) {
    const TrialResult r = run_aster_trial(seed, length);
    trades += r.trades;
    for (const auto& [k, n] : r.injected) injected[k] += n;
    for (const auto& f : r.findings) {
      ++found[f.kind];
      ADD_FAILURE() << "aster seed " << seed << ": " << f.kind << ": " << f.detail;
    }
  }
  std::string summary = "fault campaign on the fake Aster: " + std::to_string(trials) + " trials of " +
                        std::to_string(length / ns_per_s) + " s, " + std::to_string(trades) + " trades; faults:";
  for (const auto& [k, n] : injected) summary += " " + k + "=" + std::to_string(n);
  summary += "; findings:";
  if (found.empty()) summary += " none";
  for (const auto& [k, n] : found) summary += " " + k + "=" + std::to_string(n);
  std::printf("%s\n", summary.c_str());
  int faults = 0;
  for (const auto& [k, n] : injected) faults += n;
  EXPECT_GT(faults, 0) << "the trials exercised nothing";
}

}  // namespace
}  // namespace symphony
