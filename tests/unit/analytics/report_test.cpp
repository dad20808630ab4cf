#include <symphony/analytics/report.hpp>

#include <symphony/store/sqlite_store.hpp>

#include "decimals.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace symphony::analytics {
namespace {

using test::m;

// A run written through the real store, with numbers chosen so every report field has a
// known value. The rows are independent of each other (the equity curve is not derived from
// the fills here): the report reads each table for its own fields.
class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStore s(dir.file("r.db"), store::RunInfo{"sim", 9, 0, "{}", {"BTCUSDT"}});
    run_id = s.run_id();
    s.publish({0, store::RunStarted{"sim", 9, m("1000")}});
    auto equity = [&](Timestamp ts, const char* eq, const char* wallet) {
      s.publish({ts, store::EquityEvent{m(eq), m(wallet), m(eq) - m(wallet), {}}});
    };
    equity(1, "1000", "1000");
    equity(2, "1100", "1100");  // peak
    equity(3, "880", "880");    // 20% below the peak
    equity(4, "990", "960");    // 30 of open P&L at the end
    auto fill = [&](std::uint64_t id, const char* fee, const char* realized) {
      store::FillEvent f;
      f.fill_id = id;
      f.client_order_id = "o" + std::to_string(id);
      f.side = "buy";
      f.fee = m(fee);
      f.realized_pnl = m(realized);
      s.publish({static_cast<Timestamp>(id), f});
    };
    fill(1, "1", "0");
    fill(2, "2", "-40");
    fill(3, "0.5", "3.5");
    auto trade = [&](std::uint64_t id, const char* agent, const char* net) {
      store::TradeEvent t;
      t.trade_id = id;
      t.agent = agent;
      t.pnl_net = m(net);
      s.publish({static_cast<Timestamp>(10 + id), t});
    };
    trade(1, "a", "12.5");
    trade(2, "a", "-20");
    trade(3, "b", "0");
    for (int i = 0; i < 4; ++i) {
      store::DecisionEvent d;
      d.agent = "a";
      d.action = i == 0 ? "BUY" : "HOLD";
      s.publish({i, d});
    }
    for (std::uint64_t i = 1; i <= 3; ++i) {
      store::LoopTickEvent t;
      t.tick = i;
      t.lateness_ns = static_cast<Duration>(i) * 1'500'000;
      t.regime_known = i > 1;
      t.regime = Regime::bull_trending;
      s.publish({static_cast<Timestamp>(i) * 5 * ns_per_s, t});
    }
    store::OrderEvent o;
    o.client_order_id = "o1";
    s.publish({1, o});
    s.publish({2, o});  // the same order again: counted once
    s.publish({5 * ns_per_s, store::RunEnded{m("990"), 15 * ns_per_s}});
    ASSERT_TRUE(s.close());
  }

  test::TempDir dir;
  std::int64_t run_id = 0;
};

TEST_F(ReportTest, EveryFieldFromTheStore) {
  const Report r = build_report(dir.file("r.db"), run_id);
  EXPECT_EQ(r.mode, "sim");
  EXPECT_EQ(r.seed, 9u);
  EXPECT_EQ(r.sim_seconds, 15);
  EXPECT_EQ(r.equity_start, m("1000"));
  EXPECT_EQ(r.equity_end, m("990"));
  EXPECT_EQ(r.fees, m("3.5"));
  EXPECT_EQ(r.realized_pnl, m("-36.5"));
  EXPECT_EQ(r.unrealized_pnl, m("30"));
  EXPECT_EQ(r.pnl_net, m("-36.5") - m("3.5") + m("30"));
  EXPECT_EQ(r.orders, 1);
  EXPECT_EQ(r.fills, 3);
  EXPECT_EQ(r.trades, 3);
  EXPECT_EQ(r.wins, 1);
  EXPECT_EQ(r.losses, 2);  // a zero-net trade is not a win
  EXPECT_NEAR(r.win_rate, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.max_drawdown, 0.2, 1e-12);
  EXPECT_EQ(r.regimes.at("UNCLASSIFIED"), 1);
  EXPECT_EQ(r.regimes.at("BULL_TRENDING"), 2);
  EXPECT_EQ(r.agents.at("a").decisions, 4);
  EXPECT_EQ(r.agents.at("a").signals, 1);
  EXPECT_EQ(r.agents.at("a").trades, 2);
  EXPECT_EQ(r.agents.at("a").pnl, m("-7.5"));
  EXPECT_EQ(r.agents.at("b").decisions, 0);
  EXPECT_EQ(r.loop_ticks, 3);
  EXPECT_DOUBLE_EQ(r.loop_max_lateness_ms, 4.5);
}

TEST_F(ReportTest, JsonHasTheContractKeysAndExactMoney) {
  const std::string text = to_json(build_report(dir.file("r.db"), run_id));
  const auto j = nlohmann::json::parse(text);
  for (const char* key : {"mode", "seed", "sim_seconds", "equity_start", "equity_end", "pnl_net", "fees", "orders",
                          "fills", "trades", "wins", "losses", "win_rate", "max_drawdown", "regimes", "agents", "loop"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_NE(text.find("\"pnl_net\": -10,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"fees\": 3.5,"), std::string::npos) << text;
  EXPECT_EQ(j["loop"]["ticks"], 3);
  EXPECT_EQ(j["agents"]["a"]["pnl"], -7.5);
}

TEST(Report, MissingRunIsAnError) {
  test::TempDir dir;
  { store::SqliteStore s(dir.file("r.db"), store::RunInfo{}); }
  EXPECT_THROW(build_report(dir.file("r.db"), 42), std::runtime_error);
}

}  // namespace
}  // namespace symphony::analytics
