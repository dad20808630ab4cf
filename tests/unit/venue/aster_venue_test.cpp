// The Aster adapter against the fake Aster on loopback TLS: bootstrap, the market feed
// with resync after a sequence gap and resume after disconnects, orders, lost answers,
// 429 pauses and the user data stream.
#include <symphony/market/market_state.hpp>
#include <symphony/venue/aster/aster_venue.hpp>
#include <symphony/venue/crypto.hpp>

#include <decimals.hpp>
#include <fake_aster.hpp>
#include <recording_handler.hpp>
#include <sim_instruments.hpp>
#include <temp_dir.hpp>

#include "venue/aster/errors.hpp"
#include "venue/aster/rest_client.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

namespace symphony::venue::aster {
namespace {

using test::p;
using test::q;

constexpr const char* signer_key = "0x4fd0a42218f3eae43a6ce26d22544e986139a01e5b34a62db53757ffca81bae1";
constexpr const char* signer_addr = "0x21cF8Ae13Bb72632562c6Fff438652Ba1a151bb0";
constexpr const char* user_addr = "0x63DD5aCC6b1aa0f563956C0e534DD30B6dcF7C4e";
constexpr const char* api_key = "test-api-key-v1";
constexpr const char* api_secret = "test-api-secret-v1";

// Feeds a real MarketState, as the engine does.
struct MarketSink : MarketHandler {
  market::MarketState& m;
  int interruptions = 0;
  int klines = 0;
  explicit MarketSink(market::MarketState& s) : m(s) {}
  market::book_status on_book(const market::BookSnapshot& s) override { return m.on_snapshot(s); }
  market::book_status on_book_diff(const market::BookDiff& d) override { return m.on_diff(d); }
  void on_trade(const market::TradeTick& t) override { m.on_trade(t); }
  void on_ticker(const market::Ticker& t) override { m.on_ticker(t); }
  void on_mark_price(const market::MarkPrice& mp) override { m.on_mark_price(mp); }
  market::warm_up_status on_klines(InstrumentId id, market::Timeframe tf,
                                   std::span<const market::Candle> bars) override {
    ++klines;
    std::size_t accepted = 0;
    return m.warm_up(id, tf, bars, accepted);
  }
  void on_feed_interrupted(InstrumentId id) override {
    ++interruptions;
    m.invalidate(id);
  }
};

class AsterVenueTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  std::unique_ptr<test::FakeAster> fake;
  RealClock clock;
  net::Reactor reactor{clock};
  std::unique_ptr<market::MarketState> market;
  std::unique_ptr<MarketSink> sink;
  test::RecordingHandler exec;
  std::unique_ptr<AsterVenue> venue;
  std::vector<Instrument> instruments;

  std::string api = "v3";  ///< the API the fake speaks and the venue signs for

  void SetUp() override { make_fake(); }
  void make_fake() {
    test::FakeAster::Config fc;
    fc.api = api;
    fc.user = user_addr;
    fc.signer = signer_addr;
    fc.api_key = api_key;
    fc.api_secret = api_secret;
    fake = std::make_unique<test::FakeAster>(pki, fc);
  }

  AsterConfig config() {
    AsterConfig c;
    c.rest_url = fake->rest_url();
    c.ws_url = fake->ws_url();
    c.ca_file = pki.ca_file();
    c.warm_up_bars = 50;
    c.ws.backoff = {20 * ns_per_ms, 200 * ns_per_ms, 2.0, 0.5};
    c.ws.stall_timeout = 2 * ns_per_s;
    c.ws.ping_interval = 300 * ns_per_ms;
    c.signing = api;
    return c;
  }

  void start(bool trade = true, AsterConfig c = {}) {
    if (c.rest_url == AsterConfig{}.rest_url) c = config();
    std::optional<AsterCredentials> creds;
    if (trade) creds = AsterCredentials{user_addr, signer_key, api_key, api_secret};
    venue = std::make_unique<AsterVenue>(reactor, c, test::listing("aster", {"BTCUSDT"}), 0, creds, 42);
    std::optional<AsterVenue::Bootstrap> boot;
    venue->bootstrap([&](AsterVenue::Bootstrap b) { boot = std::move(b); });
    ASSERT_TRUE(until([&] { return boot.has_value(); }));
    ASSERT_EQ(boot->error, "");
    instruments = boot->instruments;
    const std::vector<Price> ticks{instruments[0].tick_size};
    const std::vector<market::book_sequencing> seq{market::book_sequencing::update_id_chain};
    market = std::make_unique<market::MarketState>(1, market::MarketConfig{}, seq, ticks);
    sink = std::make_unique<MarketSink>(*market);
    venue->feed().set_handler(sink.get());
    if (trade) venue->execution().set_handler(&exec);
    venue->feed().start();
  }

  bool until(const std::function<bool()>& pred, int seconds = 10) {
    for (int i = 0; i < seconds * 100 && !pred(); ++i) reactor.run(10 * ns_per_ms);
    return pred();
  }
  bool live() { return market && market->at(0).builder().state() == market::book_sync::live; }
  bool in_sync_with_fake() {
    const auto bid = market->at(0).book().best_bid();
    return live() && bid && bid->price == fake->mid() - p("0.1");
  }
  /// A filled market buy ("t-open") and its reduce-only stop ("t-stop") accepted.
  void open_with_stop() {
    ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
    venue->execution().submit(order("t-open", Side::buy, OrderType::market, "0.010"));
    ASSERT_TRUE(until([&] { return exec.fills_of("t-open").size() == 1; }));
    auto stop = order("t-stop", Side::sell, OrderType::stop_market, "0.010");
    stop.trigger_price = fake->mid() - p("100");
    stop.reduce_only = true;
    venue->execution().submit(stop);
    ASSERT_TRUE(until([&] { return exec.last("t-stop") && exec.last("t-stop")->status == OrderStatus::accepted; }));
  }
  OrderRequest order(const std::string& id, Side side, OrderType type, const char* qty) {
    OrderRequest r;
    r.client_order_id = id;
    r.side = side;
    r.type = type;
    r.qty = q(qty);
    return r;
  }
};

TEST_F(AsterVenueTest, BootstrapMapsTheVenuesFilters) {
  start(false);
  ASSERT_EQ(instruments.size(), 1u);
  EXPECT_EQ(instruments[0].symbol, "BTCUSDT");
  EXPECT_EQ(instruments[0].tick_size, p("0.1"));
  EXPECT_EQ(instruments[0].step_size, q("0.001"));
  EXPECT_EQ(instruments[0].min_notional, *Money::parse("5"));
  EXPECT_FALSE(venue->can_trade());
  EXPECT_THROW((void)venue->execution(), std::logic_error);
}

TEST_F(AsterVenueTest, UnknownSymbolFailsBootstrapByName) {
  venue = std::make_unique<AsterVenue>(reactor, config(), test::listing("aster", {"NOPEUSDT"}), 0, std::nullopt, 1);
  std::optional<AsterVenue::Bootstrap> boot;
  venue->bootstrap([&](AsterVenue::Bootstrap b) { boot = std::move(b); });
  ASSERT_TRUE(until([&] { return boot.has_value(); }));
  EXPECT_NE(boot->error.find("NOPEUSDT is not listed"), std::string::npos) << boot->error;
}

// The venue goes away before its start-up coroutine has run (it is spawned onto the
// reactor, which has not run yet): it must never touch the destroyed venue, and its
// callback never runs (ASan watches in CI).
TEST_F(AsterVenueTest, AVenueDestroyedBeforeItsStartUpRanEndsItQuietly) {
  venue = std::make_unique<AsterVenue>(reactor, config(), test::listing("aster", {"BTCUSDT"}), 0,
                                       AsterCredentials{user_addr, signer_key, api_key, api_secret}, 1);
  bool called = false;
  venue->bootstrap([&](AsterVenue::Bootstrap) { called = true; });
  venue.reset();
  for (int i = 0; i < 20; ++i) reactor.run(10 * ns_per_ms);
  EXPECT_FALSE(called);
  EXPECT_EQ(fake->requests("/fapi/v3/time"), 0);
}

TEST_F(AsterVenueTest, BookSyncsWarmsUpAndFollowsTheStream) {
  start(false);
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  EXPECT_GE(venue->stats().snapshots, 1u);
  EXPECT_TRUE(until([&] { return sink->klines == 6; }));  // every timeframe warmed up
  EXPECT_TRUE(market->at(0).indicators(market::Timeframe::m1).ema_slow().ready());
  EXPECT_TRUE(until([&] { return market->at(0).mark_price().has_value(); }));
  EXPECT_TRUE(until([&] { return market->at(0).last_trade().has_value(); }));
  fake->set_drift(p("0.5"));
  const Price before = fake->mid();
  ASSERT_TRUE(until([&] { return fake->mid() > before + p("5") && in_sync_with_fake(); }));
}

TEST_F(AsterVenueTest, ASequenceGapResyncsTheBookFromANewSnapshot) {
  start(false);
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  const auto snapshots = venue->stats().snapshots;
  fake->skip_update_ids();
  ASSERT_TRUE(until([&] { return venue->stats().resyncs >= 1; }));
  EXPECT_FALSE(live() && venue->stats().snapshots == snapshots);  // not trusted until resynced
  ASSERT_TRUE(until([&] { return venue->stats().snapshots > snapshots && in_sync_with_fake(); }));
}

TEST_F(AsterVenueTest, MalformedFramesAreCountedAndSkipped) {
  start(false);
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  fake->send_malformed_frame();
  ASSERT_TRUE(until([&] { return venue->stats().malformed_frames == 1; }));
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
}

TEST_F(AsterVenueTest, ADroppedStreamReconnectsAndTheBookResyncs) {
  start(false);
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  const int interruptions = sink->interruptions;
  fake->drop_market_streams();
  ASSERT_TRUE(until([&] { return sink->interruptions > interruptions; }));
  ASSERT_TRUE(until([&] { return fake->market_connects() == 2 && in_sync_with_fake(); }));
  EXPECT_EQ(venue->stats().feed_connects, 2u);
}

TEST_F(AsterVenueTest, AStalledStreamIsDetectedAndReplaced) {
  start(false);
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  fake->stall_market_streams();
  ASSERT_TRUE(until([&] { return fake->market_connects() == 2 && in_sync_with_fake(); }));
}

TEST_F(AsterVenueTest, MarketOrderFillsThroughTheUserStream) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  venue->execution().submit(order("t-1", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return exec.last("t-1") && exec.last("t-1")->status == OrderStatus::filled; }));
  ASSERT_TRUE(until([&] { return exec.fills_of("t-1").size() == 1; }));
  EXPECT_EQ(exec.fills_of("t-1")[0].qty, q("0.01"));
  EXPECT_EQ(fake->position(), q("0.01"));
  EXPECT_TRUE(fake->signature_errors().empty());
  EXPECT_EQ(fake->submissions("t-1"), 1);
}

TEST_F(AsterVenueTest, StopIsPlacedTrackedAndCanceled) {
  start();
  open_with_stop();
  EXPECT_TRUE(fake->order("t-stop")->reduce_only);
  venue->execution().request_account();
  ASSERT_TRUE(until([&] { return !exec.accounts.empty(); }));
  ASSERT_EQ(exec.accounts[0].open_orders.size(), 1u);
  EXPECT_EQ(exec.accounts[0].open_orders[0].client_order_id, "t-stop");
  ASSERT_EQ(exec.accounts[0].positions.size(), 1u);
  EXPECT_EQ(exec.accounts[0].positions[0].qty, q("0.01"));
  venue->execution().cancel(0, "t-stop");
  ASSERT_TRUE(until([&] { return exec.last("t-stop")->status == OrderStatus::canceled; }));
  EXPECT_EQ(fake->order("t-stop")->status, "CANCELED");
}

TEST_F(AsterVenueTest, CancelAllCancelsEveryOpenOrderAndAnswersEach) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  fake->drop_user_streams();  // the answers must come without the stream too
  for (const char* id : {"t-l1", "t-l2"}) {
    auto r = order(id, Side::buy, OrderType::limit, "0.010");
    r.price = fake->mid() - p("500");
    venue->execution().submit(r);
  }
  ASSERT_TRUE(until([&] {
    return exec.last("t-l1") && exec.last("t-l2") && exec.last("t-l1")->status == OrderStatus::accepted &&
           exec.last("t-l2")->status == OrderStatus::accepted;
  }));
  venue->execution().cancel_all(0);
  ASSERT_TRUE(until([&] {
    return exec.last("t-l1")->status == OrderStatus::canceled && exec.last("t-l2")->status == OrderStatus::canceled;
  }));
  EXPECT_EQ(fake->requests("/fapi/v3/allOpenOrders"), 1);
  EXPECT_EQ(fake->order("t-l1")->status, "CANCELED");
  EXPECT_EQ(fake->order("t-l2")->status, "CANCELED");
}

TEST_F(AsterVenueTest, ALostAnswerIsQueriedNeverResent) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  fake->drop_user_streams();  // the fill will not come by the stream either
  fake->lose_next_order_response();
  venue->execution().submit(order("t-lost", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return venue->stats().unknown_outcomes == 1; }));
  EXPECT_EQ(exec.last("t-lost"), nullptr);  // no answer: still pending, not rejected
  venue->execution().query_order(0, "t-lost");
  ASSERT_TRUE(until([&] { return exec.last("t-lost") && exec.last("t-lost")->status == OrderStatus::filled; }));
  // The fill the stream missed is recovered from userTrades.
  ASSERT_TRUE(until([&] { return exec.fills_of("t-lost").size() == 1; }));
  EXPECT_EQ(fake->submissions("t-lost"), 1);
  EXPECT_EQ(fake->queries("t-lost"), 1);
}

TEST_F(AsterVenueTest, AQueryForAnOrderThatNeverArrivedRejectsIt) {
  start();
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  venue->execution().query_order(0, "t-never");
  ASSERT_TRUE(until([&] { return exec.last("t-never") != nullptr; }));
  EXPECT_EQ(exec.last("t-never")->status, OrderStatus::rejected);
}

// A query that overtakes its own order inside the venue hears "-2013 Order does not exist."
// That once finalized the order as rejected and its fills were booked against a "rejected"
// order. Until the submission's deadline has passed the order stays open and is asked
// about again; it is found filled.
TEST_F(AsterVenueTest, UnknownOrderIsFinalOnlyAfterTheSubmissionDeadline) {
  auto c = config();
  c.order_max_wait = 300 * ns_per_ms;
  c.recv_window_ms = 700;  // deadline: 0.3 + 0.7 + 1 s margin after the submission
  start(true, c);
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  fake->set_query_lag(1500 * ns_per_ms);
  fake->lose_next_order_response(/*silence_stream=*/true);
  venue->execution().submit(order("t-lag", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return venue->stats().unknown_outcomes == 1; }));
  venue->execution().query_order(0, "t-lag");
  ASSERT_TRUE(until([&] { return fake->queries("t-lag") == 1; }));
  reactor.run(200 * ns_per_ms);
  EXPECT_EQ(exec.last("t-lag"), nullptr) << "an early 'unknown order' finalized the order";
  ASSERT_TRUE(until([&] { return exec.last("t-lag") != nullptr; }));
  EXPECT_EQ(exec.last("t-lag")->status, OrderStatus::filled);
  EXPECT_EQ(fake->queries("t-lag"), 2);
  EXPECT_EQ(fake->submissions("t-lag"), 1);
}

// The listen key is a credential: a refused user-stream upgrade once logged the URL with
// the key in it. The error names the stream, not the key.
TEST_F(AsterVenueTest, TheListenKeyNeverReachesTheLogs) {
  auto ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(256);
  auto logger = std::make_shared<spdlog::logger>("capture", ring);
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);
  fake->refuse_user_streams(true);
  start();
  const bool refused = until([&] { return fake->refused_upgrades() >= 2; });
  venue.reset();
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(refused);
  std::string logs;
  for (const auto& line : ring->last_formatted()) logs += line;
  EXPECT_NE(logs.find("/ws/<listen key>"), std::string::npos) << logs;
  EXPECT_EQ(logs.find("fakeListenKey"), std::string::npos) << logs;
}

TEST_F(AsterVenueTest, A429PausesRequestsForRetryAfter) {
  start();
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  fake->fail_next("/fapi/v3/order", 429, 1, 2);
  venue->execution().submit(order("t-429", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return exec.last("t-429") != nullptr; }));
  EXPECT_EQ(exec.last("t-429")->status, OrderStatus::rejected);
  EXPECT_NE(exec.last("t-429")->reason.find("429"), std::string::npos) << exec.last("t-429")->reason;
  // During the pause an order is not sent at all: it fails locally after order_max_wait
  // is shorter than the pause, or goes once the pause is over.
  const auto sent_before = fake->requests("/fapi/v3/order");
  venue->execution().submit(order("t-after", Side::buy, OrderType::market, "0.010"));
  reactor.run(500 * ns_per_ms);
  EXPECT_EQ(fake->requests("/fapi/v3/order"), sent_before);
  ASSERT_TRUE(until([&] { return exec.last("t-after") != nullptr; }));
  EXPECT_EQ(fake->rate_limited(), 1);
}

TEST_F(AsterVenueTest, A503LeavesTheOutcomeOpen) {
  start();
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  fake->fail_next("/fapi/v3/order", 503);
  venue->execution().submit(order("t-503", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return venue->stats().unknown_outcomes == 1; }));
  EXPECT_EQ(exec.last("t-503"), nullptr);
}

// -1000 is also Aster's answer to plain rejections: with a definite message the order is
// rejected at once (never queried); the vague "unknown error" leaves it open.
TEST_F(AsterVenueTest, AMinus1000WithADefiniteErrorRejectsAtOnce) {
  start();
  ASSERT_TRUE(until([&] { return in_sync_with_fake(); }));
  fake->fail_next("/fapi/v3/order", 400, 1, 1, -1000, "Invalid symbol.");
  venue->execution().submit(order("t-def", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return exec.last("t-def") != nullptr; }));
  EXPECT_EQ(exec.last("t-def")->status, OrderStatus::rejected);
  EXPECT_NE(exec.last("t-def")->reason.find("Invalid symbol."), std::string::npos) << exec.last("t-def")->reason;
  EXPECT_EQ(venue->stats().unknown_outcomes, 0u);
  EXPECT_EQ(fake->queries("t-def"), 0);

  fake->fail_next("/fapi/v3/order", 400, 1, 1, -1000, "An unknown error occurred while processing the request.");
  venue->execution().submit(order("t-vague", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return venue->stats().unknown_outcomes == 1; }));
  EXPECT_EQ(exec.last("t-vague"), nullptr);  // open: the engine queries it after its ack timeout
}

TEST(AsterRestOutcome, OnlyVagueAnswersLeaveTheOutcomeOpen) {
  EXPECT_TRUE(outcome_unknown(503, std::nullopt));
  EXPECT_TRUE(outcome_unknown(400, ApiError{-1001, "Internal error; unable to process your request."}));
  EXPECT_TRUE(outcome_unknown(400, ApiError{-1007, "Timeout waiting for response from backend server."}));
  EXPECT_TRUE(outcome_unknown(400, ApiError{-1000, "An unknown error occurred while processing the request."}));
  EXPECT_TRUE(outcome_unknown(400, ApiError{-1000, ""}));
  EXPECT_FALSE(outcome_unknown(400, ApiError{-1000, "Invalid symbol."}));
  EXPECT_FALSE(outcome_unknown(400, ApiError{-1000, "Quantity less than zero."}));
  EXPECT_FALSE(outcome_unknown(400, ApiError{-2010, "Order would immediately trigger."}));
  EXPECT_FALSE(outcome_unknown(400, std::nullopt));
}

TEST(AsterRestOutcome, EachCodeActedOnMapsToItsVenueError) {
  EXPECT_FALSE(classify(200, std::nullopt));
  EXPECT_EQ(classify(429, std::nullopt), VenueErrc::rate_limited);
  EXPECT_EQ(classify(418, std::nullopt), VenueErrc::banned);
  EXPECT_EQ(classify(503, std::nullopt), VenueErrc::outcome_unknown);
  EXPECT_EQ(classify(400, ApiError{-1000, "An unknown error occurred."}), VenueErrc::outcome_unknown);
  EXPECT_EQ(classify(400, ApiError{-1000, "Invalid symbol."}), VenueErrc::rejected);
  EXPECT_EQ(classify(400, ApiError{-2010, "Order would immediately trigger."}), VenueErrc::rejected);
  EXPECT_EQ(classify(400, ApiError{-2011, "Unknown order sent."}), VenueErrc::already_final);
  EXPECT_EQ(classify(400, ApiError{-2013, "Order does not exist."}), VenueErrc::unknown_order);
  EXPECT_EQ(classify(400, ApiError{-4046, "No need to change margin type."}), VenueErrc::no_change);
  EXPECT_EQ(classify(400, ApiError{-1021, "Timestamp for this request is outside of the recvWindow."}),
            VenueErrc::clock_skew);
  EXPECT_EQ(classify(401, ApiError{-2015, "Invalid API-key, IP, or permissions for action."}), VenueErrc::auth_failed);
  EXPECT_EQ(classify(400, ApiError{-1022, "Signature for this request is not valid."}), VenueErrc::auth_failed);
  EXPECT_EQ(classify(400, ApiError{-1003, "Too many requests."}), VenueCondition::rate_limited);
  EXPECT_EQ(classify(400, ApiError{-2011, "Unknown order sent."}), VenueCondition::already_final);
  EXPECT_EQ(classify(400, ApiError{-1001, "Internal error"}), VenueCondition::unknown_outcome);
  EXPECT_EQ(classify(400, ApiError{-2015, ""}), VenueCondition::auth);
}

TEST_F(AsterVenueTest, TheUserStreamReconnectsAndRecoversMissedFills) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  venue->execution().submit(order("t-a", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return exec.fills_of("t-a").size() == 1; }));
  fake->drop_user_streams();
  ASSERT_TRUE(until([&] { return venue->stats().user_connects == 2; }));
  // Fills that arrived while the stream was down are fetched from userTrades ...
  ASSERT_TRUE(until([&] { return fake->requests("/fapi/v3/userTrades") >= 1; }));
  reactor.run(200 * ns_per_ms);
  EXPECT_EQ(exec.fills_of("t-a").size(), 1u);  // ... without delivering a known one twice
}

// The listen key's upkeep: kept alive while the venue accepts it; when it expires (the
// venue says so on the stream, or a keep-alive is refused) a new one is opened and the
// stream reconnects with it; fills then come through the stream again.
TEST_F(AsterVenueTest, TheListenKeyIsKeptAliveAndOpenedAgainWhenItExpires) {
  AsterConfig c = config();
  c.listen_key_keepalive = 200 * ns_per_ms;
  start(true, c);
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  ASSERT_TRUE(until([&] { return fake->keep_alives() >= 2; }));
  EXPECT_EQ(fake->listen_keys_opened(), 1);

  fake->expire_listen_key(true);  // announced
  ASSERT_TRUE(until([&] { return fake->user_connects() == 2; }));
  EXPECT_GE(fake->listen_keys_opened(), 2);
  venue->execution().submit(order("t-a", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return exec.fills_of("t-a").size() == 1; }));
  EXPECT_EQ(venue->stats().recovered_fills, 0u);  // through the stream

  fake->expire_listen_key(false);  // unannounced: the next keep-alive is refused (-1125)
  ASSERT_TRUE(until([&] { return fake->user_connects() == 3; }));
  // The new key is kept alive, not opened again and again.
  const int opened = fake->listen_keys_opened(), kept = fake->keep_alives();
  ASSERT_TRUE(until([&] { return fake->keep_alives() >= kept + 2; }));
  EXPECT_EQ(fake->listen_keys_opened(), opened);
}

// A key that expired while the stream was down gets no event and no failed keep-alive
// (those come every 30 minutes): the stream's failed reconnects ask for the key again.
TEST_F(AsterVenueTest, AKeyThatExpiredWhileTheStreamWasDownIsOpenedAgain) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1; }));
  fake->expire_listen_key(false);
  fake->drop_user_streams();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 2; }));
  EXPECT_EQ(fake->listen_keys_opened(), 2);
  EXPECT_EQ(fake->keep_alives(), 0);
}

// An account switched to hedge mode mid-run blocks trading (ACCOUNT_CONFIG_UPDATE →
// position mode check), its LONG/SHORT rows are never adopted as a position, and trading
// is unblocked once the account is one-way again.
TEST_F(AsterVenueTest, AHedgeModeSwitchBlocksTradingUntilOneWayAgain) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  venue->execution().submit(order("t-open", Side::buy, OrderType::market, "0.010"));
  ASSERT_TRUE(until([&] { return exec.fills_of("t-open").size() == 1; }));
  fake->set_hedge_mode(true);
  ASSERT_TRUE(until([&] { return !exec.blocks.empty(); }));
  EXPECT_NE(exec.blocks.back().find("hedge mode"), std::string::npos) << exec.blocks.back();
  // The account snapshot is refused rather than collapsing the legs into one position.
  venue->execution().request_account();
  reactor.run(500 * ns_per_ms);
  EXPECT_TRUE(exec.accounts.empty());
  EXPECT_EQ(exec.blocks.size(), 1u);
  fake->set_hedge_mode(false);
  ASSERT_TRUE(until([&] { return exec.blocks.size() == 2; }));
  EXPECT_EQ(exec.blocks.back(), "");
  venue->execution().request_account();
  ASSERT_TRUE(until([&] { return !exec.accounts.empty(); }));
  ASSERT_EQ(exec.accounts[0].positions.size(), 1u);
  EXPECT_EQ(exec.accounts[0].positions[0].qty, q("0.01"));
}

// A hedge-mode answer to positionRisk (no stream event needed) blocks trading too.
TEST_F(AsterVenueTest, HedgeModeRowsInTheAccountSnapshotBlockTrading) {
  start();
  ASSERT_TRUE(until([&] { return fake->user_connects() == 1 && in_sync_with_fake(); }));
  fake->drop_user_streams();  // the config event is lost
  fake->set_hedge_mode(true);
  venue->execution().request_account();
  ASSERT_TRUE(until([&] { return !exec.blocks.empty(); }));
  EXPECT_NE(exec.blocks.back().find("hedge mode"), std::string::npos);
  EXPECT_TRUE(exec.accounts.empty());
}

// Each signing mode talks to its own API: V3 under /fapi/v3, V1 under /fapi/v1 with
// balance and positionRisk under /fapi/v2. The fake speaks only one and answers 404 to
// the other's paths, so every call of a session (bootstrap, book, user stream, orders,
// account, cancels) must use the right one.
class AsterApiTest : public AsterVenueTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    api = GetParam();
    make_fake();
  }
  [[nodiscard]] std::string path(const char* endpoint) const {
    return api_path(api == "v1" ? SigningScheme::v1 : SigningScheme::v3, endpoint);
  }
};

TEST_P(AsterApiTest, EachSigningModeUsesItsOwnPaths) {
  start();
  open_with_stop();
  venue->execution().request_account();
  ASSERT_TRUE(until([&] { return !exec.accounts.empty(); }));
  ASSERT_EQ(exec.accounts[0].positions.size(), 1u);
  EXPECT_EQ(exec.accounts[0].positions[0].qty, q("0.01"));
  venue->execution().cancel_all(0);
  ASSERT_TRUE(until([&] { return exec.last("t-stop")->status == OrderStatus::canceled; }));

  EXPECT_TRUE(fake->wrong_paths().empty()) << fake->wrong_paths().front();
  EXPECT_TRUE(fake->signature_errors().empty()) << fake->signature_errors().front();
  for (const char* endpoint : {"exchangeInfo", "time", "depth", "klines", "positionSide/dual", "balance", "listenKey",
                               "order", "positionRisk", "openOrders", "allOpenOrders"})
    EXPECT_GE(fake->requests(path(endpoint)), 1) << path(endpoint);
  if (api == "v1") {
    EXPECT_EQ(path("order"), "/fapi/v1/order");
    EXPECT_EQ(path("balance"), "/fapi/v2/balance");
    EXPECT_EQ(path("positionRisk"), "/fapi/v2/positionRisk");
    EXPECT_EQ(path("account"), "/fapi/v4/account");
    EXPECT_EQ(fake->requests("/fapi/v3/order"), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Apis, AsterApiTest, ::testing::Values("v3", "v1"), [](const auto& p) { return p.param; });

}  // namespace
}  // namespace symphony::venue::aster
