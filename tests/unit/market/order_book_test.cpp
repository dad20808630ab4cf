#include <symphony/market/order_book.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace symphony::market {
namespace {

Level lvl(const char* price, const char* qty) { return {Price::parse(price).value(), Qty::parse(qty).value()}; }

TEST(OrderBook, AppliesSnapshotAndReportsTopOfBook) {
  OrderBook book;
  std::vector<Level> bids{lvl("99.5", "2"), lvl("99", "3")};
  std::vector<Level> asks{lvl("100.5", "1"), lvl("101", "4")};
  EXPECT_EQ(book.apply({0, 42, bids, asks}), book_status::ok);
  EXPECT_EQ(book.best_bid()->price, Price::parse("99.5").value());
  EXPECT_EQ(book.best_ask()->qty, Qty::parse("1").value());
  EXPECT_EQ(book.mid().value(), Price::parse("100").value());
  EXPECT_EQ(book.bids().size(), 2u);
  EXPECT_EQ(book.updated_ts(), 42);
  EXPECT_EQ(book.liquidity_for(Side::buy).front().price, Price::parse("100.5").value());
}

TEST(OrderBook, RejectsCrossedSnapshotAndKeepsPrevious) {
  OrderBook book;
  std::vector<Level> bids{lvl("99", "1")};
  std::vector<Level> asks{lvl("100", "1")};
  ASSERT_EQ(book.apply({0, 1, bids, asks}), book_status::ok);
  std::vector<Level> crossed_bids{lvl("101", "1")};
  EXPECT_EQ(book.apply({0, 2, crossed_bids, asks}), book_status::crossed);
  std::vector<Level> locked_bids{lvl("100", "1")};
  EXPECT_EQ(book.apply({0, 3, locked_bids, asks}), book_status::crossed);
  EXPECT_EQ(book.best_bid()->price, Price::parse("99").value());
  EXPECT_EQ(book.updated_ts(), 1);
}

TEST(OrderBook, RejectsEmptySide) {
  OrderBook book;
  std::vector<Level> asks{lvl("100", "1")};
  EXPECT_EQ(book.apply({0, 1, {}, asks}), book_status::empty_side);
  EXPECT_FALSE(book.mid().has_value());
}

TEST(OrderBook, TruncatesBeyondMaxDepth) {
  OrderBook book;
  std::vector<Level> bids, asks;
  for (int i = 0; i < 70; ++i) {
    bids.push_back({Price::from_units(1000 - i), Qty::from_units(1)});
    asks.push_back({Price::from_units(1001 + i), Qty::from_units(1)});
  }
  EXPECT_EQ(book.apply({0, 1, bids, asks}), book_status::too_deep);
  EXPECT_EQ(book.bids().size(), OrderBook::max_depth);
}

}  // namespace
}  // namespace symphony::market
