#include <symphony/market/book_builder.hpp>

#include <capture.hpp>
#include <decimals.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <vector>

namespace symphony::market {
namespace {

using test::p;
using test::q;

Level lvl(const char* price, const char* qty) { return {p(price), q(qty)}; }

const std::vector<Level> snap_bids{lvl("99", "1"), lvl("98", "1")};
const std::vector<Level> snap_asks{lvl("101", "1"), lvl("102", "1")};

BookSnapshot snapshot(std::uint64_t id, Timestamp ts = 1) { return {0, ts, snap_bids, snap_asks, id}; }

// A diff that sets the best bid's quantity to `bid_qty`, numbered U..u with pu.
struct Diff {
  std::vector<Level> bids;
  std::vector<Level> asks;
  BookDiff view(std::uint64_t first, std::uint64_t last, std::uint64_t prev = 0, Timestamp ts = 2) const {
    return {0, ts, first, last, prev, bids, asks};
  }
};
Diff bid_qty(const char* qty) { return {{lvl("99", qty)}, {}}; }

TEST(BookBuilder, BinanceStyleBuffersDiffsUntilASnapshotJoinsThem) {
  BookBuilder b(book_sequencing::update_id_chain);
  EXPECT_TRUE(b.needs_snapshot());
  const auto d1 = bid_qty("2"), d2 = bid_qty("3"), d3 = bid_qty("4");
  EXPECT_EQ(b.on_diff(d1.view(90, 95, 89)), book_status::buffered);   // u < L: dropped at replay
  EXPECT_EQ(b.on_diff(d2.view(96, 105, 95)), book_status::buffered);  // straddles L = 100
  EXPECT_EQ(b.on_diff(d3.view(106, 110, 105)), book_status::buffered);
  EXPECT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  EXPECT_EQ(b.state(), book_sync::live);
  EXPECT_EQ(b.update_id(), 110u);
  EXPECT_EQ(b.book().best_bid()->qty, q("4"));
  EXPECT_EQ(b.counters().diffs_applied, 2u);
  EXPECT_EQ(b.counters().diffs_ignored, 1u);
  // In sequence: pu = previous u.
  const auto d4 = bid_qty("5");
  EXPECT_EQ(b.on_diff(d4.view(111, 120, 110)), book_status::ok);
  // A replayed diff is ignored.
  EXPECT_EQ(b.on_diff(d4.view(111, 120, 110)), book_status::ignored);
  EXPECT_EQ(b.book().best_bid()->qty, q("5"));
}

TEST(BookBuilder, BinanceStyleGapMakesTheBookStaleUntilANewSnapshot) {
  BookBuilder b(book_sequencing::update_id_chain);
  ASSERT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  const auto d = bid_qty("2");
  ASSERT_EQ(b.on_diff(d.view(95, 101, 94)), book_status::ok);
  // pu 150 ≠ 101: a diff was lost.
  EXPECT_EQ(b.on_diff(d.view(151, 160, 150)), book_status::gap);
  EXPECT_TRUE(needs_resync(book_status::gap));
  EXPECT_EQ(b.state(), book_sync::stale);
  EXPECT_TRUE(b.needs_snapshot());
  EXPECT_EQ(b.counters().gaps, 1u);
  // Later diffs wait for the new snapshot, which the kept gap diff then joins.
  const auto d2 = bid_qty("7");
  EXPECT_EQ(b.on_diff(d2.view(161, 170, 160)), book_status::buffered);
  EXPECT_EQ(b.on_snapshot(snapshot(155)), book_status::ok);
  EXPECT_EQ(b.state(), book_sync::live);
  EXPECT_EQ(b.update_id(), 170u);
  EXPECT_EQ(b.book().best_bid()->qty, q("7"));
}

TEST(BookBuilder, SnapshotOlderThanEveryBufferedDiffIsAGap) {
  BookBuilder b(book_sequencing::update_id_chain);
  const auto d = bid_qty("2");
  b.on_diff(d.view(200, 210, 199));
  b.on_diff(d.view(211, 220, 210));
  EXPECT_EQ(b.on_snapshot(snapshot(100)), book_status::gap);  // nothing joins 100
  EXPECT_EQ(b.state(), book_sync::stale);
  // Both diffs are still held, so a newer snapshot can join them.
  EXPECT_EQ(b.on_snapshot(snapshot(205)), book_status::ok);
  EXPECT_EQ(b.update_id(), 220u);
}

TEST(BookBuilder, SnapshotNewerThanBufferedDiffsWaitsForTheJoiningOne) {
  BookBuilder b(book_sequencing::update_id_chain);
  const auto d = bid_qty("2");
  b.on_diff(d.view(80, 90, 79));
  EXPECT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  EXPECT_EQ(b.state(), book_sync::syncing);
  EXPECT_TRUE(b.usable());
  EXPECT_EQ(b.on_diff(d.view(91, 99, 90)), book_status::ignored);
  EXPECT_EQ(b.on_diff(d.view(101, 104, 100)), book_status::ok);  // pu = L joins too
  EXPECT_EQ(b.state(), book_sync::live);
}

TEST(BookBuilder, OlderSnapshotWhileLiveIsIgnored) {
  BookBuilder b(book_sequencing::update_id_chain);
  ASSERT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  EXPECT_EQ(b.on_snapshot(snapshot(90)), book_status::ignored);
  EXPECT_EQ(b.update_id(), 100u);
}

TEST(BookBuilder, CrossedAfterADiffMakesTheBookStale) {
  BookBuilder b(book_sequencing::update_id_chain);
  ASSERT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  const Diff cross{{lvl("101.5", "1")}, {}};
  EXPECT_EQ(b.on_diff(cross.view(101, 101, 100)), book_status::crossed);
  EXPECT_EQ(b.state(), book_sync::stale);
  const Diff lock{{lvl("99.5", "1")}, {lvl("101.5", "0"), lvl("101", "0"), lvl("99.5", "2")}};
  BookBuilder c(book_sequencing::update_id_chain);
  ASSERT_EQ(c.on_snapshot(snapshot(100)), book_status::ok);
  EXPECT_EQ(c.on_diff(lock.view(101, 101, 100)), book_status::locked);
  EXPECT_EQ(c.counters().crossed, 1u);
}

TEST(BookBuilder, MalformedDiffInSequenceIsRejectedAndMakesTheBookStale) {
  BookBuilder b(book_sequencing::update_id_chain);
  ASSERT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  const Diff bad{{{p("99"), Qty::from_raw(-1)}}, {}};
  EXPECT_EQ(b.on_diff(bad.view(101, 101, 100)), book_status::rejected);
  EXPECT_EQ(b.state(), book_sync::stale);
  EXPECT_EQ(b.book().best_bid()->qty, q("1"));  // nothing applied
}

TEST(BookBuilder, MexcVersionChain) {
  BookBuilder b(book_sequencing::version_chain);
  const auto d = bid_qty("2"), e = bid_qty("3");
  b.on_diff(d.view(95, 100));   // toVersion ≤ V: dropped
  b.on_diff(d.view(101, 103));  // fromVersion = V + 1: joins
  ASSERT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  EXPECT_EQ(b.update_id(), 103u);
  EXPECT_EQ(b.on_diff(e.view(104, 104)), book_status::ok);
  EXPECT_EQ(b.book().best_bid()->qty, q("3"));
  EXPECT_EQ(b.on_diff(e.view(106, 107)), book_status::gap);  // 105 missing
  EXPECT_TRUE(b.needs_snapshot());
}

TEST(BookBuilder, SnapshotOnlyVenueReplacesTheBookAndIgnoresOlderOnes) {
  BookBuilder b(book_sequencing::snapshots_only);
  ASSERT_EQ(b.on_snapshot(snapshot(0, 10)), book_status::ok);
  EXPECT_TRUE(b.usable());
  EXPECT_EQ(b.on_snapshot(snapshot(0, 5)), book_status::ignored);
  EXPECT_EQ(b.on_snapshot(snapshot(0, 11)), book_status::ok);
  const auto d = bid_qty("2");
  EXPECT_EQ(b.on_diff(d.view(1, 1)), book_status::rejected);
  EXPECT_TRUE(b.usable());
}

TEST(BookBuilder, BufferOverflowKeepsTheNewestDiffs) {
  BookBuilder b(book_sequencing::update_id_chain, Price::from_raw(1'000'000), {OrderBook::default_window, 4, 64});
  const auto d = bid_qty("2");
  for (std::uint64_t i = 0; i < 6; ++i) b.on_diff(d.view(10 * i + 1, 10 * i + 10, 10 * i));
  EXPECT_EQ(b.counters().buffer_overflows, 1u);
  // Diffs 1..40 went with the overflow; a snapshot at 45 joins the kept 41..50.
  EXPECT_EQ(b.on_snapshot(snapshot(45)), book_status::ok);
  EXPECT_EQ(b.update_id(), 60u);
}

TEST(BookBuilder, InvalidateWaitsForASnapshot) {
  BookBuilder b(book_sequencing::update_id_chain);
  ASSERT_EQ(b.on_snapshot(snapshot(100)), book_status::ok);
  b.invalidate();
  EXPECT_TRUE(b.needs_snapshot());
  const auto d = bid_qty("2");
  EXPECT_EQ(b.on_diff(d.view(101, 102, 100)), book_status::buffered);
}

std::vector<Level> parse_levels(const nlohmann::json& arr) {
  std::vector<Level> out;
  out.reserve(arr.size());
  for (const auto& l : arr) out.push_back({p(l[0].get<std::string>().c_str()), q(l[1].get<std::string>().c_str())});
  return out;
}

// Extracts an integer field from a JSON object's text without a full parse.
std::uint64_t field(std::string_view frame, std::string_view key) {
  const auto at = frame.find(key);
  if (at == std::string_view::npos) return 0;
  return std::stoull(std::string(frame.substr(at + key.size(), 20)));
}

// The real Binance USDⓈ-M capture (Aster's wire format; tests/data/binance-usdm/README.md):
// built the documented way the chain has no gap, and whenever a bookTicker carries the
// update id of the last applied diff, the book's best bid and ask equal the ticker's.
TEST(BookBuilder, ReplaysRealBinanceCaptureWithoutGapsAndMatchesBookTicker) {
  BookBuilder b(book_sequencing::update_id_chain, test::p("0.1"));
  std::size_t diffs = 0, matched = 0, not_ok = 0;
  // bookTicker is real time and the diff stream batched, so a ticker may arrive before the
  // diff that ends at its update id: hold those until the book reaches the id.
  std::map<std::uint64_t, nlohmann::json> early;
  const auto compare = [&](const nlohmann::json& t) {
    ASSERT_EQ(b.book().best_bid()->price, p(t["b"].get<std::string>().c_str()));
    ASSERT_EQ(b.book().best_bid()->qty, q(t["B"].get<std::string>().c_str()));
    ASSERT_EQ(b.book().best_ask()->price, p(t["a"].get<std::string>().c_str()));
    ASSERT_EQ(b.book().best_ask()->qty, q(t["A"].get<std::string>().c_str()));
    ++matched;
  };
  test::read_capture("binance-usdm/btcusdt_20240808.gz", [&](std::int64_t recv, std::string_view frame) {
    if (frame.find("\"lastUpdateId\"") != std::string_view::npos) {
      const auto j = nlohmann::json::parse(frame);
      const auto bids = parse_levels(j["bids"]), asks = parse_levels(j["asks"]);
      const auto st = b.on_snapshot({0, recv, bids, asks, j["lastUpdateId"].get<std::uint64_t>()});
      EXPECT_EQ(st, book_status::ok);
      return;
    }
    if (frame.find("@depth") != std::string_view::npos) {
      const auto j = nlohmann::json::parse(frame)["data"];
      const auto bids = parse_levels(j["b"]), asks = parse_levels(j["a"]);
      const auto st = b.on_diff({0, recv, j["U"].get<std::uint64_t>(), j["u"].get<std::uint64_t>(),
                                 j["pu"].get<std::uint64_t>(), bids, asks});
      ++diffs;
      if (st != book_status::ok && st != book_status::buffered && st != book_status::ignored) ++not_ok;
      if (b.state() == book_sync::live) {
        if (const auto it = early.find(b.update_id()); it != early.end()) compare(it->second);
        early.erase(early.begin(), early.upper_bound(b.update_id()));
      }
      return;
    }
    if (frame.find("@bookTicker") == std::string_view::npos) return;
    const std::uint64_t u = field(frame, "\"u\":");
    if (b.state() == book_sync::live && u == b.update_id()) {
      compare(nlohmann::json::parse(frame)["data"]);
    } else if (u > b.update_id()) {
      early.emplace(u, nlohmann::json::parse(frame)["data"]);
    }
  });
  EXPECT_GT(diffs, 6000u);
  EXPECT_EQ(not_ok, 0u);
  EXPECT_EQ(b.counters().gaps, 0u);
  EXPECT_EQ(b.counters().crossed, 0u);
  EXPECT_EQ(b.state(), book_sync::live);
  EXPECT_EQ(matched, 629u);
}

// The same capture with one diff dropped: the builder must notice the gap at once.
TEST(BookBuilder, DetectsADroppedDiffInTheRealCapture) {
  BookBuilder b(book_sequencing::update_id_chain, test::p("0.1"));
  std::size_t seen = 0;
  book_status first_problem = book_status::ok;
  test::read_capture("binance-usdm/btcusdt_20240808.gz", [&](std::int64_t recv, std::string_view frame) {
    if (first_problem != book_status::ok) return;
    if (frame.find("\"lastUpdateId\"") != std::string_view::npos) {
      const auto j = nlohmann::json::parse(frame);
      const auto bids = parse_levels(j["bids"]), asks = parse_levels(j["asks"]);
      b.on_snapshot({0, recv, bids, asks, j["lastUpdateId"].get<std::uint64_t>()});
      return;
    }
    if (frame.find("@depth") == std::string_view::npos) return;
    if (++seen == 3000) return;  // lost on the wire
    const auto j = nlohmann::json::parse(frame)["data"];
    const auto bids = parse_levels(j["b"]), asks = parse_levels(j["a"]);
    const auto st = b.on_diff(
        {0, recv, j["U"].get<std::uint64_t>(), j["u"].get<std::uint64_t>(), j["pu"].get<std::uint64_t>(), bids, asks});
    if (st == book_status::gap) first_problem = st;
  });
  EXPECT_EQ(first_problem, book_status::gap);
  EXPECT_EQ(seen, 3001u);  // caught on the very next diff
}

// Hyperliquid's l2Book pushes full snapshots; every one must load and keep a sane top.
TEST(BookBuilder, LoadsRealHyperliquidSnapshots) {
  BookBuilder b(book_sequencing::snapshots_only, test::p("1"));
  std::size_t loaded = 0;
  test::read_capture("hyperliquid/btcusd_20250126.gz", [&](std::int64_t, std::string_view frame) {
    if (frame.find("\"l2Book\"") == std::string_view::npos) return;
    const auto j = nlohmann::json::parse(frame)["data"];
    std::vector<Level> sides[2];
    for (int s = 0; s < 2; ++s)
      for (const auto& l : j["levels"][s])
        sides[s].push_back({p(l["px"].get<std::string>().c_str()), q(l["sz"].get<std::string>().c_str())});
    const auto ts = j["time"].get<std::int64_t>() * ns_per_ms;
    const auto st = b.on_snapshot({0, ts, sides[0], sides[1], 0});
    ASSERT_TRUE(st == book_status::ok || st == book_status::ignored) << to_string(st);
    if (st != book_status::ok) return;
    ++loaded;
    ASSERT_EQ(b.book().best_bid()->price, sides[0].front().price);
    ASSERT_EQ(b.book().best_ask()->price, sides[1].front().price);
    ASSERT_EQ(b.book().bids().size(), sides[0].size());
    ASSERT_EQ(b.book().asks()[sides[1].size() - 1].price, sides[1].back().price);
    ASSERT_EQ(b.book().condition(), book_condition::normal);
  });
  EXPECT_GE(loaded, 40u);
}

}  // namespace
}  // namespace symphony::market
