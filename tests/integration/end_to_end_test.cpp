// Runs the real symphonyd binary for six simulated hours at --speed max and checks what a
// user relies on: it trades, the books balance to the last 1e-8, and a seed reproduces a
// run byte for byte.
#include <symphony/store/sqlite_db.hpp>

#include "process.hpp"
#include "report_fields.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace symphony {
namespace {

using store::SqliteDb;
using store::SqliteStatement;

struct DaemonRun {
  test::ProcessResult process;
  std::string report;
  std::string db;
};

DaemonRun run_six_hours(const test::TempDir& dir, const std::string& seed) {
  DaemonRun r;
  r.process = test::run_daemon({"--duration", "6h", "--speed", "max", "--seed", seed, "--data-dir", dir.file("var"),
                                "--report", dir.file("report.json"), "--log-level", "warn"},
                               dir.path().string());
  r.report = test::read_file(dir.file("report.json"));
  r.db = dir.file("var/symphony.db");
  return r;
}

class EndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    first_dir = new test::TempDir;
    first = new DaemonRun(run_six_hours(*first_dir, "7"));
  }
  static void TearDownTestSuite() {
    delete first;
    delete first_dir;
  }
  static test::TempDir* first_dir;
  static DaemonRun* first;
};
test::TempDir* EndToEnd::first_dir = nullptr;
DaemonRun* EndToEnd::first = nullptr;

TEST_F(EndToEnd, RunsSixSimulatedHoursAndTrades) {
  ASSERT_EQ(first->process.exit_code, 0) << first->process.err;
  const auto j = nlohmann::json::parse(first->report);
  EXPECT_EQ(j["mode"], "sim");
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["sim_seconds"], 6 * 3600);
  EXPECT_GT(j["trades"].get<int>(), 0);
  EXPECT_GT(j["fills"].get<int>(), 0);
  EXPECT_GE(j["orders"].get<int>(), j["trades"].get<int>() * 2);  // at least an entry and an exit each
  EXPECT_EQ(j["wins"].get<int>() + j["losses"].get<int>(), j["trades"].get<int>());
  EXPECT_EQ(j["loop"]["ticks"], 6 * 3600 / 5);
  std::int64_t ticks = 0;
  for (const auto& [name, n] : j["regimes"].items()) ticks += n.get<std::int64_t>();
  EXPECT_EQ(ticks, 6 * 3600 / 5);
  ASSERT_TRUE(j["agents"].contains("momentum_hunter"));
  EXPECT_GT(j["agents"]["momentum_hunter"]["decisions"].get<int>(), 0);
  for (const char* key : {"mode", "seed", "sim_seconds", "equity_start", "equity_end", "pnl_net", "fees", "orders",
                          "fills", "trades", "wins", "losses", "win_rate", "max_drawdown", "regimes", "agents", "loop"})
    EXPECT_TRUE(j.contains(key)) << key;
}

TEST_F(EndToEnd, MoneyIsExact) {
  const std::string& r = first->report;
  const Money start = test::report_money(r, "equity_start");
  EXPECT_EQ(start, Money::from_units(100'000));
  EXPECT_EQ(test::report_money(r, "equity_end"), start + test::report_money(r, "pnl_net"));
  EXPECT_EQ(test::report_money(r, "pnl_net"), test::report_money(r, "realized_pnl") - test::report_money(r, "fees") +
                                                  test::report_money(r, "unrealized_pnl"));
  EXPECT_GT(test::report_money(r, "fees"), Money{});
}

TEST_F(EndToEnd, FillsAddUpToPositionsAndCash) {
  SqliteDb db(first->db, true);
  auto one = [&](const std::string& sql) {
    SqliteStatement s(db.handle(), sql);
    EXPECT_TRUE(s.step()) << sql;
    return s.column_int64(0);
  };
  // Every instrument's final position is the signed sum of its fills.
  SqliteStatement per(
      db.handle(),
      "SELECT i.instrument, coalesce((SELECT sum(CASE side WHEN 'buy' THEN qty ELSE -qty END) FROM fills f "
      "WHERE f.run_id = 1 AND f.instrument = i.instrument), 0), coalesce((SELECT qty FROM positions p "
      "WHERE p.run_id = 1 AND p.instrument = i.instrument), 0) FROM instruments i WHERE i.run_id = 1");
  int instruments = 0;
  while (per.step()) {
    ++instruments;
    EXPECT_EQ(per.column_int64(1), per.column_int64(2)) << "instrument " << per.column_int64(0);
  }
  EXPECT_EQ(instruments, 3);
  // Each order's filled quantity is the sum of its fills.
  EXPECT_EQ(one("SELECT count(*) FROM orders o WHERE run_id = 1 AND filled_qty != coalesce((SELECT sum(qty) FROM "
                "fills f WHERE f.run_id = 1 AND f.client_order_id = o.client_order_id), 0)"),
            0);
  // Cash: the final wallet is the start plus realized P&L minus fees; equity is cash plus
  // open P&L.
  const std::int64_t start = one("SELECT equity_start FROM runs WHERE run_id = 1");
  const std::int64_t realized = one("SELECT sum(realized_pnl) FROM fills WHERE run_id = 1");
  const std::int64_t fees = one("SELECT sum(fee) FROM fills WHERE run_id = 1");
  const std::int64_t wallet = one("SELECT wallet FROM equity WHERE run_id = 1 ORDER BY ts DESC, rowid DESC LIMIT 1");
  const std::int64_t equity = one("SELECT equity FROM equity WHERE run_id = 1 ORDER BY ts DESC, rowid DESC LIMIT 1");
  const std::int64_t unrealized =
      one("SELECT unrealized FROM equity WHERE run_id = 1 ORDER BY ts DESC, rowid DESC LIMIT 1");
  EXPECT_EQ(wallet, start + realized - fees);
  EXPECT_EQ(equity, wallet + unrealized);
  EXPECT_EQ(one("SELECT count(*) FROM equity WHERE run_id = 1 AND equity != wallet + unrealized"), 0);
  // Every round trip's net is its gross minus its fees, and together they are all the P&L
  // of positions that closed.
  EXPECT_EQ(one("SELECT count(*) FROM trades WHERE run_id = 1 AND pnl_net != pnl_gross - fees"), 0);
  if (unrealized == 0 && one("SELECT count(*) FROM positions WHERE run_id = 1 AND qty != 0") == 0) {
    EXPECT_EQ(one("SELECT sum(pnl_net) FROM trades WHERE run_id = 1"), realized - fees);
  }
  // Nothing is left working at the end: shutdown canceled every order.
  EXPECT_EQ(one("SELECT count(*) FROM orders WHERE run_id = 1 AND status IN ('pending_new', 'accepted', "
                "'partially_filled')"),
            0);
}

TEST_F(EndToEnd, SameSeedGivesByteIdenticalReport) {
  test::TempDir dir;
  const DaemonRun again = run_six_hours(dir, "7");
  ASSERT_EQ(again.process.exit_code, 0) << again.process.err;
  EXPECT_EQ(again.report, first->report);
}

TEST_F(EndToEnd, DifferentSeedGivesDifferentRun) {
  test::TempDir dir;
  const DaemonRun other = run_six_hours(dir, "8");
  ASSERT_EQ(other.process.exit_code, 0) << other.process.err;
  EXPECT_NE(other.report, first->report);
}

}  // namespace
}  // namespace symphony
