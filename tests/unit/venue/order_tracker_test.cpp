#include <symphony/venue/order_tracker.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

namespace symphony::venue {
namespace {

OrderUpdate update(const char* id, InstrumentId instrument, OrderStatus status, const char* filled,
                   std::uint64_t venue_id = 0) {
  OrderUpdate u;
  u.client_order_id = id;
  u.instrument = instrument;
  u.status = status;
  u.filled_qty = test::q(filled);
  u.venue_order_id = venue_id;
  return u;
}

Fill fill(const char* id, InstrumentId instrument, std::uint64_t fill_id, const char* qty) {
  Fill f;
  f.client_order_id = id;
  f.instrument = instrument;
  f.fill_id = fill_id;
  f.qty = test::q(qty);
  return f;
}

TEST(OrderTracker, DeliversEachFillOnceAndCountsItAgainstItsOrder) {
  OrderTracker t;
  t.submitted("a", 0, Side::buy, 100);
  EXPECT_TRUE(t.learn(update("a", 0, OrderStatus::partially_filled, "2", 77)).fills_missing());
  EXPECT_TRUE(t.accept(fill("a", 0, 5, "1.5")));
  EXPECT_FALSE(t.accept(fill("a", 0, 5, "1.5")));  // the same fill again
  EXPECT_TRUE(t.find("a")->fills_missing());
  // Fill ids are per instrument: the same number on another instrument is another fill.
  EXPECT_TRUE(t.accept(fill("b", 1, 5, "1")));
  EXPECT_TRUE(t.accept(fill("a", 0, 6, "0.5")));
  EXPECT_FALSE(t.find("a")->fills_missing());
  EXPECT_EQ(t.find("a")->fills_delivered, test::q("2"));
  EXPECT_TRUE(t.delivered(fill("a", 0, 6, "0.5")));
}

TEST(OrderTracker, KnowsVenueIdsAndKeepsTerminalStatuses) {
  OrderTracker t;
  t.learn(update("a", 3, OrderStatus::accepted, "0", 9));
  t.learn(update("b", 3, OrderStatus::filled, "1", 10));
  t.learn(update("b", 3, OrderStatus::accepted, "1"));  // a late, older update
  t.learn(update("c", 4, OrderStatus::accepted, "0"));
  EXPECT_EQ(t.client_id_of(9), "a");
  EXPECT_EQ(t.client_id_of(11), std::nullopt);
  EXPECT_EQ(t.find("b")->status, OrderStatus::filled);
  EXPECT_EQ(t.find("b")->venue_order_id, 10u);
  EXPECT_EQ(t.open_on(3), std::vector<std::string>{"a"});
  t.rejected("a");
  EXPECT_TRUE(t.open_on(3).empty());
  // The largest cumulative fill stands: a smaller report is older.
  t.learn(update("c", 4, OrderStatus::partially_filled, "3"));
  t.learn(update("c", 4, OrderStatus::partially_filled, "1"));
  EXPECT_EQ(t.find("c")->venue_filled, test::q("3"));
  EXPECT_EQ(t.find("zz"), nullptr);
}

}  // namespace
}  // namespace symphony::venue
