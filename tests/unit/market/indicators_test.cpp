#include <symphony/market/indicators.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace symphony::market {
namespace {

// Straight, non-incremental formulas to check the incremental ones against.
const std::vector<double> closes = {44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08,
                                    45.89, 46.03, 45.61, 46.28, 46.28, 46.00, 46.03, 46.41, 46.22, 45.64};

TEST(Ema, SeedsWithSmaThenSmooths) {
  Ema ema(5);
  for (std::size_t i = 0; i < closes.size(); ++i) ema.update(closes[i]);
  double ref = 0;
  for (int i = 0; i < 5; ++i) ref += closes[static_cast<std::size_t>(i)] / 5;
  for (std::size_t i = 5; i < closes.size(); ++i) ref += (2.0 / 6.0) * (closes[i] - ref);
  EXPECT_TRUE(ema.ready());
  EXPECT_NEAR(ema.value(), ref, 1e-12);
}

TEST(Ema, NotReadyDuringWarmUp) {
  Ema ema(5);
  for (int i = 0; i < 4; ++i) ema.update(1.0);
  EXPECT_FALSE(ema.ready());
}

TEST(Rsi, MatchesWilderDefinition) {
  Rsi rsi(14);
  for (double c : closes) rsi.update(c);
  double gain = 0, loss = 0;
  for (std::size_t i = 1; i <= 14; ++i) {
    const double d = closes[i] - closes[i - 1];
    gain += std::max(d, 0.0) / 14;
    loss += std::max(-d, 0.0) / 14;
  }
  for (std::size_t i = 15; i < closes.size(); ++i) {
    const double d = closes[i] - closes[i - 1];
    gain = (gain * 13 + std::max(d, 0.0)) / 14;
    loss = (loss * 13 + std::max(-d, 0.0)) / 14;
  }
  ASSERT_TRUE(rsi.ready());
  EXPECT_NEAR(rsi.value(), 100 - 100 / (1 + gain / loss), 1e-9);
  // The classic worked example (StockCharts' RSI table): averages 3.34/14 and 1.40/14
  // give 70.464 exactly; their table prints 70.53 because it rounds the averages first.
  Rsi first(14);
  for (std::size_t i = 0; i <= 14; ++i) first.update(closes[i]);
  EXPECT_NEAR(first.value(), 100.0 - 100.0 / (1.0 + 3.34 / 1.40), 1e-9);
}

TEST(Rsi, AllGainsIsHundredFlatIsFifty) {
  Rsi up(3), flat(3);
  for (int i = 0; i < 10; ++i) {
    up.update(i);
    flat.update(5);
  }
  EXPECT_DOUBLE_EQ(up.value(), 100.0);
  EXPECT_DOUBLE_EQ(flat.value(), 50.0);
}

TEST(Atr, UsesTrueRangeAcrossGapsAndSkipsTheFirstBar) {
  Atr atr(2);
  atr.update(10, 9, 9.5);  // no previous close: primes only
  EXPECT_FALSE(atr.ready());
  atr.update(12, 11, 11.5);  // gap up: TR = 12 − 9.5 = 2.5
  EXPECT_DOUBLE_EQ(atr.true_range(), 2.5);
  EXPECT_FALSE(atr.ready());
  atr.update(11.6, 11.4, 11.5);  // TR 0.2: seeded with the mean
  ASSERT_TRUE(atr.ready());
  EXPECT_DOUBLE_EQ(atr.value(), (2.5 + 0.2) / 2);
  atr.update(11.5, 10.5, 11);  // TR 1.0; Wilder: 1.35 × ½ + 1.0 × ½
  EXPECT_DOUBLE_EQ(atr.value(), 1.35 * 0.5 + 1.0 * 0.5);
}

// Sliding extremes against a brute-force scan, on a series with long monotone runs and
// repeated values so both the back pops and the front expiries are exercised.
TEST(RollingExtreme, MatchesBruteForceScan) {
  std::vector<double> xs;
  for (int i = 0; i < 50; ++i) xs.push_back(100 - i);
  for (int i = 0; i < 50; ++i) xs.push_back(50 + i);
  for (int i = 0; i < 60; ++i) xs.push_back((i * 37) % 11);
  for (const std::size_t n : {1u, 2u, 7u, 20u}) {
    detail::RollingExtreme<true> hi(n);
    detail::RollingExtreme<false> lo(n);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      hi.push(xs[i]);
      lo.push(xs[i]);
      const std::size_t from = i + 1 >= n ? i + 1 - n : 0;
      const double want_hi = *std::max_element(xs.begin() + static_cast<std::ptrdiff_t>(from),
                                               xs.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      const double want_lo = *std::min_element(xs.begin() + static_cast<std::ptrdiff_t>(from),
                                               xs.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      ASSERT_EQ(hi.value(), want_hi) << "n=" << n << " i=" << i;
      ASSERT_EQ(lo.value(), want_lo) << "n=" << n << " i=" << i;
      ASSERT_EQ(hi.full(), i + 1 >= n);
    }
  }
}

// Two million sliding updates of prices near 60000 with tiny variance, the case where a
// running sum of squares loses everything: mean and variance stay exact to 1e-9 relative.
TEST(RollingMoments, DoesNotDriftOverMillionsOfUpdates) {
  detail::RollingMoments m(20);
  std::uint64_t state = 88172645463325252ull;
  std::vector<double> last;
  for (int i = 0; i < 2'000'000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const double x = 60000.0 + static_cast<double>(state % 1000) * 0.01;
    m.push(x);
    last.push_back(x);
    if (last.size() > 20) last.erase(last.begin());
  }
  double mean = 0;
  for (double x : last) mean += x / 20;
  double var = 0;
  for (double x : last) var += (x - mean) * (x - mean) / 20;
  EXPECT_NEAR(m.mean(), mean, 1e-9 * mean);
  EXPECT_NEAR(m.variance(), var, 1e-9 * var);
}

TEST(Sma, ConstantInputGivesTheConstant) {
  Sma sma(3);
  for (int i = 0; i < 1000; ++i) sma.update(0.1);
  EXPECT_DOUBLE_EQ(sma.value(), 0.1);
}

TEST(ZScore, FlatSeriesIsZeroNotNan) {
  ZScore z(5);
  for (int i = 0; i < 10; ++i) z.update(42);
  ASSERT_TRUE(z.ready());
  EXPECT_EQ(z.value(), 0.0);
}

}  // namespace
}  // namespace symphony::market
