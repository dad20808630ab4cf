#include <symphony/market/candles.hpp>

#include <gtest/gtest.h>

#include <vector>

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

Candle bar(Timestamp open_ts, const char* o, const char* h, const char* l, const char* c, const char* v = "1") {
  return {open_ts,
          Price::parse(o).value(),
          Price::parse(h).value(),
          Price::parse(l).value(),
          Price::parse(c).value(),
          Qty::parse(v).value(),
          1};
}

TEST(CandleSeries, WarmUpLoadsHistoryAndFillsGapsThenContinuesLive) {
  CandleSeries c(ns_per_min, 100);
  const std::vector<Candle> history{bar(0, "100", "101", "99", "100.5"), bar(ns_per_min, "100.5", "102", "100", "101"),
                                    bar(4 * ns_per_min, "101", "103", "101", "102")};
  std::size_t accepted = 0;
  ASSERT_EQ(c.warm_up(history, accepted), warm_up_status::ok);
  EXPECT_EQ(accepted, 5u);  // 3 bars + 2 flat fillers at 2m and 3m
  EXPECT_EQ(c.back(0).close, Price::from_units(102));
  EXPECT_EQ(c.back(1).volume, Qty{});
  EXPECT_EQ(c.back(1).close, Price::from_units(101));
  // Live trades continue with the 5m bar.
  EXPECT_EQ(c.on_trade(trade(5 * ns_per_min + ns_per_s, "102.5", "1")), 0u);
  EXPECT_EQ(c.forming()->open_ts, 5 * ns_per_min);
  EXPECT_EQ(c.on_time(6 * ns_per_min), 1u);
  EXPECT_EQ(c.back(0).open, Price::parse("102.5").value());
}

TEST(CandleSeries, WarmUpRejectsBadHistoryWithoutChangingAnything) {
  CandleSeries c(ns_per_min, 100);
  std::size_t accepted = 0;
  const std::vector<Candle> misaligned{bar(30 * ns_per_s, "1", "1", "1", "1")};
  EXPECT_EQ(c.warm_up(misaligned, accepted), warm_up_status::misaligned);
  const std::vector<Candle> backwards{bar(ns_per_min, "1", "1", "1", "1"), bar(0, "1", "1", "1", "1")};
  EXPECT_EQ(c.warm_up(backwards, accepted), warm_up_status::out_of_order);
  const std::vector<Candle> bad_ohlc{bar(0, "1", "1", "1", "1"), bar(ns_per_min, "5", "4", "3", "3.5")};
  EXPECT_EQ(c.warm_up(bad_ohlc, accepted), warm_up_status::malformed);
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(accepted, 0u);
}

TEST(CandleSeries, LiveDataWinsOverOverlappingHistory) {
  CandleSeries c(ns_per_min, 100);
  c.on_trade(trade(3 * ns_per_min + 5 * ns_per_s, "200", "1"));  // live bar forming at 3m
  const std::vector<Candle> history{bar(0, "100", "100", "100", "100"), bar(ns_per_min, "100", "100", "100", "100"),
                                    bar(3 * ns_per_min, "150", "150", "150", "150")};
  std::size_t accepted = 0;
  ASSERT_EQ(c.warm_up(history, accepted), warm_up_status::ok);
  EXPECT_EQ(accepted, 3u);  // 0m, 1m and a flat 2m; the 3m bar is the live one
  EXPECT_EQ(c.forming()->close, Price::from_units(200));
  c.on_time(4 * ns_per_min);
  EXPECT_EQ(c.back(0).close, Price::from_units(200));
  EXPECT_EQ(c.back(1).open_ts, 2 * ns_per_min);
  // Once live bars have closed, history cannot be slipped underneath.
  EXPECT_EQ(c.warm_up(history, accepted), warm_up_status::already_live);
}

TEST(CandleSeries, LongSilenceKeepsOnlyWhatTheRingHolds) {
  CandleSeries c(ns_per_min, 10);
  c.on_trade(trade(0, "100", "1"));
  const std::size_t closed = c.on_time(30 * ns_per_day);  // a month of flat minutes
  EXPECT_EQ(c.size(), 10u);
  EXPECT_EQ(c.closed_total(), static_cast<std::uint64_t>(30 * 1440));
  EXPECT_LE(closed, 11u);
  EXPECT_EQ(c.back(0).open_ts, 30 * ns_per_day - ns_per_min);
  EXPECT_EQ(c.back(9).open_ts, 30 * ns_per_day - 10 * ns_per_min);
}

TEST(Timeframe, NamesAndDurations) {
  EXPECT_EQ(to_string(Timeframe::m15), "15m");
  EXPECT_EQ(parse_timeframe("4h"), Timeframe::h4);
  EXPECT_FALSE(parse_timeframe("2h"));
  EXPECT_EQ(duration_of(Timeframe::d1), ns_per_day);
}

}  // namespace
}  // namespace symphony::market
