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

TEST(Atr, UsesTrueRangeAcrossGaps) {
  Atr atr(2);
  atr.update(10, 9, 9.5);    // TR 1
  atr.update(12, 11, 11.5);  // gap up: TR = 12 − 9.5 = 2.5
  EXPECT_TRUE(atr.ready());
  EXPECT_DOUBLE_EQ(atr.value(), 1.75);
  atr.update(11.6, 11.4, 11.5);  // TR 0.2; Wilder: (1.75 × 1 + 0.2) / 2
  EXPECT_DOUBLE_EQ(atr.value(), (1.75 + 0.2) / 2);
}

}  // namespace
}  // namespace symphony::market
