#include <symphony/trading/trade_manager.hpp>

#include <symphony/venue/sim/sim_exchange.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace symphony::trading {
namespace {

using test::p;
using test::q;
using venue::OrderStatus;
using venue::OrderType;

// Rejects the first `reject_stops` stop orders, otherwise forwards to the real exchange:
// the failure knob for protective-stop handling. Stops can also be held on their way
// (`hold_stops`) and cancels lost (`hold_cancels`).
class FlakyStops : public venue::ExecutionClient {
 public:
  FlakyStops(venue::sim::SimExchange& inner, Scheduler& s) : inner_(inner), sched_(s) {}
  void set_handler(venue::ExecutionHandler* h) override {
    handler_ = h;
    inner_.set_handler(h);
  }
  void submit(const venue::OrderRequest& r) override {
    ++submitted;
    if (r.type == OrderType::stop_market && hold_stops) {
      held_stops.push_back(r);  // still on its way to the venue
      return;
    }
    deliver(r);
  }
  void cancel(InstrumentId i, const std::string& id) override {
    if (hold_cancels) return;  // still on its way when the market moves
    inner_.cancel(i, id);
  }
  void query_order(InstrumentId i, const std::string& id) override { inner_.query_order(i, id); }
  void request_account() override { inner_.request_account(); }
  void cancel_all(InstrumentId i) override { inner_.cancel_all(i); }
  // Sends the held stops on to the venue (or rejects them, while reject_stops lasts).
  void release_stops() {
    hold_stops = false;
    const auto held = std::move(held_stops);
    held_stops.clear();
    for (const auto& r : held) deliver(r);
  }
  int reject_stops = 0;
  bool hold_stops = false;
  bool hold_after_reject = false;  // the stops sent after a rejection wait in held_stops
  std::vector<venue::OrderRequest> held_stops;
  bool hold_cancels = false;
  int submitted = 0;

 private:
  // What the venue does with a request that reached it.
  void deliver(const venue::OrderRequest& r) {
    if (r.type == OrderType::stop_market && reject_stops > 0) {
      --reject_stops;
      hold_stops = hold_after_reject;
      venue::OrderUpdate u{r.client_order_id, 0, r.instrument, OrderStatus::rejected, {}, {}, 0, "flaky venue"};
      sched_.schedule_after(ns_per_ms, [this, u] { handler_->on_order_update(u); });
      return;
    }
    inner_.submit(r);
  }
  venue::sim::SimExchange& inner_;
  Scheduler& sched_;
  venue::ExecutionHandler* handler_ = nullptr;
};

// Wires the pieces the way the engine does: fills are booked before order changes are
// reported to the trade manager.
class TradeManagerTest : public ::testing::Test, public venue::ExecutionHandler {
 protected:
  explicit TradeManagerTest(const Instrument& ins = instrument())
      : market(1),
        exchange(sched, config(), {ins}, market),
        flaky(exchange, sched),
        orders(flaky, sched.clock(), "tm"),
        portfolio(Money::from_units(100'000), 1),
        trades(orders, portfolio, {ins}, TradeManagerConfig{}, sched.clock()) {
    flaky.set_handler(this);
    orders.set_listener([this](const ManagedOrder& o) { trades.on_order(o); });
    trades.set_closed_listener([this](const TradeRecord& r) { closed.push_back(r); });
    trades.set_integrity_listener([this](const std::string& kind, const std::string&) { alerts.push_back(kind); });
    book("100", "100.1");
  }

  static Instrument instrument() { return test::instrument("BTCUSDT", "0.1", "0.001", "0.001", "5"); }
  static venue::sim::ExchangeConfig config() {
    venue::sim::ExchangeConfig c;
    c.latency = ns_per_ms;
    c.partial_fill_probability = 0;
    c.reject_probability = 0;
    return c;
  }

  void on_order_update(const venue::OrderUpdate& u) override { orders.on_update(u); }
  void on_fill(const venue::Fill& f) override {
    if (hold_fills) {
      held.push_back(f);
      return;
    }
    auto [o, fresh] = orders.on_fill(f);
    if (!fresh) return;
    const Money realized = portfolio.apply_fill(f);
    trades.on_fill(o, f, realized);
    if (o) trades.on_order(*o);
  }
  void on_account(const venue::AccountSnapshot&) override {}
  void on_trading_blocked(VenueId, const std::string&) override {}

  void book(const char* bid, const char* ask) {
    bids = {{p(bid), q("50")}};
    asks = {{p(ask), q("50")}};
    market::BookSnapshot s{0, sched.clock().now(), bids, asks};
    market.on_snapshot(s);
    exchange.on_market(0, {});
    settle();
  }
  void settle() { sched.run_until(sched.clock().now() + 20 * ns_per_ms); }

  std::vector<const ManagedOrder*> working(OrderType type) {
    std::vector<const ManagedOrder*> out;
    for (const auto* o : orders.working())
      if (o->request.type == type) out.push_back(o);
    return out;
  }

  void open_long() {
    trades.open({"test_agent", 0, Side::buy, q("2"), p("100.1"), p("98"), p("102"), p("104")});
    settle();
  }

  SimulatedScheduler sched{0};
  market::MarketState market;
  venue::sim::SimExchange exchange;
  FlakyStops flaky;
  OrderManager orders;
  Portfolio portfolio;
  TradeManager trades;
  std::vector<TradeRecord> closed;
  std::vector<std::string> alerts;
  std::vector<market::Level> bids, asks;
  bool hold_fills = false;  // fills wait here, as after a lost answer or a stream outage
  std::vector<venue::Fill> held;
};

TEST_F(TradeManagerTest, EntryGetsStopAndSplitTakeProfits) {
  open_long();
  EXPECT_EQ(portfolio.position(0).qty, q("2"));
  const auto stops = working(OrderType::stop_market);
  const auto tps = working(OrderType::take_profit_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.trigger_price, p("98"));
  EXPECT_EQ(stops[0]->request.qty, q("2"));
  EXPECT_TRUE(stops[0]->request.reduce_only);
  EXPECT_EQ(stops[0]->request.side, Side::sell);
  ASSERT_EQ(tps.size(), 2u);
  EXPECT_EQ(tps[0]->request.qty, q("1"));
  EXPECT_EQ(tps[0]->request.trigger_price, p("102"));
  EXPECT_EQ(tps[1]->request.qty, q("1"));
  EXPECT_EQ(tps[1]->request.trigger_price, p("104"));
  EXPECT_TRUE(tps[0]->request.reduce_only && tps[1]->request.reduce_only);
}

// The venue says the entry filled; its fills are late (held 15 s in the review, with no
// stop at the venue all that time). The stop follows the venue's quantity at once, and the
// late fills neither double it nor close the trade.
TEST_F(TradeManagerTest, AnEntryReportedFilledIsProtectedBeforeItsFillsArrive) {
  hold_fills = true;
  open_long();  // the venue says filled; the fills are late
  ASSERT_FALSE(held.empty());
  EXPECT_TRUE(closed.empty());  // not mistaken for an entry that filled nothing
  auto stops = working(OrderType::stop_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.qty, q("2"));
  EXPECT_EQ(stops[0]->request.trigger_price, p("98"));
  EXPECT_TRUE(working(OrderType::take_profit_market).empty());  // targets wait for our fills
  hold_fills = false;
  for (const auto& f : held) on_fill(f);
  settle();
  EXPECT_EQ(portfolio.position(0).qty, q("2"));
  stops = working(OrderType::stop_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.qty, q("2"));
  const auto tps = working(OrderType::take_profit_market);
  ASSERT_EQ(tps.size(), 2u);
  EXPECT_EQ(tps[0]->request.qty + tps[1]->request.qty, q("2"));
  EXPECT_TRUE(closed.empty());
  trades.monitor(market);
  EXPECT_TRUE(std::find(alerts.begin(), alerts.end(), "orphan_position") == alerts.end());
}

TEST_F(TradeManagerTest, TargetOneMovesStopToBreakevenThenBreakevenExit) {
  open_long();
  book("102.5", "102.6");  // through target 1
  EXPECT_EQ(portfolio.position(0).qty, q("1"));
  const auto stops = working(OrderType::stop_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.trigger_price, p("100.1"));  // the entry price
  EXPECT_EQ(stops[0]->request.qty, q("1"));
  book("100", "100.1");  // back to entry
  EXPECT_TRUE(portfolio.position(0).flat());
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].exit_reason, "breakeven_stop");
  EXPECT_EQ(closed[0].qty, q("2"));
  EXPECT_EQ(closed[0].pnl_net, closed[0].pnl_gross - closed[0].fees);
  EXPECT_EQ(closed[0].pnl_gross, portfolio.realized_total());
  EXPECT_EQ(closed[0].fees, portfolio.fees_total());
  EXPECT_TRUE(orders.working().empty());  // the remaining take-profit was canceled
  EXPECT_TRUE(trades.idle(0));
}

// Shutdown cancels every working order; a target that fills before its cancel lands must
// not make the trade manager place a resized stop that nobody cancels (found as a
// protective order left working at the venue after a live daemon's shutdown).
TEST_F(TradeManagerTest, AfterStopATargetsFillPlacesNothingNew) {
  open_long();
  const int before = flaky.submitted;
  trades.stop(/*keep_protection=*/false);
  flaky.hold_cancels = true;
  for (const auto* o : orders.working()) orders.cancel(o->request.client_order_id);
  book("102.5", "102.6");  // target 1 fills while the cancels are on their way
  EXPECT_EQ(portfolio.position(0).qty, q("1"));
  EXPECT_EQ(flaky.submitted, before);
  trades.monitor(market);
  EXPECT_EQ(flaky.submitted, before);
  EXPECT_EQ(trades.open({"test_agent", 0, Side::buy, q("1"), p("102.6"), p("100"), p("104"), p("106")}), 0u);
  EXPECT_EQ(flaky.submitted, before);
}

// Keeping protection over a shutdown: the kept stop still follows the position, to
// breakeven and to the size target 1 left.
TEST_F(TradeManagerTest, AfterStopWithKeptProtectionTheStopFollowsThePosition) {
  open_long();
  trades.stop(/*keep_protection=*/true);
  book("102.5", "102.6");
  EXPECT_EQ(portfolio.position(0).qty, q("1"));
  const auto stops = working(OrderType::stop_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.qty, q("1"));
  EXPECT_EQ(stops[0]->request.trigger_price, p("100.1"));
  EXPECT_EQ(working(OrderType::take_profit_market).size(), 1u);  // target 2, kept; nothing new
}

// Moving the stop (to breakeven after target 1 here) keeps the old stop in force until
// the venue has acknowledged the new one: no moment without a working stop.
TEST_F(TradeManagerTest, AStopReplacementKeepsTheOldStopUntilTheNewIsAccepted) {
  open_long();
  const std::string first = working(OrderType::stop_market).at(0)->request.client_order_id;
  flaky.hold_stops = true;
  book("102.5", "102.6");  // target 1 fills: the stop moves to breakeven
  ASSERT_EQ(flaky.held_stops.size(), 1u);
  const ManagedOrder* old = orders.find(first);
  EXPECT_TRUE(old->working());
  EXPECT_FALSE(old->cancel_requested);
  flaky.release_stops();
  settle();
  EXPECT_FALSE(orders.find(first)->working());
  const auto stops = working(OrderType::stop_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.trigger_price, p("100.1"));
  EXPECT_EQ(stops[0]->status, OrderStatus::accepted);
}

TEST_F(TradeManagerTest, ARejectedStopReplacementKeepsTheOldStop) {
  open_long();
  const std::string first = working(OrderType::stop_market).at(0)->request.client_order_id;
  flaky.reject_stops = 1;
  flaky.hold_after_reject = true;
  book("102.5", "102.6");  // target 1 fills; the breakeven stop is rejected, its retry is on its way
  EXPECT_EQ(alerts, std::vector<std::string>{"stop_rejected"});
  ASSERT_EQ(flaky.held_stops.size(), 1u);
  EXPECT_EQ(flaky.held_stops[0].trigger_price, p("100.1"));
  const ManagedOrder* old = orders.find(first);
  EXPECT_TRUE(old->working());  // still in force, at the old price
  EXPECT_FALSE(old->cancel_requested);
  book("97.5", "97.6");  // and it still protects
  EXPECT_TRUE(portfolio.position(0).flat());
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].exit_reason, "stop_loss");  // the breakeven stop never took over
}

TEST_F(TradeManagerTest, StopLossClosesAndCancelsTargets) {
  open_long();
  book("97.5", "97.6");
  EXPECT_TRUE(portfolio.position(0).flat());
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].exit_reason, "stop_loss");
  EXPECT_LT(closed[0].pnl_net, Money{});
  EXPECT_TRUE(orders.working().empty());
}

TEST_F(TradeManagerTest, RejectedStopIsReplacedAtOnce) {
  flaky.reject_stops = 1;
  open_long();
  ASSERT_EQ(working(OrderType::stop_market).size(), 1u);
  EXPECT_EQ(alerts, std::vector<std::string>{"stop_rejected"});
  EXPECT_EQ(portfolio.position(0).qty, q("2"));
}

TEST_F(TradeManagerTest, UnplaceableStopFlattensThePosition) {
  flaky.reject_stops = 100;
  open_long();
  EXPECT_TRUE(portfolio.position(0).flat());
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].exit_reason, "stop_unplaceable");
  EXPECT_NE(std::find(alerts.begin(), alerts.end(), "stop_unplaceable"), alerts.end());
}

// A stop accepted counts as placed: failures spread over a long trade (each move rejected
// once, then accepted) never add up to the flattening limit.
TEST_F(TradeManagerTest, StopFailuresStartAgainOnceAStopIsAccepted) {
  flaky.reject_stops = 2;
  open_long();  // two rejections, then accepted
  ASSERT_EQ(working(OrderType::stop_market).size(), 1u);
  flaky.reject_stops = 2;
  book("102.5", "102.6");  // target 1: the breakeven move is rejected twice, then accepted
  EXPECT_EQ(std::count(alerts.begin(), alerts.end(), "stop_rejected"), 4);
  EXPECT_EQ(std::count(alerts.begin(), alerts.end(), "stop_unplaceable"), 0);
  EXPECT_EQ(portfolio.position(0).qty, q("1"));
  const auto stops = working(OrderType::stop_market);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->request.trigger_price, p("100.1"));
}

// A position gone at the venue without a fill of ours (adopted from the venue's account)
// is recorded at the last mark, never with an exit price of 0.
TEST_F(TradeManagerTest, APositionThatVanishedIsRecordedAtTheLastMark) {
  open_long();
  trades.monitor(market);  // sees the mark: 100.05
  portfolio.adopt_position(0, Qty{}, Price{});
  trades.monitor(market);
  settle();
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].exit_price, p("100.05"));
}

class TradeManagerSmallMarketLots : public TradeManagerTest {
 protected:
  TradeManagerSmallMarketLots() : TradeManagerTest(small_lots()) {}
  static Instrument small_lots() {
    Instrument i = instrument();
    i.market_max_qty = q("0.8");
    return i;
  }
};

// A market close above MARKET_LOT_SIZE.maxQty was rejected forever: it goes in pieces,
// each sent as the one before fills.
TEST_F(TradeManagerSmallMarketLots, ALargeCloseIsSplitUnderTheMarketMaximum) {
  open_long();
  ASSERT_EQ(portfolio.position(0).qty, q("2"));
  trades.flatten(0, "test");
  settle();
  EXPECT_TRUE(portfolio.position(0).flat());
  std::vector<Qty> pieces;
  for (int n = 1; n <= 20; ++n)
    if (const ManagedOrder* o = orders.find("tm-" + std::to_string(n)); o && o->purpose == OrderPurpose::flatten)
      pieces.push_back(o->request.qty);
  EXPECT_EQ(pieces, (std::vector<Qty>{q("0.8"), q("0.8"), q("0.4")}));
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].exit_reason, "test");
}

// Found by the fault campaign (seed 24): an entry's last fill held back, three refused stop
// replacements, and the flatten was sized from our fills, so the rest stayed at the venue
// with its stop canceled. A flatten covers what the venue reports filled.
TEST_F(TradeManagerTest, AFlattenCoversFillsStillOnTheirWay) {
  hold_fills = true;
  open_long();  // the venue holds 2; we have none of the fills yet
  ASSERT_EQ(exchange.position(0).qty, q("2"));
  trades.flatten(0, "test");
  settle();
  EXPECT_TRUE(exchange.position(0).flat()) << "the flatten left the venue's position open";
  hold_fills = false;
  for (const auto& f : held) on_fill(f);
  settle();
  EXPECT_TRUE(portfolio.position(0).flat());
  EXPECT_TRUE(trades.idle(0));
  trades.monitor(market);
  settle();
  EXPECT_TRUE(exchange.position(0).flat());
}

TEST_F(TradeManagerTest, MonitorFlattensOrphanPositions) {
  venue::OrderRequest r;
  r.client_order_id = "manual-1";
  r.side = Side::sell;
  r.qty = q("1");
  exchange.submit(r);  // a position opened behind the trade manager's back
  settle();
  EXPECT_EQ(portfolio.position(0).qty, q("-1"));
  trades.monitor(market);
  settle();
  EXPECT_TRUE(portfolio.position(0).flat());
  EXPECT_EQ(alerts.front(), "orphan_position");
}

TEST_F(TradeManagerTest, RejectedEntryEndsTradeWithoutRecord) {
  trades.open({"test_agent", 0, Side::buy, q("50000"), p("100.1"), p("98"), p("102"), p("104")});  // no margin
  settle();
  EXPECT_TRUE(trades.idle(0));
  EXPECT_TRUE(closed.empty());
  EXPECT_TRUE(portfolio.position(0).flat());
}

}  // namespace
}  // namespace symphony::trading
