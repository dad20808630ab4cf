#include <symphony/venue/execution_router.hpp>
#include <symphony/venue/instrument_registry.hpp>
#include <symphony/venue/sim/sim_exchange.hpp>
#include <symphony/venue/symbols.hpp>

#include "decimals.hpp"
#include "recording_handler.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace symphony::venue {
namespace {

Instrument on(const char* venue, const char* symbol) {
  Instrument in = test::instrument(symbol, "0.1", "0.001", "0.001", "5");
  in.venue = venue;
  in.id = 77;  // overwritten by the registry
  return in;
}

TEST(InstrumentRegistry, NumbersInstrumentsGloballyAndGroupsThemByVenue) {
  const InstrumentRegistry r({on("aster", "BTCUSDT"), on("hyperliquid", "BTC"), on("aster", "ETHUSDT")});
  ASSERT_EQ(r.size(), 3u);
  ASSERT_EQ(r.venue_count(), 2u);
  EXPECT_EQ(r.venue_name(0), "aster");
  EXPECT_EQ(r.venue_name(1), "hyperliquid");
  for (InstrumentId i = 0; i < 3; ++i) EXPECT_EQ(r[i].id, i);
  EXPECT_EQ(r.venue_of(1), 1);
  EXPECT_EQ(r.instruments_of(0), (std::vector<InstrumentId>{0, 2}));
  EXPECT_EQ(r.find("aster", "ETHUSDT"), 2u);
  EXPECT_EQ(r.find("hyperliquid", "ETHUSDT"), std::nullopt);
  EXPECT_EQ(r.find_venue("mexc"), std::nullopt);
  const std::vector<Instrument> listing = r.listing(0);
  ASSERT_EQ(listing.size(), 2u);
  EXPECT_EQ(listing[1].symbol, "ETHUSDT");
  EXPECT_EQ(listing[1].id, 2u);
}

TEST(InstrumentRegistry, TheSameSymbolOnTwoVenuesIsTwoInstruments) {
  const InstrumentRegistry r({on("sim-a", "BTCUSDT"), on("sim-b", "BTCUSDT")});
  EXPECT_EQ(r.find("sim-a", "BTCUSDT"), 0u);
  EXPECT_EQ(r.find("sim-b", "BTCUSDT"), 1u);
}

TEST(InstrumentRegistry, RefusesRepeatsAndBlanksByName) {
  try {
    InstrumentRegistry({on("aster", "BTCUSDT"), on("aster", "BTCUSDT")});
    FAIL() << "a repeated instrument was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "instrument 1 (BTCUSDT on 'aster') is listed twice");
  }
  EXPECT_THROW(InstrumentRegistry({on("", "BTCUSDT")}), std::invalid_argument);
  EXPECT_THROW(InstrumentRegistry({on("aster", "")}), std::invalid_argument);
}

TEST(InstrumentRegistry, UpdateTakesTheVenuesRulesForTheSameInstrumentOnly) {
  InstrumentRegistry r({on("aster", "BTCUSDT")});
  Instrument filters = r[0];
  filters.tick_size = test::p("0.5");
  r.update(filters);
  EXPECT_EQ(r[0].tick_size, test::p("0.5"));
  Instrument other = filters;
  other.symbol = "ETHUSDT";
  EXPECT_THROW(r.update(other), std::invalid_argument);
  other = filters;
  other.id = 1;
  EXPECT_THROW(r.update(other), std::invalid_argument);
}

// Records what reaches it, as a venue's client would receive it.
class Spy : public ExecutionClient {
 public:
  void set_handler(ExecutionHandler* h) override { handler = h; }
  void submit(const OrderRequest& r) override { calls.push_back("submit " + r.client_order_id); }
  void cancel(InstrumentId i, const std::string& id) override { calls.push_back("cancel " + id + std::to_string(i)); }
  void query_order(InstrumentId i, const std::string& id) override {
    calls.push_back("query " + id + std::to_string(i));
  }
  void request_account() override { calls.emplace_back("account"); }
  void cancel_all(InstrumentId i) override { calls.push_back("cancel_all " + std::to_string(i)); }
  ExecutionHandler* handler = nullptr;
  std::vector<std::string> calls;
};

TEST(ExecutionRouter, SendsEachCallToItsInstrumentsVenue) {
  const InstrumentRegistry r({on("a", "X"), on("b", "Y"), on("a", "Z")});
  Spy a, b;
  ExecutionRouter router(r, {&a, &b});
  test::RecordingHandler h;
  router.set_handler(&h);
  EXPECT_EQ(a.handler, &h);
  EXPECT_EQ(b.handler, &h);
  OrderRequest o;
  o.client_order_id = "o1";
  o.instrument = 1;
  router.submit(o);
  router.cancel(2, "o2");
  router.query_order(0, "o3");
  router.cancel_all(1);
  router.request_account(1);
  EXPECT_EQ(a.calls, (std::vector<std::string>{"cancel o22", "query o30"}));
  EXPECT_EQ(b.calls, (std::vector<std::string>{"submit o1", "cancel_all 1", "account"}));
  router.request_account();
  EXPECT_EQ(a.calls.back(), "account");
  EXPECT_EQ(b.calls.back(), "account");
}

TEST(ExecutionRouter, AnOrderForNoVenueIsRejectedUnsent) {
  const InstrumentRegistry r({on("a", "X")});
  Spy a;
  ExecutionRouter router(r, {&a});
  test::RecordingHandler h;
  router.set_handler(&h);
  OrderRequest o;
  o.client_order_id = "o1";
  o.instrument = 5;
  router.submit(o);
  router.cancel(5, "o1");
  EXPECT_TRUE(a.calls.empty());
  ASSERT_EQ(h.updates.size(), 1u);
  EXPECT_EQ(h.updates[0].status, OrderStatus::rejected);
  EXPECT_EQ(h.updates[0].reason, "instrument 5 is on no venue of this process");
}

TEST(ExecutionRouter, NeedsOneClientPerVenue) {
  const InstrumentRegistry r({on("a", "X"), on("b", "Y")});
  Spy a;
  EXPECT_THROW(ExecutionRouter(r, {&a}), std::invalid_argument);
  EXPECT_THROW(ExecutionRouter(r, {&a, nullptr}), std::invalid_argument);
}

// A simulated venue trading instrument 1 of a two-instrument process: it answers for its
// own instrument only, under its process-wide id and its venue's id.
TEST(SimExchangeOnASharedMarket, TradesItsOwnInstrumentsUnderTheirIdsAndStampsItsVenue) {
  SimulatedScheduler sched{0};
  market::MarketState market{2};
  Instrument mine = on("sim-b", "BTCUSDT");
  mine.id = 1;
  sim::ExchangeConfig c;
  c.latency = ns_per_ms;
  c.reject_probability = 0;
  c.partial_fill_probability = 0;
  sim::SimExchange exchange(sched, c, {mine}, market, 1);
  test::RecordingHandler h;
  exchange.set_handler(&h);
  const std::vector<market::Level> bids{{test::p("100"), test::q("5")}}, asks{{test::p("100.1"), test::q("5")}};
  ASSERT_EQ(market.on_snapshot({1, 0, bids, asks}), market::book_status::ok);
  ASSERT_EQ(market.on_snapshot({0, 0, bids, asks}), market::book_status::ok);
  exchange.on_market(1, {});
  OrderRequest o;
  o.client_order_id = "mine";
  o.instrument = 1;
  o.qty = test::q("1");
  exchange.submit(o);
  o.client_order_id = "theirs";
  o.instrument = 0;
  exchange.submit(o);
  exchange.request_account();
  sched.run_until(10 * ns_per_ms);
  ASSERT_NE(h.last("mine"), nullptr);
  EXPECT_EQ(h.last("mine")->status, OrderStatus::filled);
  EXPECT_EQ(h.last("mine")->instrument, 1u);
  ASSERT_NE(h.last("theirs"), nullptr);
  EXPECT_EQ(h.last("theirs")->status, OrderStatus::rejected);
  EXPECT_EQ(h.last("theirs")->reason, "unknown instrument");
  ASSERT_EQ(h.accounts.size(), 1u);
  EXPECT_EQ(h.accounts[0].venue, 1);
  ASSERT_EQ(h.accounts[0].positions.size(), 1u);  // its own row only
  EXPECT_EQ(h.accounts[0].positions[0].instrument, 1u);
  EXPECT_EQ(exchange.position(1).qty, test::q("1"));
  EXPECT_TRUE(exchange.position(0).qty.is_zero());
}

TEST(VenueSymbols, TranslatesBothWaysAndRefusesAnEmptyOrRepeatedSymbol) {
  Instrument a, b;
  a.id = 4;
  a.symbol = "ETHUSDT";
  b.id = 1;
  b.symbol = "BTCUSDT";
  const VenueSymbols s("toy", {a, b});
  EXPECT_TRUE(s.ours(4));
  EXPECT_TRUE(s.ours(1));
  EXPECT_FALSE(s.ours(0));  // another venue's
  EXPECT_FALSE(s.ours(9));
  EXPECT_EQ(s[4], "ETHUSDT");
  InstrumentId id = 99;
  ASSERT_TRUE(s.lookup("BTCUSDT", id));
  EXPECT_EQ(id, 1u);
  EXPECT_FALSE(s.lookup("SOLUSDT", id));
  EXPECT_EQ(s.listed(), (std::vector<InstrumentId>{4, 1}));
  b.symbol = "ETHUSDT";
  try {
    VenueSymbols bad("toy", {a, b});
    FAIL() << "a repeated symbol was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "toy: instrument 1 has an empty or repeated symbol");
  }
  b.symbol.clear();
  EXPECT_THROW(VenueSymbols("toy", {b}), std::invalid_argument);
}

}  // namespace
}  // namespace symphony::venue
