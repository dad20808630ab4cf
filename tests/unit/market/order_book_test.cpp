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

OrderBook make(const std::vector<Level>& bids, const std::vector<Level>& asks, std::size_t capacity = 100) {
  OrderBook book(capacity);
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
  OrderBook book(10);
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
  OrderBook book(4096);
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

TEST(OrderBook, FullSideEvictsTheWorstAndDropsWorseLevels) {
  OrderBook book(3);
  ASSERT_EQ(book.apply_snapshot(std::vector<Level>{lvl("10", "1"), lvl("9", "1"), lvl("8", "1"), lvl("7", "1")},
                                std::vector<Level>{lvl("11", "1")}, 1),
            book_status::ok);
  EXPECT_EQ(book.bids().size(), 3u);
  EXPECT_EQ(book.evicted_levels(), 1u);
  book.set_level(Side::buy, p("6"), q("1"));  // worse than all: dropped
  EXPECT_EQ(book.bids()[2].price, p("8"));
  book.set_level(Side::buy, p("9.5"), q("1"));  // better: evicts 8
  EXPECT_EQ(book.bids().size(), 3u);
  EXPECT_EQ(book.bids()[0].price, p("10"));
  EXPECT_EQ(book.bids()[1].price, p("9.5"));
  EXPECT_EQ(book.bids()[2].price, p("9"));
  EXPECT_EQ(book.evicted_levels(), 3u);
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
