#include <symphony/venue/sim/sim_exchange.hpp>

#include "recording_handler.hpp"

#include "decimals.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace symphony::venue::sim {
namespace {

using test::m;
using test::p;
using test::q;

Instrument btc() { return test::instrument("BTCUSDT", "0.1", "0.001", "0.001", "5"); }

// A deterministic exchange: no random rejections or partial fills unless a test asks.
class SimExchangeTest : public ::testing::Test {
 protected:
  void make(double partial = 0.0, double reject = 0.0) {
    ExchangeConfig c;
    c.latency = ns_per_ms;
    c.partial_fill_probability = partial;
    c.reject_probability = reject;
    c.starting_balance = m("100000");
    exchange = std::make_unique<SimExchange>(sched, c, std::vector<Instrument>{btc()}, market);
    exchange->set_handler(&h);
    set_book({{"100", "1"}, {"99.9", "2"}, {"99.8", "5"}}, {{"100.1", "1"}, {"100.2", "2"}, {"100.3", "5"}});
  }

  void set_book(std::vector<std::pair<const char*, const char*>> b, std::vector<std::pair<const char*, const char*>> a,
                std::vector<market::TradeTick> trades = {}) {
    bids.clear();
    asks.clear();
    for (auto& [px, qty] : b) bids.push_back({p(px), q(qty)});
    for (auto& [px, qty] : a) asks.push_back({p(px), q(qty)});
    ASSERT_EQ(market.on_snapshot({0, sched.clock().now(), bids, asks}), market::book_status::ok);
    for (const auto& t : trades) market.on_trade(t);
    exchange->on_market(0, trades);
  }

  void settle() { sched.run_until(sched.clock().now() + 10 * ns_per_ms); }

  OrderRequest order(const char* id, Side side, OrderType type, const char* qty) {
    OrderRequest r;
    r.client_order_id = id;
    r.side = side;
    r.type = type;
    r.qty = q(qty);
    return r;
  }

  SimulatedScheduler sched{0};
  test::RecordingHandler h;
  market::MarketState market{1};
  std::unique_ptr<SimExchange> exchange;
  std::vector<market::Level> bids, asks;
};

TEST_F(SimExchangeTest, MarketOrderWalksTheBookWithSlippageAndTakerFees) {
  make();
  exchange->submit(order("a", Side::buy, OrderType::market, "2.5"));
  settle();
  const auto fills = h.fills_of("a");
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0].price, p("100.1"));
  EXPECT_EQ(fills[0].qty, q("1"));
  EXPECT_EQ(fills[1].price, p("100.2"));
  EXPECT_EQ(fills[1].qty, q("1.5"));
  // 100.1 + 150.3 = 250.4 notional, 0.05% taker fee on each fill.
  Money fees;
  for (const auto& f : fills) {
    EXPECT_EQ(f.liquidity, Liquidity::taker);
    fees += f.fee;
  }
  EXPECT_EQ(fees, m("0.05005") + m("0.07515"));
  EXPECT_EQ(h.last("a")->status, OrderStatus::filled);
  EXPECT_EQ(h.last("a")->avg_price, p("100.16"));
  EXPECT_EQ(exchange->position(0).qty, q("2.5"));
  EXPECT_EQ(exchange->wallet_balance(), m("100000") - fees);
}

TEST_F(SimExchangeTest, AnswersArriveAfterLatency) {
  make();
  exchange->submit(order("a", Side::buy, OrderType::market, "0.1"));
  sched.run_until(ns_per_ms);  // reached the venue, answer still on its way back
  EXPECT_TRUE(h.updates.empty());
  settle();
  EXPECT_FALSE(h.updates.empty());
}

TEST_F(SimExchangeTest, PartialFillsCompleteInSlices) {
  make(/*partial=*/1.0);
  exchange->submit(order("a", Side::buy, OrderType::market, "0.5"));
  sched.run_until(100 * ns_per_ms);
  const auto fills = h.fills_of("a");
  EXPECT_GE(fills.size(), 2u);
  Qty total;
  for (const auto& f : fills) total += f.qty;
  EXPECT_EQ(total, q("0.5"));
  bool saw_partial = false;
  for (const auto& u : h.updates) saw_partial |= u.status == OrderStatus::partially_filled;
  EXPECT_TRUE(saw_partial);
  EXPECT_EQ(h.last("a")->status, OrderStatus::filled);
}

TEST_F(SimExchangeTest, RestingLimitFillsAsMakerWhenMarketComesToIt) {
  make();
  auto r = order("l", Side::buy, OrderType::limit, "1");
  r.price = p("99.5");
  exchange->submit(r);
  settle();
  EXPECT_EQ(h.last("l")->status, OrderStatus::accepted);
  EXPECT_TRUE(h.fills_of("l").empty());
  set_book({{"99.3", "1"}}, {{"99.5", "1"}});
  settle();
  const auto fills = h.fills_of("l");
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].price, p("99.5"));
  EXPECT_EQ(fills[0].liquidity, Liquidity::maker);
  EXPECT_EQ(fills[0].fee, m("0.0199"));  // 0.02% of 99.5
}

TEST_F(SimExchangeTest, PostOnlyThatWouldTakeIsRejected) {
  make();
  auto r = order("po", Side::buy, OrderType::limit, "1");
  r.price = p("100.1");
  r.time_in_force = TimeInForce::post_only;
  exchange->submit(r);
  settle();
  EXPECT_EQ(h.last("po")->status, OrderStatus::rejected);
  EXPECT_EQ(h.last("po")->reason, "post-only order would take liquidity");
}

TEST_F(SimExchangeTest, IocTakesWhatCrossesAndExpiresTheRest) {
  make();
  auto r = order("ioc", Side::buy, OrderType::limit, "5");
  r.price = p("100.2");
  r.time_in_force = TimeInForce::ioc;
  exchange->submit(r);
  settle();
  EXPECT_EQ(h.last("ioc")->status, OrderStatus::expired);
  EXPECT_EQ(h.last("ioc")->filled_qty, q("3"));
}

TEST_F(SimExchangeTest, ReduceOnlyIsClippedToThePosition) {
  make();
  exchange->submit(order("open", Side::buy, OrderType::market, "0.4"));
  settle();
  auto r = order("close", Side::sell, OrderType::market, "1");
  r.reduce_only = true;
  exchange->submit(r);
  settle();
  EXPECT_EQ(exchange->position(0).qty, Qty{});
  EXPECT_EQ(h.last("close")->filled_qty, q("0.4"));
  EXPECT_EQ(h.last("close")->status, OrderStatus::expired);
}

TEST_F(SimExchangeTest, ReduceOnlyWithoutPositionNeverOpensOne) {
  make();
  auto r = order("ro", Side::sell, OrderType::market, "1");
  r.reduce_only = true;
  exchange->submit(r);
  settle();
  EXPECT_EQ(h.last("ro")->status, OrderStatus::expired);
  EXPECT_TRUE(h.fills_of("ro").empty());
  EXPECT_EQ(exchange->position(0).qty, Qty{});
}

TEST_F(SimExchangeTest, StopMarketTriggersOnFallAndExecutesAtMarket) {
  make();
  exchange->submit(order("open", Side::buy, OrderType::market, "1"));
  settle();
  auto stop = order("stop", Side::sell, OrderType::stop_market, "1");
  stop.trigger_price = p("99");
  stop.reduce_only = true;
  exchange->submit(stop);
  settle();
  EXPECT_EQ(h.last("stop")->status, OrderStatus::accepted);
  set_book({{"99.5", "3"}}, {{"99.6", "3"}});  // above the trigger: nothing
  settle();
  EXPECT_TRUE(h.fills_of("stop").empty());
  set_book({{"98.7", "3"}}, {{"98.8", "3"}});
  settle();
  const auto fills = h.fills_of("stop");
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].price, p("98.7"));  // slipped past the trigger, as a market order does
  EXPECT_EQ(exchange->position(0).qty, Qty{});
}

TEST_F(SimExchangeTest, ClosePositionStopClosesWhateverThePositionIsWhenItFires) {
  make();
  exchange->submit(order("open", Side::buy, OrderType::market, "1"));
  settle();
  auto stop = order("stop", Side::sell, OrderType::stop_market, "0");
  stop.trigger_price = p("99");
  stop.close_position = true;
  exchange->submit(stop);
  settle();
  EXPECT_EQ(h.last("stop")->status, OrderStatus::accepted);
  exchange->submit(order("add", Side::buy, OrderType::market, "1"));  // the position grows to 2
  settle();
  set_book({{"98.7", "5"}}, {{"98.8", "5"}});
  settle();
  Qty closed;
  for (const auto& f : h.fills_of("stop")) closed += f.qty;
  EXPECT_EQ(closed, q("2"));
  EXPECT_EQ(exchange->position(0).qty, Qty{});
  auto bad = order("bad", Side::sell, OrderType::limit, "0");
  bad.price = p("100");
  bad.close_position = true;
  exchange->submit(bad);
  settle();
  EXPECT_EQ(h.last("bad")->status, OrderStatus::rejected);
}

TEST_F(SimExchangeTest, TakeProfitTriggersOnRiseIncludingTradePrints) {
  make();
  exchange->submit(order("open", Side::buy, OrderType::market, "1"));
  settle();
  auto tp = order("tp", Side::sell, OrderType::take_profit_market, "1");
  tp.trigger_price = p("101");
  tp.reduce_only = true;
  exchange->submit(tp);
  settle();
  // The book mid stays below 101, but a print at 101 during the step touches the trigger.
  std::vector<market::TradeTick> prints{{0, sched.clock().now(), p("101"), q("0.1"), Side::buy, 1}};
  set_book({{"100.6", "3"}}, {{"100.7", "3"}}, prints);
  settle();
  ASSERT_EQ(h.fills_of("tp").size(), 1u);
  EXPECT_EQ(h.fills_of("tp")[0].price, p("100.6"));
}

TEST_F(SimExchangeTest, TriggerThatWouldFireAtOnceIsRejected) {
  make();
  auto stop = order("s", Side::sell, OrderType::stop_market, "1");
  stop.trigger_price = p("100.5");  // above the market: a sell stop would fire now
  exchange->submit(stop);
  settle();
  EXPECT_EQ(h.last("s")->status, OrderStatus::rejected);
  EXPECT_EQ(h.last("s")->reason, "order would immediately trigger");
}

TEST_F(SimExchangeTest, RandomRejectionsFollowProbability) {
  make(0.0, /*reject=*/1.0);
  exchange->submit(order("a", Side::buy, OrderType::market, "0.1"));
  settle();
  EXPECT_EQ(h.last("a")->status, OrderStatus::rejected);
  EXPECT_EQ(exchange->position(0).qty, Qty{});
}

TEST_F(SimExchangeTest, RejectsInvalidOrdersWithReasons) {
  make();
  exchange->submit(order("x", Side::buy, OrderType::market, "0.0005"));
  exchange->submit(order("y", Side::buy, OrderType::market, "50000"));  // 5M notional on 100k at 10×
  exchange->submit(order("w", Side::buy, OrderType::market, "0.01"));   // 1 USDT notional
  exchange->submit(order("z", Side::buy, OrderType::market, "0.1"));
  exchange->submit(order("z", Side::buy, OrderType::market, "0.1"));
  settle();
  EXPECT_EQ(h.last("x")->reason, "quantity is not a multiple of the step size");
  EXPECT_EQ(h.last("y")->reason, "insufficient margin");
  EXPECT_EQ(h.last("w")->reason, "notional is below the minimum");
  EXPECT_EQ(h.last("z")->reason, "duplicate client order id");
  EXPECT_EQ(h.fills_of("z").size(), 1u);  // the first z filled; the duplicate changed nothing
}

TEST_F(SimExchangeTest, CancelAndQuery) {
  make();
  auto r = order("l", Side::buy, OrderType::limit, "1");
  r.price = p("90");
  exchange->submit(r);
  settle();
  exchange->cancel(0, "l");
  exchange->query_order(0, "nope");
  settle();
  EXPECT_EQ(h.last("l")->status, OrderStatus::canceled);
  EXPECT_EQ(h.last("nope")->status, OrderStatus::rejected);
  EXPECT_EQ(h.last("nope")->reason, "unknown order");
  EXPECT_EQ(exchange->working_orders(), 0u);
}

TEST_F(SimExchangeTest, CancelAllCancelsEveryWorkingOrderOfTheInstrument) {
  make();
  for (const char* id : {"a", "b"}) {
    auto r = order(id, Side::buy, OrderType::limit, "1");
    r.price = p("95");
    exchange->submit(r);
  }
  settle();
  ASSERT_EQ(exchange->working_orders(), 2u);
  exchange->cancel_all(0);
  settle();
  EXPECT_EQ(exchange->working_orders(), 0u);
  EXPECT_EQ(h.last("a")->status, OrderStatus::canceled);
  EXPECT_EQ(h.last("b")->status, OrderStatus::canceled);
}

TEST_F(SimExchangeTest, AccountSnapshotListsPositionsAndOpenOrders) {
  make();
  exchange->submit(order("open", Side::sell, OrderType::market, "1"));
  auto r = order("l", Side::buy, OrderType::limit, "1");
  r.price = p("90");
  exchange->submit(r);
  settle();
  exchange->request_account();
  settle();
  ASSERT_EQ(h.accounts.size(), 1u);
  const auto& a = h.accounts[0];
  ASSERT_EQ(a.positions.size(), 1u);
  EXPECT_EQ(a.positions[0].qty, q("-1"));
  ASSERT_EQ(a.open_orders.size(), 1u);
  EXPECT_EQ(a.open_orders[0].client_order_id, "l");
  EXPECT_EQ(a.wallet_balance, exchange->wallet_balance());
}

TEST_F(SimExchangeTest, LiquidatesWhenEquityFallsBelowMaintenance) {
  make();
  // 9,000 units ≈ 900,900 notional: 9× leverage on 100,000; then a 12% fall.
  set_book({{"100", "20000"}}, {{"100.1", "20000"}});
  exchange->submit(order("big", Side::buy, OrderType::market, "9000"));
  settle();
  ASSERT_EQ(exchange->position(0).qty, q("9000"));
  set_book({{"88", "20000"}}, {{"88.1", "20000"}});
  settle();
  EXPECT_EQ(exchange->liquidations(), 1u);
  EXPECT_EQ(exchange->position(0).qty, Qty{});
  EXPECT_LT(exchange->wallet_balance(), m("100000"));
}

}  // namespace
}  // namespace symphony::venue::sim
