#include <symphony/venue/sim/regime_generator.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace symphony::venue::sim {
namespace {

SimInstrumentSpec spec(InstrumentId id, const char* symbol, const char* price, const char* tick) {
  SimInstrumentSpec s;
  s.instrument.id = id;
  s.instrument.symbol = symbol;
  s.instrument.tick_size = Price::parse(tick).value();
  s.instrument.step_size = Qty::parse("0.001").value();
  s.instrument.min_qty = s.instrument.step_size;
  s.initial_price = Price::parse(price).value();
  return s;
}

std::vector<SimInstrumentSpec> two() {
  return {spec(0, "BTCUSDT", "60000", "0.1"), spec(1, "ETHUSDT", "3000", "0.01")};
}

// A digest of everything the generator emitted, to compare runs.
std::uint64_t digest(RegimeGenerator& g, int steps) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::int64_t v) { h = (h ^ static_cast<std::uint64_t>(v)) * 1099511628211ULL; };
  for (int i = 1; i <= steps; ++i) {
    g.step(i * ns_per_s);
    mix(static_cast<std::int64_t>(g.true_regime()));
    for (InstrumentId id = 0; id < g.instrument_count(); ++id) {
      const auto b = g.book(id);
      for (const auto& l : b.bids) mix(l.price.raw()), mix(l.qty.raw());
      for (const auto& l : b.asks) mix(l.price.raw()), mix(l.qty.raw());
      for (const auto& t : g.trades(id)) mix(t.price.raw()), mix(t.qty.raw()), mix(t.ts);
    }
  }
  return h;
}

TEST(RegimeGenerator, SameSeedSameMarketBitForBit) {
  GeneratorConfig c;
  c.seed = 42;
  c.mean_regime_hours = 0.2;
  RegimeGenerator a(c, two()), b(c, two());
  EXPECT_EQ(digest(a, 5000), digest(b, 5000));
  EXPECT_GT(a.regime_switches(), 0u);
  EXPECT_EQ(a.regime_switches(), b.regime_switches());
}

TEST(RegimeGenerator, DifferentSeedDifferentMarket) {
  GeneratorConfig c;
  c.seed = 1;
  RegimeGenerator a(c, two());
  c.seed = 2;
  RegimeGenerator b(c, two());
  EXPECT_NE(digest(a, 500), digest(b, 500));
}

TEST(RegimeGenerator, BooksAreValidAndOnTick) {
  GeneratorConfig c;
  c.seed = 7;
  c.mean_regime_hours = 0.1;
  RegimeGenerator g(c, two());
  for (int i = 1; i <= 3000; ++i) {
    g.step(i * ns_per_s);
    for (InstrumentId id = 0; id < 2; ++id) {
      const auto b = g.book(id);
      const auto& ins = g.spec(id).instrument;
      ASSERT_EQ(b.bids.size(), c.book_levels);
      ASSERT_LT(b.bids.front().price, b.asks.front().price);
      for (std::size_t k = 1; k < b.bids.size(); ++k) {
        ASSERT_LT(b.bids[k].price, b.bids[k - 1].price);
        ASSERT_GT(b.asks[k].price, b.asks[k - 1].price);
      }
      for (const auto& l : b.bids) {
        ASSERT_TRUE(l.price.is_multiple_of(ins.tick_size));
        ASSERT_TRUE(l.qty.is_multiple_of(ins.step_size));
        ASSERT_GE(l.qty, ins.min_qty);
      }
      for (const auto& t : g.trades(id)) {
        ASSERT_TRUE(t.price == b.bids.front().price || t.price == b.asks.front().price);
        ASSERT_LE(t.ts, i * ns_per_s);
        ASSERT_GT(t.ts, (i - 1) * ns_per_s);
      }
    }
  }
}

TEST(RegimeGenerator, TickerRollsTwentyFourHoursOfTrades) {
  GeneratorConfig c;
  c.seed = 3;
  c.step = 10 * ns_per_s;
  RegimeGenerator g(c, two());
  Qty day_volume, last_hours_volume;
  Price high, low, last;
  const int steps_per_hour = 360;
  for (int i = 1; i <= 30 * steps_per_hour; ++i) {
    const Timestamp now = i * c.step;
    g.step(now);
    // The window is the 24 most recent clock hours of steps, the current one partial: at
    // 30:00 that is steps in hours 7 to 30.
    for (const auto& t : g.trades(0)) {
      last = t.price;
      if (now / ns_per_hour >= 7) {
        last_hours_volume += t.qty;
        if (high.is_zero() || t.price > high) high = t.price;
        if (low.is_zero() || t.price < low) low = t.price;
      }
      day_volume += t.qty;
    }
  }
  const auto t = g.ticker(0);
  EXPECT_EQ(t.instrument, 0u);
  EXPECT_EQ(t.ts, 30 * ns_per_hour);
  EXPECT_EQ(t.volume_24h, last_hours_volume);
  EXPECT_LT(t.volume_24h, day_volume);
  EXPECT_EQ(t.high_24h, high);
  EXPECT_EQ(t.low_24h, low);
  EXPECT_EQ(t.last, last);
  EXPECT_LT(t.best_bid, t.best_ask);
}

struct Stats {
  double drift_per_hour;
  double vol_per_sqrt_hour;
};

// Holds one regime for 200 simulated hours and measures the BTC path's hourly statistics.
Stats measure(Regime r, std::uint64_t seed) {
  GeneratorConfig c;
  c.seed = seed;
  c.initial_regime = r;
  c.mean_regime_hours = 1e9;  // never switch
  c.step = 10 * ns_per_s;
  RegimeGenerator g(c, {spec(0, "BTCUSDT", "60000", "0.1")});
  const int steps_per_hour = 360;
  const int hours = 200;
  double prev = std::log(g.fair_price(0));
  double sum = 0, sum2 = 0;
  for (int h = 0; h < hours; ++h) {
    for (int s = 0; s < steps_per_hour; ++s) g.step((h * steps_per_hour + s + 1) * c.step);
    const double now = std::log(g.fair_price(0));
    sum += now - prev;
    sum2 += (now - prev) * (now - prev);
    prev = now;
  }
  EXPECT_EQ(g.true_regime(), r);
  const double mean = sum / hours;
  return {mean, std::sqrt(sum2 / hours - mean * mean)};
}

TEST(RegimeGenerator, EachRegimeHasItsDriftAndVolatility) {
  const Stats bull = measure(Regime::bull_trending, 11);
  const Stats bear = measure(Regime::bear_trending, 12);
  const Stats bull_vol = measure(Regime::bull_volatile, 13);
  const Stats bear_vol = measure(Regime::bear_volatile, 14);
  const Stats range = measure(Regime::range_bound, 15);
  // Configured: trending ±0.8%/h at 0.45%/√h; volatile ±1.5%/h at 1.5–1.6%/√h; range
  // 0.3%/√h with mean reversion. Over 200 hours the drift estimate is within ~0.05%/h
  // (trending) and ~0.15%/h (volatile).
  EXPECT_NEAR(bull.drift_per_hour, 0.008, 0.002);
  EXPECT_NEAR(bear.drift_per_hour, -0.008, 0.002);
  EXPECT_NEAR(bull_vol.drift_per_hour, 0.015, 0.005);
  EXPECT_NEAR(bear_vol.drift_per_hour, -0.015, 0.005);
  EXPECT_NEAR(bull.vol_per_sqrt_hour, 0.0045, 0.0009);
  EXPECT_NEAR(bear.vol_per_sqrt_hour, 0.0045, 0.0009);
  EXPECT_NEAR(bull_vol.vol_per_sqrt_hour, 0.015, 0.0025);
  EXPECT_NEAR(bear_vol.vol_per_sqrt_hour, 0.016, 0.0025);
  EXPECT_GT(bull_vol.vol_per_sqrt_hour, 2.5 * bull.vol_per_sqrt_hour);
  EXPECT_LT(range.vol_per_sqrt_hour, bull.vol_per_sqrt_hour);
  EXPECT_LT(std::fabs(range.drift_per_hour), 0.001);
}

TEST(RegimeGenerator, SwitchesAtTheConfiguredRate) {
  GeneratorConfig c;
  c.seed = 5;
  c.mean_regime_hours = 1.0;
  c.step = 10 * ns_per_s;
  RegimeGenerator g(c, two());
  const int hours = 500;
  for (int i = 1; i <= hours * 360; ++i) g.step(i * c.step);
  // Poisson with mean 500: within ±15% with overwhelming probability.
  EXPECT_NEAR(static_cast<double>(g.regime_switches()), 500.0, 75.0);
}

}  // namespace
}  // namespace symphony::venue::sim
