#include <symphony/risk/risk_engine.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

namespace symphony::risk {
namespace {

using test::m;
using test::p;
using test::q;

Instrument btc() { return test::instrument("BTCUSDT", "0.1", "0.001", "0.001", "5"); }

AccountView account(const char* equity) { return {m(equity), {}, 0, false}; }

TEST(RiskEngine, SizesFromRiskPerTradeAndStopDistance) {
  RiskEngine r(RiskConfig{}, m("100000"), 0);
  // 0.5% of 100,000 = 500 at risk; a 1,000 stop distance → 0.5 BTC.
  const Verdict v = r.check({0, Side::buy, p("60000"), p("59000")}, btc(), account("100000"));
  ASSERT_TRUE(v.approved) << v.reason;
  EXPECT_EQ(v.qty, q("0.5"));
}

TEST(RiskEngine, RoundsSizeDownToStep) {
  RiskEngine r(RiskConfig{}, m("100000"), 0);
  const Verdict v = r.check({0, Side::sell, p("60000"), p("60700")}, btc(), account("100000"));
  ASSERT_TRUE(v.approved);
  EXPECT_EQ(v.qty, q("0.714"));  // 500 / 700 = 0.71428…
}

TEST(RiskEngine, CapsByPositionNotional) {
  RiskEngine r(RiskConfig{}, m("100000"), 0);
  const Verdict v = r.check({0, Side::buy, p("60000"), p("59950")}, btc(), account("100000"));
  ASSERT_TRUE(v.approved);
  EXPECT_EQ(v.qty, q("0.833"));  // 50,000 / 60,000, not 500 / 50 = 10
  EXPECT_EQ(v.reason, "capped by max position notional");
}

// A tiny stop distance on a tiny price: the size overflows the fixed-point range. It is
// refused with its reason (in release builds it once became a huge negative quantity).
TEST(RiskEngine, AnOutOfRangeSizeIsRefused) {
  RiskConfig c;
  c.min_stop_distance = Ratio{};
  c.max_position_notional = m("1000000000");
  c.max_total_exposure = m("1000000000");
  RiskEngine r(c, m("1000000"), 0);
  const Instrument tiny = test::instrument("PEPEUSDT", "0.00000001", "1", "1", "5");
  const Verdict v = r.check({0, Side::buy, p("0.00000100"), p("0.00000097")}, tiny, account("1000000"));
  EXPECT_FALSE(v.approved);
  EXPECT_NE(v.reason.find("out of range"), std::string::npos) << v.reason;
  EXPECT_TRUE(v.qty.is_zero());
}

// Instrument::check_order was never called: an entry is capped at the venue's largest
// market order, and one outside the venue's price limits is refused before it is sent.
TEST(RiskEngine, EntriesStayWithinTheVenuesLimits) {
  RiskEngine r(RiskConfig{}, m("100000"), 0);
  Instrument capped = btc();
  capped.market_max_qty = q("0.2");
  Verdict v = r.check({0, Side::buy, p("60000"), p("59000")}, capped, account("100000"));
  ASSERT_TRUE(v.approved) << v.reason;
  EXPECT_EQ(v.qty, q("0.2"));
  EXPECT_EQ(v.reason, "capped by the venue's market order maximum");
  Instrument banded = btc();
  banded.max_price = p("50000");
  v = r.check({0, Side::buy, p("60000"), p("59000")}, banded, account("100000"));
  EXPECT_FALSE(v.approved);
  EXPECT_NE(v.reason.find("outside the venue's limits: price 60000 is above the maximum 50000"), std::string::npos)
      << v.reason;
}

TEST(RiskEngine, RefusesWithReasons) {
  RiskEngine r(RiskConfig{}, m("100000"), 0);
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("61000")}, btc(), account("100000")).reason,
            "stop is not on the losing side of the entry");
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("59999")}, btc(), account("100000")).reason,
            "stop is closer than the minimum distance");
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("50000")}, btc(), account("100000")).reason,
            "stop is further than the maximum distance");
  AccountView busy = account("100000");
  busy.has_position_on_instrument = true;
  EXPECT_FALSE(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), busy).approved);
  AccountView full = account("100000");
  full.exposure = m("150000");
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), full).reason, "no room under max total exposure");
}

TEST(RiskEngine, DailyLossLimitBlocksUntilNextUtcDay) {
  RiskEngine r(RiskConfig{}, m("100000"), 0);
  EXPECT_TRUE(r.on_equity(ns_per_hour, m("98000")).empty());
  const auto breaches = r.on_equity(2 * ns_per_hour, m("96999"));
  ASSERT_EQ(breaches.size(), 1u);
  EXPECT_EQ(breaches[0].kind, "daily_loss_limit");
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), account("96999")).reason,
            "daily loss limit reached");
  r.on_equity(ns_per_day + 1, m("96999"));
  EXPECT_TRUE(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), account("96999")).approved);
}

TEST(RiskEngine, DrawdownTripsKillSwitch) {
  RiskConfig c;
  c.daily_loss_limit = Ratio::from_units(1);
  RiskEngine r(c, m("100000"), 0);
  r.on_equity(1, m("120000"));
  EXPECT_TRUE(r.on_equity(2, m("97000")).empty());   // 19.2% below the peak
  const auto breaches = r.on_equity(3, m("96000"));  // 20%
  ASSERT_EQ(breaches.size(), 1u);
  EXPECT_EQ(breaches[0].kind, "kill_switch");
  EXPECT_TRUE(r.kill_switch());
  r.on_equity(ns_per_day * 2, m("130000"));
  EXPECT_FALSE(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), account("130000")).approved);
}

TEST(RiskEngine, TradesPerDayLimit) {
  RiskConfig c;
  c.max_trades_per_day = 2;
  RiskEngine r(c, m("100000"), 0);
  r.on_trade_opened();
  r.on_trade_opened();
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), account("100000")).reason,
            "trades per day limit reached");
}

// Entries still working hold their place under the limit; entries that never filled
// (rejected, canceled, withheld in validate mode) never counted.
TEST(RiskEngine, PendingEntriesHoldAPlaceUnderTheTradesPerDayLimit) {
  RiskConfig c;
  c.max_trades_per_day = 2;
  RiskEngine r(c, m("100000"), 0);
  AccountView a = account("100000");
  EXPECT_TRUE(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), a).approved);
  a.pending_entries = 2;
  EXPECT_EQ(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), a).reason, "trades per day limit reached");
  r.on_trade_opened();
  a.pending_entries = 0;  // the other pending entry ended unfilled
  EXPECT_TRUE(r.check({0, Side::buy, p("60000"), p("59000")}, btc(), a).approved);
  EXPECT_EQ(r.trades_today(), 1);
}

}  // namespace
}  // namespace symphony::risk
