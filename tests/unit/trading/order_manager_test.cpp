#include <symphony/trading/order_manager.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace symphony::trading {
namespace {

using venue::OrderStatus;

// Records what the order manager sends instead of sending it.
class CapturingClient : public venue::ExecutionClient {
 public:
  void set_handler(venue::ExecutionHandler*) override {}
  void submit(const venue::OrderRequest& r) override { submitted.push_back(r); }
  void cancel(InstrumentId, const std::string& id) override { canceled.push_back(id); }
  void query_order(InstrumentId, const std::string& id) override { queried.push_back(id); }
  void request_account() override {}
  void cancel_all(InstrumentId) override {}
  std::vector<venue::OrderRequest> submitted;
  std::vector<std::string> canceled, queried;
};

class OrderManagerTest : public ::testing::Test {
 protected:
  OrderManagerTest() : om(client, clock, "t1") {
    om.set_listener([this](const ManagedOrder& o) { changes.push_back(o.status); });
  }
  const ManagedOrder& submit(const char* qty = "1") {
    venue::OrderRequest r;
    r.qty = Qty::parse(qty).value();
    return om.submit(r, OrderPurpose::entry, 7, "agent");
  }
  venue::OrderUpdate update(const std::string& id, OrderStatus s) {
    venue::OrderUpdate u;
    u.client_order_id = id;
    u.status = s;
    u.venue_order_id = 99;
    return u;
  }
  venue::Fill fill(const std::string& id, std::uint64_t fill_id, const char* qty) {
    venue::Fill f;
    f.fill_id = fill_id;
    f.client_order_id = id;
    f.qty = Qty::parse(qty).value();
    f.price = Price::from_units(100);
    return f;
  }

  SimulatedClock clock{0};
  CapturingClient client;
  OrderManager om;
  std::vector<OrderStatus> changes;
};

TEST_F(OrderManagerTest, AssignsUniqueClientIdsAndSends) {
  const std::string a = submit().request.client_order_id;
  const std::string b = submit().request.client_order_id;
  EXPECT_EQ(a, "t1-1");
  EXPECT_EQ(b, "t1-2");
  ASSERT_EQ(client.submitted.size(), 2u);
  EXPECT_EQ(client.submitted[0].client_order_id, "t1-1");
  EXPECT_EQ(om.find(a)->status, OrderStatus::pending_new);
  EXPECT_EQ(om.find(a)->trade_id, 7u);
}

TEST_F(OrderManagerTest, TerminalStateIsFinal) {
  const std::string id = submit().request.client_order_id;
  ASSERT_NE(om.on_update(update(id, OrderStatus::canceled)), nullptr);
  EXPECT_EQ(om.on_update(update(id, OrderStatus::accepted)), nullptr);
  EXPECT_EQ(om.on_update(update(id, OrderStatus::filled)), nullptr);
  EXPECT_EQ(om.find(id)->status, OrderStatus::canceled);
  EXPECT_FALSE(om.cancel(id));
}

TEST_F(OrderManagerTest, OlderNewsDoesNotMoveStatusBack) {
  const std::string id = submit("2").request.client_order_id;
  om.on_fill(fill(id, 1, "1"));
  EXPECT_EQ(om.find(id)->status, OrderStatus::partially_filled);
  EXPECT_EQ(om.on_update(update(id, OrderStatus::accepted)), nullptr);  // the ack arrived late
  EXPECT_EQ(om.find(id)->status, OrderStatus::partially_filled);
  EXPECT_EQ(om.find(id)->venue_order_id, 99u);
}

TEST_F(OrderManagerTest, FilledNewsAheadOfTheFillsWaitsForThem) {
  const std::string id = submit("2").request.client_order_id;
  auto u = update(id, OrderStatus::filled);
  u.filled_qty = Qty::from_units(2);
  ASSERT_NE(om.on_update(u), nullptr);
  EXPECT_EQ(om.find(id)->status, OrderStatus::accepted);  // no fill seen yet
  EXPECT_EQ(om.find(id)->venue_filled, Qty::from_units(2));
  EXPECT_TRUE(om.find(id)->working());
  om.on_fill(fill(id, 1, "1"));
  EXPECT_EQ(om.find(id)->status, OrderStatus::partially_filled);
  om.on_fill(fill(id, 2, "1"));
  EXPECT_EQ(om.find(id)->status, OrderStatus::filled);
}

// Fills the venue reported and never delivered count as in flight for the grace only; the
// record of them is then dropped, and the same report repeated does not revive it (else
// every order whose fills were lost for good would be kept, and judged in flight, forever).
TEST_F(OrderManagerTest, FillsLostForGoodAreForgottenAfterTheGrace) {
  const std::string id = submit("3").request.client_order_id;
  auto u = update(id, OrderStatus::partially_filled);
  u.filled_qty = Qty::from_units(1);
  om.on_update(u);
  const Duration grace = 20 * ns_per_s;
  EXPECT_TRUE(om.fills_in_flight(0, grace));
  EXPECT_EQ(om.fills_awaited(), 1u);
  clock.advance(grace);
  om.on_update(u);  // reported again: the same spell
  EXPECT_FALSE(om.fills_in_flight(0, grace));
  EXPECT_EQ(om.fills_awaited(), 0u);
  om.on_update(u);
  EXPECT_EQ(om.fills_awaited(), 0u);
  // Once our fills catch up, a further fill reported is a new spell, in flight again.
  om.on_fill(fill(id, 1, "1"));
  u.filled_qty = Qty::from_units(2);
  om.on_update(u);
  EXPECT_TRUE(om.fills_in_flight(0, grace));
  EXPECT_EQ(om.fills_awaited(), 1u);
}

TEST_F(OrderManagerTest, FillIsAppliedOnceHoweverOftenDelivered) {
  const std::string id = submit("2").request.client_order_id;
  EXPECT_TRUE(om.on_fill(fill(id, 5, "1")).second);
  EXPECT_FALSE(om.on_fill(fill(id, 5, "1")).second);
  EXPECT_EQ(om.find(id)->filled, Qty::from_units(1));
  EXPECT_TRUE(om.on_fill(fill(id, 6, "1")).second);
  EXPECT_EQ(om.find(id)->status, OrderStatus::filled);
  EXPECT_EQ(om.find(id)->avg_price(), Price::from_units(100));
}

// Binance-style venues number trades per symbol: BTC's trade 5 and ETH's trade 5 are two
// different executions, and both are applied.
TEST_F(OrderManagerTest, FillIdsArePerInstrument) {
  venue::OrderRequest r;
  r.qty = Qty::from_units(1);
  r.instrument = 0;
  const std::string btc = om.submit(r, OrderPurpose::entry, 1, "agent").request.client_order_id;
  r.instrument = 1;
  const std::string eth = om.submit(r, OrderPurpose::entry, 2, "agent").request.client_order_id;
  auto a = fill(btc, 5, "1");
  a.instrument = 0;
  auto b = fill(eth, 5, "1");
  b.instrument = 1;
  EXPECT_TRUE(om.on_fill(a).second);
  EXPECT_TRUE(om.on_fill(b).second);
  EXPECT_FALSE(om.on_fill(b).second);  // a true repeat is still recognised
  EXPECT_EQ(om.find(btc)->status, OrderStatus::filled);
  EXPECT_EQ(om.find(eth)->status, OrderStatus::filled);
}

TEST_F(OrderManagerTest, FillOfUnknownOrderIsReportedNotApplied) {
  auto [order, fresh] = om.on_fill(fill("liquidation-1", 1, "1"));
  EXPECT_EQ(order, nullptr);
  EXPECT_TRUE(fresh);
}

TEST_F(OrderManagerTest, UnansweredOrdersAreQueriedNeverResent) {
  const std::string id = submit().request.client_order_id;
  clock.advance(5 * ns_per_s);
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 0u);
  clock.advance(6 * ns_per_s);
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 1u);
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 0u);  // at most once per timeout
  EXPECT_EQ(client.queried, std::vector<std::string>{id});
  EXPECT_EQ(client.submitted.size(), 1u);
}

TEST_F(OrderManagerTest, CancelIsSentOnce) {
  const std::string id = submit().request.client_order_id;
  om.on_update(update(id, OrderStatus::accepted));
  EXPECT_TRUE(om.cancel(id));
  EXPECT_FALSE(om.cancel(id));
  EXPECT_EQ(client.canceled.size(), 1u);
  EXPECT_EQ(om.working().size(), 1u);
  om.on_update(update(id, OrderStatus::canceled));
  EXPECT_TRUE(om.working().empty());
}

// A cancel that is lost (or never left: a rate limit) is sent again, once per ack timeout,
// until the order is known final; an old trade's take-profit once stayed live at the venue
// and filled against a later position.
TEST_F(OrderManagerTest, ALostCancelIsRetriedUntilTheOrderIsFinal) {
  const std::string id = submit().request.client_order_id;
  om.on_update(update(id, OrderStatus::accepted));
  ASSERT_TRUE(om.cancel(id));
  clock.advance(5 * ns_per_s);
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 0u);
  EXPECT_EQ(client.canceled.size(), 1u);
  clock.advance(6 * ns_per_s);  // no answer: sent again, and the order queried
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 1u);
  EXPECT_EQ(client.canceled, (std::vector<std::string>{id, id}));
  EXPECT_EQ(client.queried, std::vector<std::string>{id});
  om.on_update(update(id, OrderStatus::accepted));  // the query: still open at the venue
  clock.advance(11 * ns_per_s);
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 1u);
  EXPECT_EQ(client.canceled.size(), 3u);
  om.on_update(update(id, OrderStatus::canceled));
  clock.advance(11 * ns_per_s);
  EXPECT_EQ(om.query_stale(10 * ns_per_s), 0u);  // final: nothing more
  EXPECT_EQ(client.canceled.size(), 3u);
  EXPECT_EQ(client.submitted.size(), 1u);
}

}  // namespace
}  // namespace symphony::trading
