#include <symphony/market/candles.hpp>

#include <gtest/gtest.h>

namespace symphony::market {
namespace {

TradeTick trade(Timestamp ts, const char* price, const char* qty) {
  return {0, ts, Price::parse(price).value(), Qty::parse(qty).value(), Side::buy, 0};
}

TEST(CandleSeries, BuildsOhlcvFromTrades) {
  CandleSeries c(ns_per_min, 10);
  c.on_trade(trade(5 * ns_per_s, "100", "1"));
  c.on_trade(trade(10 * ns_per_s, "105", "2"));
  c.on_trade(trade(20 * ns_per_s, "95", "1"));
  c.on_trade(trade(59 * ns_per_s, "101", "0.5"));
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.on_trade(trade(61 * ns_per_s, "102", "1")), 1u);
  ASSERT_EQ(c.size(), 1u);
  const Candle& k = c.back();
  EXPECT_EQ(k.open_ts, 0);
  EXPECT_EQ(k.open, Price::parse("100").value());
  EXPECT_EQ(k.high, Price::parse("105").value());
  EXPECT_EQ(k.low, Price::parse("95").value());
  EXPECT_EQ(k.close, Price::parse("101").value());
  EXPECT_EQ(k.volume, Qty::parse("4.5").value());
  EXPECT_EQ(k.trades, 4u);
  ASSERT_NE(c.forming(), nullptr);
  EXPECT_EQ(c.forming()->open, Price::parse("102").value());
}

TEST(CandleSeries, QuietIntervalsBecomeFlatBars) {
  CandleSeries c(ns_per_min, 10);
  c.on_trade(trade(0, "100", "1"));
  EXPECT_EQ(c.on_time(3 * ns_per_min), 3u);
  EXPECT_EQ(c.closed_total(), 3u);
  EXPECT_EQ(c.back(0).open_ts, 2 * ns_per_min);
  EXPECT_EQ(c.back(0).close, Price::parse("100").value());
  EXPECT_EQ(c.back(0).volume, Qty{});
}

TEST(CandleSeries, RingKeepsMostRecent) {
  CandleSeries c(ns_per_min, 3);
  for (int i = 0; i < 6; ++i) c.on_trade(trade(i * ns_per_min, std::to_string(100 + i).c_str(), "1"));
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.closed_total(), 5u);
  EXPECT_EQ(c.back(0).close, Price::from_units(104));
  EXPECT_EQ(c.back(2).close, Price::from_units(102));
}

TEST(CandleSeries, NothingBeforeFirstTrade) {
  CandleSeries c(ns_per_min, 3);
  EXPECT_EQ(c.on_time(10 * ns_per_min), 0u);
  EXPECT_EQ(c.forming(), nullptr);
}

}  // namespace
}  // namespace symphony::market
