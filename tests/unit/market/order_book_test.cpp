#include <symphony/market/order_book.hpp>

#include <decimals.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace symphony::market {
namespace {

using test::p;
using test::q;

Level lvl(const char* price, const char* qty) { return {p(price), q(qty)}; }

const Price cent = Price::from_raw(1'000'000);  // a 0.01 tick

OrderBook make(const std::vector<Level>& bids, const std::vector<Level>& asks) {
  OrderBook book(cent);
  EXPECT_EQ(book.apply_snapshot(bids, asks, 1), book_status::ok);
  return book;
}

TEST(OrderBook, AppliesSnapshotAndReportsTopOfBook) {
  const auto book = make({lvl("99.5", "2"), lvl("99", "3")}, {lvl("100.5", "1"), lvl("101", "4")});
  EXPECT_EQ(book.best_bid()->price, p("99.5"));
  EXPECT_EQ(book.best_ask()->qty, q("1"));
  EXPECT_EQ(*book.mid(), p("100"));
  EXPECT_EQ(*book.spread(), p("1"));
  EXPECT_NEAR(book.spread_bps(), 100.0, 1e-9);
  ASSERT_EQ(book.bids().size(), 2u);
  EXPECT_EQ(book.bids()[1].price, p("99"));
  EXPECT_EQ(book.asks()[1].price, p("101"));
  EXPECT_EQ(book.condition(), book_condition::normal);
  EXPECT_EQ(book.updated_ts(), 1);
}

TEST(OrderBook, RejectsCrossedLockedUnsortedAndNonPositiveSnapshots) {
  auto book = make({lvl("99", "1")}, {lvl("100", "1")});
  const std::vector<Level> asks{lvl("100", "1")};
  const std::vector<std::vector<Level>> bad_bids = {
      {lvl("100.5", "1")},               // crossed
      {lvl("100", "1")},                 // locked
      {lvl("98", "1"), lvl("99", "1")},  // worst first
      {lvl("99", "1"), lvl("99", "2")},  // duplicate price
      {lvl("99", "0")},                  // empty level
      {lvl("-1", "1")},                  // negative price
  };
  for (const auto& bids : bad_bids) EXPECT_EQ(book.apply_snapshot(bids, asks, 2), book_status::rejected);
  EXPECT_EQ(book.best_bid()->price, p("99"));
  EXPECT_EQ(book.updated_ts(), 1);
}

TEST(OrderBook, EmptyAndOneSidedBooksHaveNoMid) {
  OrderBook book(cent);
  EXPECT_EQ(book.condition(), book_condition::empty);
  EXPECT_FALSE(book.mid());
  EXPECT_TRUE(std::isnan(book.spread_bps()));
  ASSERT_EQ(book.apply_snapshot(std::vector<Level>{lvl("10", "1")}, {}, 1), book_status::ok);
  EXPECT_EQ(book.condition(), book_condition::one_sided);
  EXPECT_FALSE(book.mid());
  EXPECT_FALSE(book.microprice());
  EXPECT_EQ(book.imbalance(5), 1.0);
}

TEST(OrderBook, SetLevelInsertsUpdatesAndRemovesOnBothSides) {
  auto book = make({lvl("99", "1"), lvl("98", "1")}, {lvl("101", "1"), lvl("102", "1")});
  book.set_level(Side::buy, p("99.5"), q("2"));    // new best bid
  book.set_level(Side::buy, p("97"), q("5"));      // new worst bid
  book.set_level(Side::buy, p("98"), q("7"));      // update
  book.set_level(Side::sell, p("101"), q("0"));    // remove best ask
  book.set_level(Side::sell, p("150"), q("0"));    // removing an unknown level is a no-op
  book.set_level(Side::sell, p("101.5"), q("3"));  // insert between
  std::vector<Level> bids(book.bids().begin(), book.bids().end());
  std::vector<Level> asks(book.asks().begin(), book.asks().end());
  ASSERT_EQ(bids.size(), 4u);
  EXPECT_EQ(bids[0].price, p("99.5"));
  EXPECT_EQ(bids[1].price, p("99"));
  EXPECT_EQ(bids[2].qty, q("7"));
  EXPECT_EQ(bids[3].price, p("97"));
  ASSERT_EQ(asks.size(), 2u);
  EXPECT_EQ(asks[0].price, p("101.5"));
  EXPECT_EQ(asks[1].price, p("102"));
}

// Random level changes against a std::map model: the book must hold exactly the model's
// levels in order after every change, on both sides, near and far from the touch.
TEST(OrderBook, MatchesMapModelUnderRandomUpdates) {
  OrderBook book(Price::from_raw(1), 4096);  // prices in raw units: a 1e-8 tick
  std::map<std::int64_t, std::int64_t, std::greater<>> bids;
  std::map<std::int64_t, std::int64_t> asks;
  std::uint64_t s = 12345;
  const auto next = [&] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return s >> 33;
  };
  for (int i = 0; i < 20000; ++i) {
    const bool bid = next() % 2 == 0;
    const std::int64_t offset = static_cast<std::int64_t>(next() % 300);
    const std::int64_t qty = next() % 4 == 0 ? 0 : static_cast<std::int64_t>(next() % 1000 + 1);
    const std::int64_t price = bid ? 10000 - offset : 10001 + offset;
    book.set_level(bid ? Side::buy : Side::sell, Price::from_raw(price), Qty::from_raw(qty));
    if (bid) {
      if (qty == 0)
        bids.erase(price);
      else
        bids[price] = qty;
    } else {
      if (qty == 0)
        asks.erase(price);
      else
        asks[price] = qty;
    }
    if (i % 97 != 0) continue;
    ASSERT_EQ(book.bids().size(), bids.size());
    ASSERT_EQ(book.asks().size(), asks.size());
    std::size_t k = 0;
    for (const auto& [px, qt] : bids) {
      ASSERT_EQ(book.bids()[k].price.raw(), px);
      ASSERT_EQ(book.bids()[k++].qty.raw(), qt);
    }
    k = 0;
    for (const auto& [px, qt] : asks) {
      ASSERT_EQ(book.asks()[k].price.raw(), px);
      ASSERT_EQ(book.asks()[k++].qty.raw(), qt);
    }
  }
}

TEST(OrderBook, OffGridPricesAreRefused) {
  auto book = make({lvl("99", "1")}, {lvl("101", "1")});
  EXPECT_FALSE(book.set_level(Side::buy, p("99.995"), q("1")));
  EXPECT_FALSE(book.set_level(Side::buy, Price{}, q("1")));
  EXPECT_FALSE(book.set_level(Side::buy, p("99"), Qty::from_raw(-1)));
  EXPECT_EQ(book.bids().size(), 1u);
  EXPECT_EQ(book.best_bid()->qty, q("1"));
}

// A window of 128 ticks of 0.01 (1.28 wide) around a 100 market.
TEST(OrderBook, LevelsBeyondTheWindowAreDroppedAndCounted) {
  OrderBook book(cent, 128);
  ASSERT_EQ(book.apply_snapshot(std::vector<Level>{lvl("99.99", "1"), lvl("99.5", "1"), lvl("90", "1")},
                                std::vector<Level>{lvl("100.01", "1"), lvl("120", "1")}, 1),
            book_status::ok);
  EXPECT_EQ(book.bids().size(), 2u);
  EXPECT_EQ(book.asks().size(), 1u);
  EXPECT_EQ(book.dropped_levels(), 2u);
  book.set_level(Side::buy, p("95"), q("1"));  // far below the window: dropped
  EXPECT_EQ(book.bids().size(), 2u);
  EXPECT_EQ(book.dropped_levels(), 3u);
  book.set_level(Side::buy, p("95"), q("0"));  // removing it is a no-op
  EXPECT_EQ(book.dropped_levels(), 3u);
}

// The market walks up 20 (2000 ticks, sixteen windows): the window follows it, the book
// stays exact near the touch, and what fell off the far end is counted.
TEST(OrderBook, WindowFollowsTheMarket) {
  OrderBook book(cent, 128);
  ASSERT_EQ(book.apply_snapshot(std::vector<Level>{lvl("99.99", "1")}, std::vector<Level>{lvl("100.01", "1")}, 1),
            book_status::ok);
  std::int64_t bid = 9'999, ask = 10'001;  // in cents
  for (int step = 0; step < 2000; ++step) {
    // Lift the ask, then bid one tick higher, then rest a new ask one tick above.
    book.set_level(Side::sell, Price::from_raw(ask * 1'000'000), Qty{});
    ++bid;
    ++ask;
    book.set_level(Side::buy, Price::from_raw(bid * 1'000'000), q("2"));
    book.set_level(Side::sell, Price::from_raw(ask * 1'000'000), q("3"));
    ASSERT_EQ(book.best_bid()->price.raw(), bid * 1'000'000) << step;
    ASSERT_EQ(book.best_ask()->price.raw(), ask * 1'000'000) << step;
    ASSERT_EQ(book.condition(), book_condition::normal);
  }
  EXPECT_EQ(book.best_bid()->price, p("119.99"));
  EXPECT_LE(book.bids().size(), 128u);
  EXPECT_GT(book.dropped_levels(), 1000u);
  // Every bid still held is one the walk left, one tick apart, best first.
  std::int64_t expect = bid;
  for (const Level l : book.bids()) ASSERT_EQ(l.price.raw(), (expect--) * 1'000'000);
}

// A jump far beyond the window (a reconnect after a crash) re-centres on the new touch.
TEST(OrderBook, NewBestBeyondTheWindowRecentres) {
  OrderBook book(cent, 128);
  ASSERT_EQ(book.apply_snapshot(std::vector<Level>{lvl("99.99", "1")}, std::vector<Level>{lvl("100.01", "1")}, 1),
            book_status::ok);
  book.set_level(Side::sell, p("100.01"), Qty{});
  book.set_level(Side::buy, p("99.99"), Qty{});
  book.set_level(Side::buy, p("150"), q("1"));
  EXPECT_EQ(book.best_bid()->price, p("150"));
  book.set_level(Side::sell, p("150.02"), q("1"));
  EXPECT_EQ(*book.mid(), p("150.01"));
}

TEST(OrderBook, DetectsCrossedAndLockedTops) {
  auto book = make({lvl("99", "1")}, {lvl("100", "1")});
  book.set_level(Side::buy, p("100"), q("1"));
  EXPECT_EQ(book.condition(), book_condition::locked);
  book.set_level(Side::buy, p("100.5"), q("1"));
  EXPECT_EQ(book.condition(), book_condition::crossed);
}

TEST(OrderBook, MicropriceLeansTowardTheThinSide) {
  // 9 bid vs 1 ask: the ask is likely to be taken, so the fair price sits near it.
  const auto book = make({lvl("99", "9")}, {lvl("101", "1")});
  EXPECT_EQ(*book.microprice(), p("100.8"));  // (99·1 + 101·9) / 10
}

TEST(OrderBook, ImbalanceOverTopLevels) {
  const auto book = make({lvl("99", "3"), lvl("98", "1"), lvl("97", "100")}, {lvl("101", "1"), lvl("102", "1")});
  EXPECT_DOUBLE_EQ(book.imbalance(1), (3.0 - 1.0) / 4.0);
  EXPECT_DOUBLE_EQ(book.imbalance(2), (4.0 - 2.0) / 6.0);
  EXPECT_DOUBLE_EQ(book.imbalance(3), (104.0 - 2.0) / 106.0);
}

TEST(OrderBook, CostToFillWalksLevelsAndReportsSlippage) {
  const auto book = make({lvl("99", "1")}, {lvl("101", "1"), lvl("102", "2"), lvl("104", "1")});
  const auto e = book.cost_to_fill(Side::buy, q("2"));
  EXPECT_TRUE(e.complete);
  EXPECT_EQ(e.filled, q("2"));
  EXPECT_EQ(e.notional, test::m("203"));
  EXPECT_EQ(e.average, p("101.5"));
  EXPECT_EQ(e.worst, p("102"));
  EXPECT_NEAR(e.slippage_bps, 1.5 / 100 * 1e4, 1e-9);
  const auto all = book.cost_to_fill(Side::buy, q("10"));
  EXPECT_FALSE(all.complete);
  EXPECT_EQ(all.filled, q("4"));
  const auto sell = book.cost_to_fill(Side::sell, q("0.5"));
  EXPECT_EQ(sell.average, p("99"));
  EXPECT_NEAR(sell.slippage_bps, 100.0, 1e-9);  // 1 below a mid of 100: a cost, so positive
}

TEST(OrderBook, WallsAreLevelsFarAboveTheAverage) {
  const auto book =
      make({lvl("99", "1"), lvl("98", "1"), lvl("97", "20"), lvl("96", "1"), lvl("95", "30")}, {lvl("101", "1")});
  std::array<Level, 4> out{};
  // Average over 5 levels is 53 / 5 = 10.6; 1.5× is 15.9: the 20 and the 30.
  ASSERT_EQ(book.walls(Side::buy, 5, 1.5, out), 2u);
  EXPECT_EQ(out[0].price, p("97"));
  EXPECT_EQ(out[1].price, p("95"));
  // Over the top 3 only (average 22/3) at 2×: the 20.
  ASSERT_EQ(book.walls(Side::buy, 3, 2.0, out), 1u);
  EXPECT_EQ(out[0].qty, q("20"));
  EXPECT_EQ(book.walls(Side::sell, 5, 2.0, out), 0u);
}

}  // namespace
}  // namespace symphony::market
