#include <symphony/agents/conductor.hpp>
#include <symphony/agents/regime_rules.hpp>
#include <symphony/agents/regime_score.hpp>
#include <symphony/core/rng.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace symphony::agents {
namespace {

// Builds 1-minute bars: each with `trades` prints, the log price moving by `drift` plus a
// seeded normal shock of size `noise` per bar.
class BarMaker {
 public:
  explicit BarMaker(market::CandleSeries& c, std::uint64_t seed = 7) : candles_(c), rng_(seed) {}
  void bars(int n, int trades, double drift, double noise) {
    for (int b = 0; b < n; ++b) {
      logp_ += drift + noise * rng_.normal();
      for (int k = 0; k < trades; ++k) {
        const Timestamp ts = t_ + (k + 1) * ns_per_min / (trades + 1);
        candles_.on_trade({0, ts, Price::from_double(std::exp(logp_)), Qty::from_units(1), Side::buy, next_id_++});
      }
      t_ += ns_per_min;
      candles_.on_time(t_);
    }
  }

 private:
  market::CandleSeries& candles_;
  Rng rng_;
  double logp_ = std::log(100.0);
  Timestamp t_ = 1'767'225'600LL * ns_per_s;
  std::uint64_t next_id_ = 1;
};

// Quiet, trending and volatile bars as the defaults expect them: 90, 120 and 240 prints a
// minute, volatility 1, 1.5 and 5 times the quiet one.
constexpr double quiet_noise = 0.0004;
void quiet(BarMaker& m, int n) { m.bars(n, 90, 0, quiet_noise); }
void trend(BarMaker& m, int n, double dir) { m.bars(n, 120, dir * 0.0003, 1.5 * quiet_noise); }
void wild(BarMaker& m, int n, double dir) { m.bars(n, 240, dir * 0.0008, 5 * quiet_noise); }

TEST(RegimeRules, LearnsTheQuietLevelAndClassifiesEachState) {
  market::CandleSeries candles(ns_per_min, 1440);
  BarMaker m(candles);
  RegimeClassifier c(RegimeRulesConfig{});
  auto regime = [&] { return c.update(candles).value().regime; };
  // Until it has seen more than one state it cannot tell which one it is in (it assumes
  // trending): a busy half hour first, then quiet bars, long enough for the quiet level to
  // settle (the learning rate's time constant is 100 bars).
  wild(m, 30, +1);
  quiet(m, 400);
  EXPECT_EQ(regime(), Regime::range_bound);
  trend(m, 60, +1);
  EXPECT_EQ(regime(), Regime::bull_trending);
  wild(m, 60, -1);
  EXPECT_EQ(regime(), Regime::bear_volatile);
  quiet(m, 60);
  EXPECT_EQ(regime(), Regime::range_bound);
  trend(m, 60, -1);
  const RegimeReading r = c.update(candles).value();
  EXPECT_EQ(r.regime, Regime::bear_trending);
  EXPECT_LT(r.trend_strength, -2.0);                 // a clear fall
  EXPECT_NEAR(r.activity_level, 120.0 / 90.0, 0.2);  // the quiet level was learned
  EXPECT_GT(r.confidence, 0.8);
  wild(m, 60, +1);
  const RegimeReading v = c.update(candles).value();
  EXPECT_EQ(v.regime, Regime::bull_volatile);
  EXPECT_GT(v.volatility_level, 3.0);
  EXPECT_GT(v.trend_strength, 0);
}

TEST(RegimeRules, StartsInAnyStateAndStillFindsTheQuietLevel) {
  // First bars volatile: taken for trending at first, the level corrects once quiet and
  // trending bars come.
  market::CandleSeries candles(ns_per_min, 1440);
  BarMaker m(candles, 11);
  RegimeClassifier c(RegimeRulesConfig{});
  wild(m, 90, +1);
  quiet(m, 240);
  EXPECT_EQ(c.update(candles).value().regime, Regime::range_bound);
  trend(m, 60, +1);
  EXPECT_EQ(c.update(candles).value().regime, Regime::bull_trending);
  wild(m, 30, -1);
  EXPECT_EQ(c.update(candles).value().regime, Regime::bear_volatile);
}

TEST(RegimeRules, EmptyUntilWarmedUpAndSkipsBarsThatLeftTheSeries) {
  market::CandleSeries candles(ns_per_min, 100);
  BarMaker m(candles);
  RegimeRulesConfig cfg;
  cfg.warm_up_bars = 30;
  RegimeClassifier c(cfg);
  quiet(m, 35);
  EXPECT_FALSE(c.update(candles).has_value());  // 35 bars, 24 of them readable with 11 needed
  quiet(m, 10);
  EXPECT_TRUE(c.update(candles).has_value());
  // 500 bars at once, more than the series keeps: only the held ones are read.
  trend(m, 500, +1);
  EXPECT_EQ(c.update(candles).value().regime, Regime::bull_trending);
  // Nothing new: the same reading.
  EXPECT_EQ(c.update(candles).value().regime, Regime::bull_trending);
}

TEST(RegimeRules, MarketRegimeIsConfidenceWeightedVote) {
  std::vector<RegimeReading> r(3);
  r[0].regime = Regime::bull_trending;
  r[0].confidence = 0.9;
  r[0].trend_strength = 3;
  r[1].confidence = r[2].confidence = 0.5;  // range_bound
  const auto m = combine_regimes(r).value();
  EXPECT_EQ(m.regime, Regime::range_bound);
  EXPECT_NEAR(m.confidence, 1.0 / 1.9, 1e-12);
  EXPECT_DOUBLE_EQ(m.trend_strength, 1.0);
  EXPECT_FALSE(combine_regimes({}).has_value());
}

TEST(RegimeScore, PrecisionRecallAndAccuracy) {
  RegimeScore s;
  EXPECT_EQ(s.accuracy(), 0.0);
  for (int i = 0; i < 8; ++i) s.add(Regime::bull_trending, Regime::bull_trending);
  for (int i = 0; i < 2; ++i) s.add(Regime::bull_trending, Regime::bear_trending);
  for (int i = 0; i < 6; ++i) s.add(Regime::bear_trending, Regime::bear_trending);
  s.add(Regime::range_bound, Regime::bull_trending);
  EXPECT_EQ(s.total(), 17u);
  EXPECT_DOUBLE_EQ(s.accuracy(), 14.0 / 17.0);
  EXPECT_DOUBLE_EQ(s.precision(Regime::bull_trending), 8.0 / 9.0);
  EXPECT_DOUBLE_EQ(s.recall(Regime::bull_trending), 8.0 / 10.0);
  EXPECT_DOUBLE_EQ(s.precision(Regime::bear_trending), 6.0 / 8.0);
  EXPECT_DOUBLE_EQ(s.recall(Regime::bear_trending), 1.0);
  EXPECT_DOUBLE_EQ(s.recall(Regime::range_bound), 0.0);
  EXPECT_DOUBLE_EQ(s.precision(Regime::bull_volatile), 0.0);  // never said
  const std::string table = format_score(s);
  EXPECT_NE(table.find("accuracy 0.824 over 17 classifications"), std::string::npos) << table;
  EXPECT_NE(table.find("BULL_TRENDING        10      0.889    0.800"), std::string::npos) << table;
}

TEST(Conductor, ClassifiesOnItsIntervalAndPublishesOnTheBus) {
  market::MarketState market(2);
  ConductorConfig cfg;
  cfg.rules.warm_up_bars = 20;
  InProcessRegimeBus bus;
  std::vector<RegimeClassification> seen;
  const auto handle = bus.subscribe([&](const RegimeClassification& c) { seen.push_back(c); });
  Conductor conductor(cfg, 2, &bus);
  const Timestamp t0 = 1'767'225'600LL * ns_per_s;
  EXPECT_TRUE(conductor.due(t0));
  // Nothing warmed up: no classification, nothing published, no market regime.
  EXPECT_TRUE(conductor.classify(market, t0).empty());
  EXPECT_FALSE(conductor.due(t0 + cfg.interval - 1));
  EXPECT_TRUE(conductor.due(t0 + cfg.interval));
  EXPECT_FALSE(conductor.market_regime().has_value());

  // Instrument 0 trades busily for half an hour, then quietly for an hour; instrument 1
  // never trades.
  Rng rng(3);
  double logp = std::log(50.0);
  Timestamp t = t0;
  std::uint64_t id = 1;
  for (int bar = 0; bar < 90; ++bar) {
    const int prints = bar < 30 ? 240 : 90;
    logp += (bar < 30 ? 5 : 1) * quiet_noise * rng.normal();
    for (int k = 0; k < prints; ++k)
      market.on_trade({0, t + (k + 1) * ns_per_min / (prints + 1), Price::from_double(std::exp(logp)),
                       Qty::from_units(1), Side::sell, id++});
    t += ns_per_min;
    market.on_time(t);
  }
  const auto round = conductor.classify(market, t);
  ASSERT_EQ(round.size(), 2u);  // instrument 0, then the market
  EXPECT_EQ(round[0].instrument, 0u);
  EXPECT_EQ(round[0].regime, Regime::range_bound);
  EXPECT_EQ(round[0].ts_us, t / ns_per_us);
  EXPECT_EQ(round[0].source, "rules");
  EXPECT_EQ(round[1].instrument, RegimeClassification::market_scope);
  EXPECT_EQ(round[1].regime, Regime::range_bound);
  EXPECT_EQ(conductor.market_regime(), Regime::range_bound);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].instrument, RegimeClassification::market_scope);
  EXPECT_EQ(bus.latest(0)->regime, Regime::range_bound);
  EXPECT_FALSE(bus.latest(1).has_value());
  bus.unsubscribe(handle);
  conductor.classify(market, t + cfg.interval);
  EXPECT_EQ(seen.size(), 2u);                                       // no longer told
  EXPECT_EQ(bus.latest(0)->ts_us, (t + cfg.interval) / ns_per_us);  // but the latest is kept
}

}  // namespace
}  // namespace symphony::agents
