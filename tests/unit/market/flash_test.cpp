#include <symphony/market/flash.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace symphony::market {
namespace {

constexpr Timestamp day = 20 * ns_per_day;  // some UTC midnight
Timestamp at(int hour, int minute) { return day + hour * ns_per_hour + minute * ns_per_min; }

// A 5-level book around `mid` (rounded to the 0.001 tick) with `bid_qty` / `ask_qty` on
// every level.
OrderBook book_at(double mid, double bid_qty = 1, double ask_qty = 1) {
  mid = std::round(mid * 1000) / 1000;
  std::vector<Level> bids, asks;
  for (int i = 0; i < 5; ++i) {
    bids.push_back({Price::from_double(mid - 0.05 - 0.1 * i), Qty::from_double(bid_qty)});
    asks.push_back({Price::from_double(mid + 0.05 + 0.1 * i), Qty::from_double(ask_qty)});
  }
  OrderBook b(Price::from_raw(100'000));  // tick 0.001
  EXPECT_EQ(b.apply_snapshot(bids, asks, 0), book_status::ok);
  return b;
}

std::vector<FlashSignal> feed(FlashDetector& d, const OrderBook& b, Timestamp ts) {
  std::array<FlashSignal, FlashDetector::max_signals> out;
  const std::size_t n = d.on_book(b, ts, out);
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n)};
}

bool has(const std::vector<FlashSignal>& v, FlashKind k) {
  for (const auto& s : v)
    if (s.kind == k) return true;
  return false;
}

TEST(Flash, SessionsFollowUtcStartTimesAndWrapMidnight) {
  const FlashConfig c;
  EXPECT_EQ(session_at(c, at(23, 30)), Session::asia);
  EXPECT_EQ(session_at(c, at(0, 0)), Session::asia);
  EXPECT_EQ(session_at(c, at(6, 59)), Session::asia);
  EXPECT_EQ(session_at(c, at(7, 0)), Session::europe);
  EXPECT_EQ(session_at(c, at(13, 29)), Session::europe);
  EXPECT_EQ(session_at(c, at(13, 30)), Session::us);
  EXPECT_EQ(session_at(c, at(22, 59)), Session::us);
}

TEST(Flash, ImbalanceThresholdDependsOnTheSession) {
  // 2.1 : 0.4 resting size: imbalance 0.68 — above Europe's 0.6, below Asia's 0.7.
  const OrderBook heavy = book_at(100, 2.1, 0.4);
  FlashDetector asia(FlashConfig{}, 0), europe(FlashConfig{}, 0);
  EXPECT_FALSE(has(feed(asia, heavy, at(2, 0)), FlashKind::imbalance));
  const auto fired = feed(europe, heavy, at(9, 0));
  ASSERT_TRUE(has(fired, FlashKind::imbalance));
  EXPECT_EQ(fired[0].direction, +1);
  EXPECT_EQ(fired[0].session, Session::europe);
  EXPECT_NEAR(fired[0].value, (2.1 - 0.4) / 2.5, 1e-9);
  EXPECT_DOUBLE_EQ(fired[0].threshold, 0.6);
}

TEST(Flash, CooldownSilencesRepeatsOfOneKindAndDirection) {
  FlashDetector d(FlashConfig{}, 0);
  const OrderBook heavy = book_at(100, 5, 0.5);
  const OrderBook light = book_at(100, 0.5, 5);
  EXPECT_TRUE(has(feed(d, heavy, at(9, 0)), FlashKind::imbalance));
  EXPECT_FALSE(has(feed(d, heavy, at(9, 0) + 10 * ns_per_s), FlashKind::imbalance));
  EXPECT_TRUE(has(feed(d, light, at(9, 0) + 11 * ns_per_s), FlashKind::imbalance));  // the other direction
  EXPECT_TRUE(has(feed(d, heavy, at(9, 0) + 31 * ns_per_s), FlashKind::imbalance));
}

TEST(Flash, MomentumOverTheWindow) {
  FlashDetector d(FlashConfig{}, 0);
  Timestamp t = at(15, 0);
  for (int i = 0; i < 20; ++i, t += ns_per_s) EXPECT_TRUE(feed(d, book_at(100), t).empty());
  // +0.25% within 10 s: 25 bps, above the US session's 12.
  std::vector<FlashSignal> fired;
  for (int i = 1; i <= 10; ++i, t += ns_per_s) {
    const auto f = feed(d, book_at(100 + 0.025 * i), t);
    fired.insert(fired.end(), f.begin(), f.end());
  }
  ASSERT_TRUE(has(fired, FlashKind::momentum));
  EXPECT_GT(d.momentum_bps(), 12);
  // The same move spread over a minute stays quiet.
  FlashDetector slow(FlashConfig{}, 0);
  t = at(15, 0);
  for (int i = 0; i <= 60; ++i, t += ns_per_s)
    EXPECT_FALSE(has(feed(slow, book_at(100 + 0.25 * i / 60.0), t), FlashKind::momentum));
}

TEST(Flash, VolatilityBurstAgainstTheLongWindow) {
  FlashDetector d(FlashConfig{}, 0);
  Timestamp t = at(15, 0);
  // Fifteen quiet minutes: ±1 bp wiggles.
  for (int i = 0; i < 16 * 60; ++i, t += ns_per_s)
    EXPECT_FALSE(has(feed(d, book_at(100 + ((i % 2) ? 0.01 : -0.01)), t), FlashKind::volatility_burst));
  // Then ±30 bp swings every second.
  bool burst = false;
  for (int i = 0; i < 30 && !burst; ++i, t += ns_per_s)
    burst = has(feed(d, book_at(100 + ((i % 2) ? 0.3 : -0.3)), t), FlashKind::volatility_burst);
  EXPECT_TRUE(burst);
  EXPECT_GE(d.volatility_ratio(), 3.0);
}

}  // namespace
}  // namespace symphony::market
