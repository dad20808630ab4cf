#include <symphony/store/sqlite_db.hpp>
#include <symphony/store/sqlite_store.hpp>

#include "temp_dir.hpp"

#include <gtest/gtest.h>

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
