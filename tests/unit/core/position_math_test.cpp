#include <symphony/core/position_math.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

namespace symphony {
namespace {

using test::m;
using test::p;
using test::q;

TEST(PositionState, IncreasingAveragesTheEntry) {
  PositionState pos;
  EXPECT_EQ(pos.apply_fill(Side::buy, q("1"), p("100")), Money{});
  EXPECT_EQ(pos.apply_fill(Side::buy, q("3"), p("200")), Money{});
  EXPECT_EQ(pos.qty, q("4"));
  EXPECT_EQ(pos.entry_price, p("175"));
}

TEST(PositionState, ReducingRealizesAgainstEntry) {
  PositionState pos{q("2"), p("100")};
  EXPECT_EQ(pos.apply_fill(Side::sell, q("0.5"), p("110")), m("5"));
  EXPECT_EQ(pos.qty, q("1.5"));
  EXPECT_EQ(pos.entry_price, p("100"));
  EXPECT_EQ(pos.apply_fill(Side::sell, q("1.5"), p("90")), m("-15"));
  EXPECT_TRUE(pos.flat());
  EXPECT_EQ(pos.entry_price, Price{});
}

TEST(PositionState, ShortGainsWhenPriceFalls) {
  PositionState pos;
  pos.apply_fill(Side::sell, q("2"), p("50"));
  EXPECT_EQ(pos.qty, q("-2"));
  EXPECT_EQ(pos.unrealized(p("45")), m("10"));
  EXPECT_EQ(pos.apply_fill(Side::buy, q("2"), p("45")), m("10"));
  EXPECT_TRUE(pos.flat());
}

TEST(PositionState, FlipThroughZeroOpensRemainderAtFillPrice) {
  PositionState pos{q("1"), p("100")};
  EXPECT_EQ(pos.apply_fill(Side::sell, q("3"), p("120")), m("20"));
  EXPECT_EQ(pos.qty, q("-2"));
  EXPECT_EQ(pos.entry_price, p("120"));
}

}  // namespace
}  // namespace symphony
