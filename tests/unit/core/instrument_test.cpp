#include <symphony/core/instrument.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

namespace symphony {
namespace {

using test::m;
using test::p;
using test::q;

Instrument sol() { return test::instrument("SOLUSDT", "0.001", "0.01", "0.05", "5"); }

TEST(Instrument, RoundsPricesToTicksAndQuantitiesDownToSteps) {
  const Instrument i = sol();
  EXPECT_EQ(i.round_price(p("150.12345"), rounding::down), p("150.123"));
  EXPECT_EQ(i.round_price(p("150.12345"), rounding::up), p("150.124"));
  EXPECT_EQ(i.round_qty(q("1.239")), q("1.23"));
  EXPECT_EQ(i.round_qty(q("1.231"), rounding::up), q("1.24"));
}

TEST(Instrument, ChecksOrdersAgainstVenueRules) {
  const Instrument i = sol();
  EXPECT_EQ(i.check_order(p("150"), q("1")), "");
  EXPECT_EQ(i.check_order(p("150"), q("0")), "quantity must be positive");
  EXPECT_EQ(i.check_order(p("150"), q("1.005")), "quantity 1.005 is not a multiple of step size 0.01");
  EXPECT_EQ(i.check_order(p("150"), q("0.04")), "quantity 0.04 is below the minimum 0.05");
  EXPECT_EQ(i.check_order(p("150.0005"), q("1")), "price 150.0005 is not a multiple of tick size 0.001");
  EXPECT_EQ(i.check_order(p("-1"), q("1")), "price must be positive");
  EXPECT_EQ(i.check_order(p("50"), q("0.05")), "notional 2.5 is below the minimum 5");
}

TEST(Side, SignsAndOpposites) {
  EXPECT_EQ(sign(Side::buy), 1);
  EXPECT_EQ(sign(Side::sell), -1);
  EXPECT_EQ(opposite(Side::buy), Side::sell);
  EXPECT_EQ(to_string(Side::sell), "sell");
}

}  // namespace
}  // namespace symphony
