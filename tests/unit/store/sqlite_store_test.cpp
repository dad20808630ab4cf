#include <symphony/store/sqlite_db.hpp>
#include <symphony/store/sqlite_store.hpp>

#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace symphony::store {
namespace {

std::int64_t count(const std::string& path, const std::string& sql) {
  SqliteDb db(path, true);
  SqliteStatement s(db.handle(), sql);
  s.step();
  return s.column_int64(0);
}

TEST(SqliteStore, PersistsEveryEventEvenWhenTheRingOverflows) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  RunInfo run{"sim", 3, 0, "{}", {"BTCUSDT"}};
  SqliteStore store(path, run, /*ring_capacity=*/16);
  constexpr int n = 5000;
  for (int i = 0; i < n; ++i) {
    FillEvent f;
    f.fill_id = static_cast<std::uint64_t>(i + 1);
    f.client_order_id = "c-" + std::to_string(i);
    f.qty = Qty::from_units(1);
    f.price = Price::from_units(100);
    f.fee = Money::from_raw(i);
    f.side = "buy";
    store.publish({i, f});
  }
  ASSERT_TRUE(store.close()) << store.error();
  EXPECT_GT(store.overflowed(), 0u);  // the tiny ring really did fill up
  EXPECT_EQ(count(path, "SELECT count(*) FROM fills"), n);
  EXPECT_EQ(count(path, "SELECT count(*) FROM events WHERE type = 'fill'"), n);
  EXPECT_EQ(count(path, "SELECT sum(fee) FROM fills"), static_cast<std::int64_t>(n) * (n - 1) / 2);
  // Order is preserved: sequence numbers follow publication order.
  EXPECT_EQ(count(path, "SELECT count(*) FROM events e JOIN fills f ON f.fill_id = e.seq + 1 AND e.ts = f.ts"), n);
}

TEST(SqliteStore, SeparatesRunsAndUpsertsOrders) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  for (int runs = 0; runs < 2; ++runs) {
    SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT"}});
    EXPECT_EQ(store.run_id(), runs + 1);
    OrderEvent o;
    o.client_order_id = "x-1";
    o.status = "pending_new";
    store.publish({1, o});
    o.status = "filled";
    store.publish({2, o});
    store.publish({3, RunEnded{Money::from_units(5), 3}});
    ASSERT_TRUE(store.close());
  }
  EXPECT_EQ(count(path, "SELECT count(*) FROM orders"), 2);
  EXPECT_EQ(count(path, "SELECT count(*) FROM orders WHERE status = 'filled'"), 2);
  EXPECT_EQ(count(path, "SELECT count(*) FROM runs WHERE complete = 1"), 2);
}

TEST(SqliteStore, RecordsRegimeMeasurementsAndMigratesAnOlderDatabase) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  {
    // The regimes table as the first versions made it, with a row in it.
    SqliteDb db(path);
    db.exec(
        "CREATE TABLE regimes (run_id INTEGER NOT NULL, ts INTEGER NOT NULL, instrument INTEGER, regime TEXT NOT NULL, "
        "confidence REAL NOT NULL, true_regime TEXT);"
        "INSERT INTO regimes VALUES (1, 5, 0, 'RANGE_BOUND', 0.7, NULL);");
  }
  for (int opened = 0; opened < 2; ++opened) {  // the second opening finds the columns there
    SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT"}});
    RegimeEvent e;
    e.instrument = 0;
    e.regime = Regime::bear_trending;
    e.confidence = 0.9;
    e.trend_strength = -3.25;
    e.volatility_level = 1.5;
    e.ts_us = 7'000'000;
    e.has_true_regime = true;
    e.true_regime = Regime::bear_trending;
    store.publish({7'000'000'000, e});
    ASSERT_TRUE(store.close()) << store.error();
  }
  EXPECT_EQ(count(path, "SELECT count(*) FROM regimes"), 3);
  EXPECT_EQ(count(path, "SELECT count(*) FROM regimes WHERE trend_strength IS NULL AND regime = 'RANGE_BOUND'"), 1);
  EXPECT_EQ(count(path, "SELECT count(*) FROM regimes WHERE trend_strength = -3.25 AND volatility_level = 1.5"), 2);
  EXPECT_EQ(count(path,
                  "SELECT count(*) FROM events WHERE type = 'regime' AND json_extract(payload, '$.ts_us') = 7000000 "
                  "AND json_extract(payload, '$.trend_strength') = -3.25"),
            2);
}

// Trade ids are per symbol: BTC's fill 7 and ETH's fill 7 are both kept, also in a
// database made when fills were keyed by id alone (its rows are carried over).
TEST(SqliteStore, FillIdsArePerInstrument) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  {
    SqliteDb db(path);
    db.exec(
        "CREATE TABLE fills (run_id INTEGER NOT NULL, fill_id INTEGER NOT NULL, client_order_id TEXT NOT NULL, "
        "instrument INTEGER NOT NULL, side TEXT NOT NULL, qty INTEGER NOT NULL, price INTEGER NOT NULL, "
        "fee INTEGER NOT NULL, liquidity TEXT NOT NULL, realized_pnl INTEGER NOT NULL, ts INTEGER NOT NULL, "
        "PRIMARY KEY (run_id, fill_id));"
        "INSERT INTO fills VALUES (9, 7, 'old', 0, 'buy', 1, 1, 0, 'taker', 0, 1);");
  }
  SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT", "ETHUSDT"}});
  for (InstrumentId i = 0; i < 2; ++i) {
    FillEvent f;
    f.fill_id = 7;
    f.instrument = i;
    f.client_order_id = "c-" + std::to_string(i);
    f.side = "buy";
    store.publish({1, f});
  }
  ASSERT_TRUE(store.close()) << store.error();
  EXPECT_EQ(count(path, "SELECT count(*) FROM fills WHERE fill_id = 7"), 3);
  EXPECT_EQ(count(path, "SELECT count(*) FROM fills WHERE client_order_id = 'old'"), 1);
}

FillEvent fill(std::uint64_t id) {
  FillEvent f;
  f.fill_id = id;
  f.client_order_id = "c-" + std::to_string(id);
  f.side = "buy";
  return f;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The writer once dropped a batch after 50 failures. An event the database refuses on its
// own (here a fill repeated under the same key) no longer holds the others back: they
// are written, it is spooled, and close() says where.
TEST(SqliteStore, AnEventTheDatabaseRefusesIsSpooledAndTheRestWritten) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT"}});
  for (std::uint64_t i = 1; i <= 10; ++i) store.publish({static_cast<Timestamp>(i), fill(i)});
  store.publish({11, fill(5)});  // the same (run, instrument, fill id) again
  for (std::uint64_t i = 12; i <= 20; ++i) store.publish({static_cast<Timestamp>(i), fill(i)});
  EXPECT_FALSE(store.close());
  EXPECT_NE(store.error().find("spooled to '" + store.spool_path() + "'"), std::string::npos) << store.error();
  EXPECT_EQ(store.spooled(), 1u);
  EXPECT_EQ(count(path, "SELECT count(*) FROM fills"), 19);
  const auto spooled = lines_of(store.spool_path());
  ASSERT_EQ(spooled.size(), 1u);
  EXPECT_NE(spooled[0].find(R"("ts":11,"type":"fill")"), std::string::npos) << spooled[0];
  EXPECT_NE(spooled[0].find(R"("fill_id":5)"), std::string::npos) << spooled[0];
}

// Another process holds the database's write lock: nothing can be written. The store says
// it is unhealthy (the engine stops entries), keeps every event, and writes them all once
// the lock is gone, healthy again, with no error left.
TEST(SqliteStore, AnOutageIsRiddenOutWithoutLosingAnEvent) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  StoreLimits limits;
  limits.ring_capacity = 64;
  limits.busy_timeout = 20 * ns_per_ms;
  SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT"}}, limits);
  auto locker = std::make_unique<SqliteDb>(path);
  locker->set_busy_timeout(5 * ns_per_s);
  locker->exec("BEGIN EXCLUSIVE");
  constexpr int n = 500;
  for (int i = 0; i < n; ++i) store.publish({i, fill(static_cast<std::uint64_t>(i + 1))});
  ASSERT_TRUE(store.wait_for_health(false, 60 * ns_per_s)) << "the writer never reported the outage";
  EXPECT_FALSE(store.healthy());
  EXPECT_GT(store.overflowed(), 0u);  // the ring filled behind the stuck writer
  locker->exec("ROLLBACK");
  locker.reset();
  ASSERT_TRUE(store.wait_for_health(true, 60 * ns_per_s)) << "the writer never recovered";
  ASSERT_TRUE(store.close()) << store.error();
  EXPECT_EQ(store.spooled(), 0u);
  EXPECT_EQ(count(path, "SELECT count(*) FROM fills"), n);
}

// Still failing at shutdown: what cannot be written is spooled, line by line, not lost.
TEST(SqliteStore, AtShutdownWhatCannotBeWrittenIsSpooled) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  StoreLimits limits;
  limits.ring_capacity = 64;
  limits.busy_timeout = 10 * ns_per_ms;
  limits.close_attempts = 2;
  SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT"}}, limits);
  SqliteDb locker(path);
  locker.exec("BEGIN EXCLUSIVE");
  constexpr int n = 300;
  for (int i = 0; i < n; ++i) store.publish({i, fill(static_cast<std::uint64_t>(i + 1))});
  EXPECT_FALSE(store.close());
  EXPECT_EQ(store.spooled(), static_cast<std::uint64_t>(n));
  EXPECT_EQ(lines_of(store.spool_path()).size(), static_cast<std::size_t>(n));
  EXPECT_NE(store.error().find("unwritten at shutdown"), std::string::npos) << store.error();
  locker.exec("ROLLBACK");
}

TEST(SqliteStore, UnopenableDatabaseNamesThePath) {
  try {
    SqliteStore store("/nonexistent-dir/x/events.db", RunInfo{});
    FAIL() << "expected an exception";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/events.db"), std::string::npos);
  }
}

// What used to be stored as "...; risk refused: tra": every reason the daemon composes
// is kept whole, through the ring and into the decisions table.
TEST(SqliteStore, ReasonsAreStoredWhole) {
  test::TempDir dir;
  const std::string path = dir.file("events.db");
  const std::string reason =
      "momentum_hunter's turn: EMA9 crossed above EMA21 with RSI 61.2 and volume 1.8x its average; risk refused: "
      "trades per day limit reached; not traded: aster: the account is in hedge mode (dual-side positions)";
  ASSERT_GT(reason.size(), 111u);
  {
    SqliteStore store(path, RunInfo{"sim", 1, 0, "{}", {"BTCUSDT"}});
    DecisionEvent d;
    d.agent = "momentum_hunter";
    d.action = "BUY";
    d.reason = reason;
    store.publish({1, d});
    ASSERT_TRUE(store.close()) << store.error();
  }
  SqliteDb db(path, true);
  SqliteStatement st(db.handle(), "SELECT reason FROM decisions");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), reason);
}

// Text that could never fit ends on a whole word (or UTF-8 character), marked with "…".
TEST(FixedString, NeverCutsMidWord) {
  FixedString<16> s("risk refused: trades per day");
  EXPECT_EQ(s.view(), "risk\xE2\x80\xA6");
  FixedString<16> fits("exactly fifteen");
  EXPECT_EQ(fits.view(), "exactly fifteen");
  FixedString<12> word("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");  // one word of six 2-byte letters
  EXPECT_EQ(word.view(), "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(clip_words("one two three", 9), "one\xE2\x80\xA6");
  EXPECT_EQ(clip_words("one two", 9), "one two");
}

}  // namespace
}  // namespace symphony::store
