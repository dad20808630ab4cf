// symphonyd over simulated days: the store's growth and the trades-per-day limit in sim
// and validate mode. Long runs (label `slow`): the ci stage runs them, the sanitizer
// stages do not.
#include <symphony/store/sqlite_db.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace symphony {
namespace {

// Would-be orders of validate mode are never sent, so they never become trades and do not
// use up risk.max_trades_per_day: the run keeps deciding (and recording) all day long.
TEST(Daemon, ValidateModeDoesNotUseUpTheTradesPerDayLimit) {
  test::TempDir dir;
  const std::string cfg = dir.write("limit.json", R"({"risk": {"max_trades_per_day": 3}})");
  const auto r = test::run_daemon({"--config", cfg, "--mode", "validate", "--duration", "6h", "--speed", "max",
                                   "--seed", "7", "--report", "-", "--data-dir", dir.file("v")},
                                  dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["orders"].get<int>(), 3);  // more would-be entries than the limit allows trades
  store::SqliteDb db(dir.file("v/symphony.db"), true);
  store::SqliteStatement st(db.handle(), "SELECT COUNT(*) FROM decisions WHERE reason LIKE '%trades per day%'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int64(0), 0);
}

// In sim mode entries fill, and the limit holds: at most 3 entries filled per UTC day.
TEST(Daemon, FilledEntriesCountAgainstTheTradesPerDayLimit) {
  test::TempDir dir;
  const std::string cfg = dir.write("limit.json", R"({"risk": {"max_trades_per_day": 3}})");
  const auto r = test::run_daemon({"--config", cfg, "--mode", "sim", "--duration", "24h", "--speed", "max", "--seed",
                                   "7", "--report", "-", "--data-dir", dir.file("v")},
                                  dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  store::SqliteDb db(dir.file("v/symphony.db"), true);
  store::SqliteStatement st(db.handle(),
                            "SELECT created_ts / 86400000000000, COUNT(*) FROM orders WHERE purpose = 'entry' AND "
                            "filled_qty > 0 GROUP BY 1 ORDER BY 2 DESC");
  ASSERT_TRUE(st.step());
  EXPECT_LE(st.column_int64(1), 3);
  EXPECT_GE(st.column_int64(1), 1);
}

// A simulated day with the default config stores at most 20 MB (it was 160 MB when every
// unchanged HOLD vote was stored, twice), and what a user reads is still there.
TEST(Daemon, ASimulatedDayStoresAtMostTwentyMegabytes) {
  test::TempDir dir;
  const auto r = test::run_daemon({"--mode", "sim", "--duration", "24h", "--speed", "max", "--seed", "1", "--report",
                                   dir.file("report.json"), "--data-dir", dir.file("v")},
                                  dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto size = std::filesystem::file_size(dir.file("v/symphony.db"));
  EXPECT_LE(size, 20u << 20) << size << " bytes";
  store::SqliteDb db(dir.file("v/symphony.db"), true);
  auto count = [&](const char* sql) {
    store::SqliteStatement st(db.handle(), sql);
    return st.step() ? st.column_int64(0) : -1;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM equity"), 17'281);  // every tick, and the final one
  EXPECT_EQ(count("SELECT COUNT(*) FROM loop_ticks"), 17'280);
  EXPECT_GT(count("SELECT COUNT(*) FROM decisions WHERE action = 'HOLD'"), 0);
  // Every vote that backed a trade is kept.
  EXPECT_GE(count("SELECT COUNT(*) FROM decisions WHERE acted = 1"),
            count("SELECT COUNT(*) FROM orders WHERE purpose = 'entry'"));
  EXPECT_GT(count("SELECT COUNT(*) FROM trades"), 0);
}

}  // namespace
}  // namespace symphony
