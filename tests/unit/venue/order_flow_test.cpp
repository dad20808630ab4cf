#include <symphony/venue/errors.hpp>
#include <symphony/venue/order_flow.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <utility>
#include <vector>

namespace symphony::venue {
namespace {

using Call = OrderFlow::Call;

constexpr Timestamp t0 = 1'000 * ns_per_s;

struct Recorder final : ExecutionHandler {
  std::vector<OrderUpdate> updates;
  std::vector<Fill> fills;
  void on_order_update(const OrderUpdate& u) override { updates.push_back(u); }
  void on_fill(const Fill& f) override { fills.push_back(f); }
  void on_account(const AccountSnapshot&) override {}
  void on_trading_blocked(VenueId, const std::string&) override {}
};

// A toy venue whose order answers read "<client id> <status> <filled> <venue id>";
// status is "new", "partial" or "filled".
result<OrderUpdate, Failure> parse_toy(std::string_view body) {
  std::istringstream in{std::string(body)};
  std::string id, status, filled;
  std::uint64_t venue_id = 0;
  if (!(in >> id >> status >> filled >> venue_id)) return Failure{"not an order", VenueErrc::malformed_answer};
  OrderUpdate u;
  u.client_order_id = id;
  u.venue_order_id = venue_id;
  u.status = status == "filled"    ? OrderStatus::filled
             : status == "partial" ? OrderStatus::partially_filled
                                   : OrderStatus::accepted;
  u.filled_qty = test::q(filled.c_str());
  return u;
}

struct Flow : ::testing::Test {
  SimulatedScheduler scheduler{t0};
  Recorder handler;
  std::vector<std::pair<InstrumentId, std::string>> queries;
  std::vector<std::pair<InstrumentId, std::uint64_t>> fetches;
  std::unique_ptr<OrderFlow> flow = make();

  std::unique_ptr<OrderFlow> make() {
    auto f = std::make_unique<OrderFlow>(
        scheduler, "toy",
        OrderFlow::Venue{[this](InstrumentId i, const std::string& id) { queries.emplace_back(i, id); },
                         [this](InstrumentId i, std::uint64_t venue_id) { fetches.emplace_back(i, venue_id); },
                         parse_toy});
    f->set_handler(&handler);
    return f;
  }

  void submit(const char* id, InstrumentId instrument, Duration may_arrive_for = 10 * ns_per_s) {
    OrderRequest r;
    r.client_order_id = id;
    r.instrument = instrument;
    flow->submitted(r, scheduler.clock().now() + may_arrive_for);
  }

  static RestResult ok(std::string body) {
    RestResult r;
    r.status = 200;
    r.body = std::move(body);
    return r;
  }
  static RestResult refused(VenueErrc code, int status = 400) {
    RestResult r;
    r.status = status;
    r.sent = true;
    r.code = code;
    r.failure = "refused";
    return r;
  }
  static RestResult lost() {
    RestResult r;
    r.sent = true;
    r.outcome_unknown = true;
    r.failure = "timed out";
    return r;
  }
};

Fill fill(const char* id, InstrumentId instrument, std::uint64_t fill_id, const char* qty) {
  Fill f;
  f.client_order_id = id;
  f.instrument = instrument;
  f.fill_id = fill_id;
  f.qty = test::q(qty);
  return f;
}

TEST_F(Flow, ARefusedSubmissionIsRejectedButALostOrUnreadableAnswerLeavesItPending) {
  submit("a", 0);
  flow->answered(Call::submit, "a", 0, refused(VenueErrc::rejected));
  ASSERT_EQ(handler.updates.size(), 1u);
  EXPECT_EQ(handler.updates[0].status, OrderStatus::rejected);
  EXPECT_NE(handler.updates[0].reason.find("refused"), std::string::npos);

  submit("b", 0);
  flow->answered(Call::submit, "b", 0, lost());
  flow->answered(Call::submit, "b", 0, ok("garbage"));
  EXPECT_EQ(handler.updates.size(), 1u);  // nothing said: the engine queries it
  EXPECT_EQ(flow->counts().unknown_outcomes, 2u);
  EXPECT_TRUE(queries.empty());
  EXPECT_EQ(flow->tracker().open_on(0), std::vector<std::string>{"b"});

  flow->answered(Call::query, "b", 0, ok("b new 0 7"));
  ASSERT_EQ(handler.updates.size(), 2u);
  EXPECT_EQ(handler.updates[1].status, OrderStatus::accepted);
  EXPECT_EQ(handler.updates[1].venue_order_id, 7u);
}

TEST_F(Flow, UnknownOrderIsBelievedOnlyOnceTheSubmissionCanNoLongerArrive) {
  submit("a", 2, 10 * ns_per_s);
  flow->answered(Call::query, "a", 2, refused(VenueErrc::unknown_order));
  flow->unknown_at_venue(2, "a");  // asked twice: one requery
  EXPECT_TRUE(handler.updates.empty());
  scheduler.run_until(t0 + 10 * ns_per_s - 1);
  EXPECT_TRUE(queries.empty());
  scheduler.run_until(t0 + 10 * ns_per_s);
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(queries[0], std::make_pair(InstrumentId{2}, std::string("a")));
  flow->answered(Call::query, "a", 2, refused(VenueErrc::unknown_order));
  ASSERT_EQ(handler.updates.size(), 1u);
  EXPECT_EQ(handler.updates[0].status, OrderStatus::rejected);
  EXPECT_TRUE(scheduler.empty());
  // An order we never submitted is unknown at once.
  flow->unknown_at_venue(2, "z");
  EXPECT_EQ(handler.updates.size(), 2u);
}

TEST_F(Flow, ACancelOfAFinalOrUnknownOrderAsksWhatItIs) {
  submit("a", 0);
  flow->answered(Call::cancel, "a", 0, refused(VenueErrc::already_final));
  flow->answered(Call::cancel, "a", 0, refused(VenueErrc::unknown_order));
  EXPECT_EQ(queries.size(), 2u);
  flow->answered(Call::cancel, "a", 0, refused(VenueErrc::rejected));  // just logged
  EXPECT_EQ(queries.size(), 2u);
  EXPECT_TRUE(handler.updates.empty());  // a failed cancel never rejects the order
}

TEST_F(Flow, FillsTheVenueReportsButTheStreamMissedAreFetchedAfterTheGrace) {
  submit("a", 1);
  flow->answered(Call::submit, "a", 1, ok("a partial 2 77"));
  // One of the two filled arrives on the stream in time; the other does not.
  Fill f1 = fill("a", 1, 5, "1.5");
  OrderUpdate u = *parse_toy("a partial 1.5 77");
  u.instrument = 1;
  flow->update(u, &f1);
  scheduler.run_until(t0 + OrderFlow::fill_grace - 1);
  EXPECT_TRUE(fetches.empty());
  scheduler.run_until(t0 + OrderFlow::fill_grace);
  ASSERT_EQ(fetches.size(), 1u);
  EXPECT_EQ(fetches[0], std::make_pair(InstrumentId{1}, std::uint64_t{77}));
  // The venue's trades: the one delivered, the missing one, another run's.
  Fill trade = fill("", 1, 5, "1.5");
  flow->recovered(trade, 77);
  trade.fill_id = 6;
  trade.qty = test::q("0.5");
  flow->recovered(trade, 77);
  flow->recovered(fill("", 1, 9, "3"), 12345);
  ASSERT_EQ(handler.fills.size(), 2u);
  EXPECT_EQ(handler.fills[1].client_order_id, "a");
  EXPECT_EQ(handler.fills[1].fill_id, 6u);
  EXPECT_EQ(flow->counts().recovered_fills, 1u);
  EXPECT_FALSE(flow->tracker().find("a")->fills_missing());
}

TEST_F(Flow, AQueryAnswerFetchesMissingFillsAtOnceAndAStreamFillCountsAgainstItsOrder) {
  // A query is made because something was lost: no grace.
  submit("q", 0);
  flow->answered(Call::query, "q", 0, ok("q filled 1 8"));
  scheduler.run_until(t0);
  EXPECT_EQ(fetches.size(), 1u);
  // An order of an earlier run, seen only on the stream with its fill: nothing missing.
  Fill f = fill("old", 0, 3, "2");
  OrderUpdate u = *parse_toy("old filled 2 9");
  flow->update(u, &f);
  flow->update(u, &f);  // a replayed event: the fill once, the update twice
  scheduler.run_until(t0 + 10 * ns_per_s);
  EXPECT_EQ(fetches.size(), 1u);
  EXPECT_EQ(handler.fills.size(), 1u);
  EXPECT_EQ(handler.updates.size(), 3u);
}

TEST_F(Flow, ACancelAllQueriesEveryOrderKnownOpenThereAndAListingIsNotHandedOn) {
  submit("a", 0);
  submit("b", 0);
  submit("c", 1);
  OrderUpdate done = *parse_toy("b filled 0 2");
  flow->listed(done);
  EXPECT_TRUE(handler.updates.empty());
  flow->all_canceled(0);
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(queries[0].second, "a");
}

TEST_F(Flow, ADestroyedFlowsScheduledWorkNeverRuns) {
  submit("a", 0);
  flow->answered(Call::query, "a", 0, refused(VenueErrc::unknown_order));
  flow->answered(Call::submit, "a", 0, ok("a partial 1 3"));
  flow.reset();
  while (scheduler.run_one()) {
  }
  EXPECT_TRUE(queries.empty());
  EXPECT_TRUE(fetches.empty());
}

}  // namespace
}  // namespace symphony::venue
