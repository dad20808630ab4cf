#include <symphony/market/trade_flow.hpp>

#include <decimals.hpp>

#include <gtest/gtest.h>

namespace symphony::market {
namespace {

using test::m;
using test::p;
using test::q;

TradeTick print(Timestamp ts, const char* qty, Side side = Side::buy, const char* price = "100") {
  return {0, ts, p(price), q(qty), side, 0};
}

TEST(TradeFlow, RollingVolumeBySideOverTheWindow) {
  TradeFlow f({10 * ns_per_s, 10, 1000.0, 1000, Money{}});
  f.on_trade(print(0, "1", Side::buy));
  f.on_trade(print(3 * ns_per_s, "2", Side::sell));
  f.on_trade(print(9 * ns_per_s, "0.5", Side::buy));
  EXPECT_EQ(f.buy_volume(), q("1.5"));
  EXPECT_EQ(f.sell_volume(), q("2"));
  EXPECT_EQ(f.trades(), 3u);
  EXPECT_EQ(f.notional(), m("350"));
  EXPECT_DOUBLE_EQ(f.taker_imbalance(), (1.5 - 2.0) / 3.5);
  EXPECT_EQ(f.last()->qty, q("0.5"));
  // At 10 s the first second's bucket leaves the window; at 13 s the sell's does too.
  f.on_time(10 * ns_per_s);
  EXPECT_EQ(f.buy_volume(), q("0.5"));
  EXPECT_EQ(f.trades(), 2u);
  f.on_time(13 * ns_per_s);
  EXPECT_EQ(f.sell_volume(), Qty{});
  // A long silence empties it entirely.
  f.on_time(600 * ns_per_s);
  EXPECT_EQ(f.volume(), Qty{});
  EXPECT_EQ(f.trades(), 0u);
  EXPECT_EQ(f.notional(), Money{});
}

TEST(TradeFlow, LargePrintIsAMultipleOfTheMeanSize) {
  TradeFlow f({60 * ns_per_s, 60, 10.0, 5, Money{}});
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(f.on_trade(print(i * ns_per_s, "1")));
  // Only four prints so far: too few to judge a 50 as large.
  EXPECT_FALSE(f.on_trade(print(5 * ns_per_s, "50")));
  // Now the mean is 54 / 5 = 10.8: 200 is large, 9 is not.
  EXPECT_TRUE(f.on_trade(print(6 * ns_per_s, "200")));
  EXPECT_EQ(f.last_large()->qty, q("200"));
  EXPECT_FALSE(f.on_trade(print(7 * ns_per_s, "9")));
  EXPECT_EQ(f.large_prints(), 1u);
}

TEST(TradeFlow, LargeByNotionalWhenConfigured) {
  TradeFlow f({60 * ns_per_s, 60, 10.0, 1000, m("50000")});
  EXPECT_FALSE(f.on_trade(print(0, "499", Side::sell)));
  EXPECT_TRUE(f.on_trade(print(1, "500", Side::sell)));  // 500 × 100 = 50000
}

TEST(TradeFlow, LatePrintCountsOnlyWhileItsBucketIsInTheWindow) {
  TradeFlow f({10 * ns_per_s, 10, 1000.0, 1000, Money{}});
  f.on_trade(print(20 * ns_per_s, "1"));
  f.on_trade(print(15 * ns_per_s, "1"));  // 5 s late: still inside
  EXPECT_EQ(f.trades(), 2u);
  f.on_trade(print(2 * ns_per_s, "1"));  // 18 s late: outside, not counted
  EXPECT_EQ(f.trades(), 2u);
  EXPECT_EQ(f.last()->ts, 20 * ns_per_s);  // the newest print stays the last one
}

}  // namespace
}  // namespace symphony::market
