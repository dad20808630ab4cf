// Every real sample payload in protocols/aster (copied to tests/data/aster) parses into
// our types, with the values the documentation shows.
#include "venue/aster/feed_parser.hpp"
#include "venue/aster/rest_parser.hpp"

#include <symphony/venue/errors.hpp>

#include <data_file.hpp>
#include <decimals.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <set>

namespace symphony::venue::aster {
namespace {

using test::p;
using test::q;

std::string sample(const std::string& name) { return test::read_data_file("aster/" + name); }

// What the last parse `noted` saw failed with ("" when it parsed), for the checks and
// failure messages below.
std::string err;
template <class R>
R noted(R r) {
  err = r ? std::string() : r.error().what;
  return r;
}

const SymbolLookup lookup = [](std::string_view s, InstrumentId& id) {
  if (s == "BTCUSDT")
    id = 0;
  else if (s == "DOGEUSDT")
    id = 1;
  else if (s == "GOOGLUSDT")
    id = 2;
  else
    return false;
  return true;
};

struct Sink : MarketHandler {
  std::vector<market::MarkPrice> marks;
  std::vector<market::Ticker> tickers;
  std::vector<market::TradeTick> trades;
  std::vector<std::uint64_t> diffs;
  std::vector<std::uint64_t> books;
  market::book_status on_book(const market::BookSnapshot& s) override {
    books.push_back(s.update_id);
    return market::book_status::ok;
  }
  market::book_status on_book_diff(const market::BookDiff& d) override {
    diffs.push_back(d.last_update_id);
    return market::book_status::ok;
  }
  void on_trade(const market::TradeTick& t) override { trades.push_back(t); }
  void on_ticker(const market::Ticker& t) override { tickers.push_back(t); }
  void on_mark_price(const market::MarkPrice& m) override { marks.push_back(m); }
  market::warm_up_status on_klines(InstrumentId, market::Timeframe, std::span<const market::Candle>) override {
    return market::warm_up_status::ok;
  }
  void on_feed_interrupted(InstrumentId) override {}
};

TEST(AsterPayloads, ExchangeInfoMapsEveryFilter) {
  const auto info = noted(parse_exchange_info(sample("rest_exchange_info.json")));
  ASSERT_TRUE(info) << err;
  ASSERT_EQ(info->rate_limits.size(), 2u);
  EXPECT_EQ(info->rate_limits[0].bucket, "weight");
  EXPECT_EQ(info->rate_limits[0].interval, ns_per_min);
  EXPECT_EQ(info->rate_limits[0].limit, 2400u);
  EXPECT_EQ(info->rate_limits[1].bucket, "orders");
  EXPECT_EQ(info->rate_limits[1].limit, 1200u);
  ASSERT_EQ(info->symbols.size(), 1u);
  const SymbolInfo& s = info->symbols[0];
  EXPECT_EQ(s.status, "TRADING");
  EXPECT_EQ(s.margin_asset, "USDT");
  const Instrument& in = s.instrument;
  EXPECT_EQ(in.symbol, "DOGEUSDT");
  EXPECT_EQ(in.tick_size, p("0.0001"));
  EXPECT_EQ(in.min_price, p("0.0001"));
  EXPECT_EQ(in.max_price, p("300"));
  EXPECT_EQ(in.step_size, q("1"));
  EXPECT_EQ(in.min_qty, q("1"));
  EXPECT_EQ(in.max_qty, q("10000000"));
  EXPECT_EQ(in.market_max_qty, q("590119"));
  EXPECT_EQ(in.min_notional, *Money::parse("1"));
  EXPECT_EQ(in.price_band_up, *Ratio::parse("1.15"));
  EXPECT_EQ(in.price_band_down, *Ratio::parse("0.85"));
  EXPECT_EQ(in.max_open_orders, 200u);
  EXPECT_EQ(in.max_open_algo_orders, 100u);
  EXPECT_NE(std::find(s.time_in_force.begin(), s.time_in_force.end(), "GTX"), s.time_in_force.end());
  // The mapped rules are enforced.
  EXPECT_EQ(in.check_order(p("0.1"), q("10")), "");
  EXPECT_NE(in.check_order(p("301"), q("10")), "");
  EXPECT_NE(in.check_order(p("0.1"), q("600000"), true), "");
  EXPECT_EQ(in.check_order(p("0.1"), q("600000"), false), "");
  EXPECT_NE(in.check_price_band(Side::buy, p("0.1200"), p("0.1")), "");
  EXPECT_EQ(in.check_price_band(Side::buy, p("0.1150"), p("0.1")), "");
  EXPECT_NE(in.check_price_band(Side::sell, p("0.0849"), p("0.1")), "");
}

// exchangeInfo listing DOGEUSDT (its tick changed by `edit`) and an intact copy as BTCUSDT.
std::string two_symbols(const std::function<void(nlohmann::json& tick_filter)>& edit) {
  auto j = nlohmann::json::parse(sample("rest_exchange_info.json"));
  nlohmann::json btc = j["symbols"][0];
  btc["symbol"] = "BTCUSDT";
  for (auto& f : j["symbols"][0]["filters"])
    if (f["filterType"] == "PRICE_FILTER") edit(f);
  j["symbols"].push_back(btc);
  return j.dump();
}

// A symbol whose filters cannot be read (here: no tickSize; a tick finer than 1e-8 once
// failed the whole venue with exit 3) is refused alone, by name and reason.
TEST(AsterPayloads, ExchangeInfoWithoutTickSizeIsRefusedByName) {
  const auto info = noted(parse_exchange_info(two_symbols([](nlohmann::json& f) { f.erase("tickSize"); })));
  ASSERT_TRUE(info) << err;
  ASSERT_EQ(info->symbols.size(), 2u);
  EXPECT_EQ(info->symbols[0].instrument.symbol, "DOGEUSDT");
  EXPECT_NE(info->symbols[0].refused.find("PRICE_FILTER: missing field 'tickSize'"), std::string::npos)
      << info->symbols[0].refused;
  EXPECT_EQ(info->symbols[1].refused, "");
  EXPECT_TRUE(info->symbols[1].instrument.tick_size.is_positive());
}

TEST(AsterPayloads, ASymbolWithANineDecimalTickIsRefusedAlone) {
  const auto info = noted(parse_exchange_info(two_symbols([](nlohmann::json& f) { f["tickSize"] = "0.000000001"; })));
  ASSERT_TRUE(info) << err;
  ASSERT_EQ(info->symbols.size(), 2u);
  EXPECT_NE(info->symbols[0].refused.find("tickSize"), std::string::npos) << info->symbols[0].refused;
  EXPECT_NE(info->symbols[0].refused.find("0.000000001"), std::string::npos) << info->symbols[0].refused;
  EXPECT_EQ(info->symbols[1].refused, "");
  EXPECT_EQ(info->symbols[1].instrument.symbol, "BTCUSDT");
}

TEST(AsterPayloads, OrdersAndTheirStates) {
  auto o = noted(parse_order(sample("rest_new_order_response.json"), lookup));
  ASSERT_TRUE(o) << err;
  EXPECT_EQ(o->client_order_id, "testOrder");
  EXPECT_EQ(o->venue_order_id, 22542179u);
  EXPECT_EQ(o->status, OrderStatus::accepted);
  EXPECT_EQ(o->ts, 1566818724722 * ns_per_ms);
  o = noted(parse_order(sample("rest_cancel_order_response.json"), lookup));
  ASSERT_TRUE(o) << err;
  EXPECT_EQ(o->status, OrderStatus::canceled);
  for (const char* f : {"rest_query_order.json", "rest_open_order.json", "rest_modify_order_response.json"}) {
    o = noted(parse_order(sample(f), lookup));
    EXPECT_TRUE(o) << f << ": " << err;
  }
  for (const char* f : {"rest_open_orders.json", "rest_all_orders.json"}) {
    const auto list = noted(parse_orders(sample(f), lookup));
    ASSERT_TRUE(list) << f << ": " << err;
    EXPECT_EQ(list->size(), 1u) << f;
  }
  const auto batch = noted(parse_batch_orders(sample("rest_batch_orders_response_mixed.json"), lookup));
  ASSERT_TRUE(batch) << err;
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_TRUE((*batch)[0].order);
  ASSERT_TRUE((*batch)[1].error);
  EXPECT_EQ((*batch)[1].error->code, -2022);
}

// A hedge-mode account lists a LONG and a SHORT row per symbol: never collapsed into one
// (wrong) position, the answer is refused with an error that says why.
TEST(AsterPayloads, HedgeModePositionRowsAreRefused) {
  nlohmann::json rows = nlohmann::json::parse(sample("rest_position_risk_one_way.json"));
  rows[0]["positionSide"] = "LONG";
  rows[0]["positionAmt"] = "0.500";
  nlohmann::json shrt = rows[0];
  shrt["positionSide"] = "SHORT";
  shrt["positionAmt"] = "-0.200";
  rows.push_back(shrt);
  const auto hedged = parse_positions(rows.dump(), lookup);
  ASSERT_FALSE(hedged);
  EXPECT_EQ(hedged.error().code, VenueErrc::unsupported_account);
  EXPECT_NE(hedged.error().what.find("hedge mode"), std::string::npos) << hedged.error().what;
  EXPECT_NE(hedged.error().what.find("BTCUSDT has a LONG row"), std::string::npos) << hedged.error().what;
  // Rows saying BOTH, or without positionSide, are one-way.
  EXPECT_TRUE(noted(parse_positions(sample("rest_position_risk_one_way.json"), lookup))) << err;
  rows = nlohmann::json::parse(sample("rest_position_risk_one_way.json"));
  rows[0].erase("positionSide");
  EXPECT_TRUE(noted(parse_positions(rows.dump(), lookup))) << err;
  // An ACCOUNT_UPDATE with hedge legs says so instead of dropping them silently.
  const auto ev = noted(parse_user_event(
      R"({"e":"ACCOUNT_UPDATE","E":1,"T":1,"a":{"m":"ORDER","B":[],"P":[{"s":"BTCUSDT","pa":"0.5","ep":"60000","cr":"0","up":"0","mt":"cross","iw":"0","ps":"LONG"}]}})",
      lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  EXPECT_TRUE(ev->hedge_legs);
  EXPECT_TRUE(ev->positions.empty());
}

// Found by fuzz_aster_rest: a number too large for a double threw out of the parsers (an
// uncaught exception on the user stream), and times beyond the clock overflowed.
TEST(AsterPayloads, AHugeNumberOrTimeIsMalformedNotACrash) {
  EXPECT_FALSE(noted(parse_user_event("888E888", lookup, "USDT")));
  EXPECT_NE(err.find("malformed JSON"), std::string::npos) << err;
  EXPECT_FALSE(noted(parse_server_time(R"({"serverTime": 1.4e97})")));
  EXPECT_NE(err.find("serverTime"), std::string::npos) << err;
  EXPECT_FALSE(noted(parse_server_time(R"({"serverTime": 9223372036854775807})")));
  EXPECT_NE(err.find("not a time"), std::string::npos) << err;
  EXPECT_FALSE(noted(parse_user_event(R"({"e":"listenKeyExpired","E":-5})", lookup, "USDT")));
  EXPECT_TRUE(noted(parse_server_time(R"({"serverTime": 1700000000000})"))) << err;
  EXPECT_FALSE(parse_error(R"({"code": -99999999999, "msg": "x"})"));
}

// Found by fuzz_aster_rest: bars whose low is above their high (or open/close outside
// them) were accepted and would have fed the indicators.
TEST(AsterPayloads, InconsistentKlinesAreRefused) {
  const Timestamp now = 1'800'000'000'000 * ns_per_ms;
  EXPECT_FALSE(noted(parse_klines(R"([[60000,"10","9","11","10","1",119999,"10",1,"0","0","0"]])", now)));
  EXPECT_NE(err.find("inconsistent bar"), std::string::npos) << err;
  EXPECT_FALSE(noted(parse_klines(R"([[60000,"10","12","9","10","-1",119999,"10",1,"0","0","0"]])", now)));
  EXPECT_FALSE(noted(parse_klines(R"([[60000,"10","12","9","10","1",119999,"10",-1,"0","0","0"]])", now)));
  const auto ok = noted(parse_klines(R"([[60000,"10","12","9","11","1",119999,"10",7,"0","0","0"]])", now));
  ASSERT_TRUE(ok) << err;
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].trades, 7u);
}

TEST(AsterPayloads, AccountPositionsBalancesFees) {
  const auto pos = noted(parse_positions(sample("rest_position_risk_one_way.json"), lookup));
  ASSERT_TRUE(pos && pos->size() == 1) << err;
  EXPECT_TRUE((*pos)[0].qty.is_zero());  // the sample's position is flat, and says so
  std::string body = sample("rest_position_risk_one_way.json");
  body.replace(body.find("\"0.000\""), 7, "\"-0.250\"");
  body.replace(body.find("\"0.00000\""), 9, "\"6600.5\"");
  const auto pos2 = noted(parse_positions(body, lookup));
  ASSERT_TRUE(pos2 && pos2->size() == 1) << err;
  EXPECT_EQ((*pos2)[0].qty, q("-0.25"));
  EXPECT_EQ((*pos2)[0].entry_price, p("6600.5"));
  const auto bal = noted(parse_balance(sample("rest_balance.json"), "USDT"));
  ASSERT_TRUE(bal) << err;
  EXPECT_EQ(*bal, *Money::parse("122607.35137903"));
  EXPECT_EQ(*noted(parse_balance(sample("rest_balance.json"), "BUSD")), Money{});
  const auto fees = noted(parse_commission_rate(sample("rest_commission_rate.json")));
  ASSERT_TRUE(fees) << err;
  EXPECT_EQ(fees->maker, *Ratio::parse("0.0002"));
  EXPECT_EQ(fees->taker, *Ratio::parse("0.0004"));
  EXPECT_EQ(noted(parse_position_mode(sample("rest_get_position_mode_response.json"))), true);
  EXPECT_EQ(noted(parse_leverage(sample("rest_leverage_response.json"))), 21);
  for (const char* f : {"rest_margin_type_response.json", "rest_noop_response.json",
                        "rest_change_position_mode_response.json", "rest_countdown_cancel_all_response.json",
                        "rest_ping_response.json", "rest_listen_key_keepalive_response.json"})
    EXPECT_TRUE(noted(parse_ack(sample(f)))) << f << ": " << err;
  const auto trades = noted(parse_user_trades(sample("rest_user_trades.json"), lookup));
  ASSERT_TRUE(trades && trades->size() == 1) << err;
  EXPECT_EQ((*trades)[0].fill.fill_id, 698759u);
  EXPECT_EQ((*trades)[0].venue_order_id, 25851813u);
  EXPECT_EQ((*trades)[0].fill.side, Side::sell);
  EXPECT_EQ((*trades)[0].fill.fee, *Money::parse("-0.0781901"));
  EXPECT_EQ((*trades)[0].fill.liquidity, Liquidity::taker);
}

// A fill of -1 once zeroed a real long in our books: a negative or zero execution quantity
// or price, and a negative cumulative or average, are malformed and name their field.
TEST(AsterPayloads, NegativeOrZeroQuantitiesAndPricesAreMalformed) {
  std::string trade = sample("ws_user_order_trade_update.json");
  trade.replace(trade.find("\"x\": \"NEW\""), 10, "\"x\": \"TRADE\"");
  trade.replace(trade.find("\"t\": 0"), 6, "\"t\": 77");
  trade.replace(trade.find("\"L\": \"0\""), 8, "\"L\": \"7100\"");
  const auto with_qty = [&](const char* l) {
    std::string b = trade;
    b.replace(b.find("\"l\": \"0\""), 8, std::string("\"l\": \"") + l + "\"");
    return b;
  };
  ASSERT_TRUE(noted(parse_user_event(with_qty("0.001"), lookup, "USDT"))) << err;
  EXPECT_FALSE(noted(parse_user_event(with_qty("-1"), lookup, "USDT")));
  EXPECT_NE(err.find("field 'l' must be positive, not '-1'"), std::string::npos) << err;
  EXPECT_FALSE(noted(parse_user_event(with_qty("0"), lookup, "USDT")));
  EXPECT_NE(err.find("field 'l' must be positive"), std::string::npos) << err;
  std::string neg_cum = with_qty("0.001");
  neg_cum.replace(neg_cum.find("\"z\": \"0\""), 8, "\"z\": \"-0.5\"");
  EXPECT_FALSE(noted(parse_user_event(neg_cum, lookup, "USDT")));
  EXPECT_NE(err.find("field 'z' must be non-negative"), std::string::npos) << err;

  std::string trades = sample("rest_user_trades.json");
  const auto qty_at = trades.find("\"qty\"");
  ASSERT_NE(qty_at, std::string::npos);
  const auto open = trades.find('"', trades.find(':', qty_at)) + 1;
  trades.replace(open, trades.find('"', open) - open, "-0.002");
  EXPECT_FALSE(noted(parse_user_trades(trades, lookup)));
  EXPECT_NE(err.find("field 'qty' must be positive"), std::string::npos) << err;

  std::string order = sample("rest_query_order.json");
  const auto ex = order.find("\"executedQty\"");
  ASSERT_NE(ex, std::string::npos);
  const auto eo = order.find('"', order.find(':', ex)) + 1;
  order.replace(eo, order.find('"', eo) - eo, "-1");
  EXPECT_FALSE(noted(parse_order(order, lookup)));
  EXPECT_NE(err.find("field 'executedQty' must be non-negative"), std::string::npos) << err;
}

// A symbol we do not trade is not read past its name: a position too large for our fixed
// point on some other symbol once dropped every snapshot. Our symbol's venue time is kept.
TEST(AsterPayloads, PositionsOfOtherSymbolsAreNotParsed) {
  const std::string rows = R"([
    {"symbol":"PEPEUSDT","positionAmt":"900000000000000000000","entryPrice":"0.00000001","positionSide":"BOTH",
     "updateTime":1},
    {"symbol":"BTCUSDT","positionAmt":"-0.25","entryPrice":"6600.5","positionSide":"BOTH","updateTime":1700000000123}
  ])";
  const auto pos = noted(parse_positions(rows, lookup));
  ASSERT_TRUE(pos && pos->size() == 1) << err;
  EXPECT_EQ((*pos)[0].qty, q("-0.25"));
  EXPECT_EQ((*pos)[0].update_ts, 1700000000123 * ns_per_ms);
  const std::string bad = R"([{"symbol":"BTCUSDT","positionAmt":"0.1","entryPrice":"-5","positionSide":"BOTH"}])";
  EXPECT_FALSE(noted(parse_positions(bad, lookup)));
  EXPECT_NE(err.find("BTCUSDT: field 'entryPrice' must be non-negative"), std::string::npos) << err;
  const std::string update = R"({"e":"ACCOUNT_UPDATE","E":1700000000999,"a":{"m":"ORDER","B":[],"P":[
    {"s":"PEPEUSDT","pa":"900000000000000000000","ep":"0","ps":"BOTH"},
    {"s":"BTCUSDT","pa":"0.5","ep":"6600","ps":"BOTH"}]}})";
  const auto ev = noted(parse_user_event(update, lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  ASSERT_EQ(ev->positions.size(), 1u);
  EXPECT_EQ(ev->positions[0].update_ts, 1700000000999 * ns_per_ms);
}

TEST(AsterPayloads, ErrorsTimeKeysKlinesMarks) {
  auto e = parse_error(sample("rest_error_invalid_symbol.json"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, -1121);
  EXPECT_EQ(e->msg, "Invalid symbol.");
  e = parse_error(sample("rest_error_nonce_expired.json"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, -4225);
  EXPECT_FALSE(parse_error(sample("rest_margin_type_response.json")));  // code 200 is success
  EXPECT_FALSE(parse_error(R"({"code":"200","msg":"ok"})"));
  EXPECT_FALSE(noted(parse_ack(sample("rest_error_nonce_expired.json"))));
  EXPECT_NE(err.find("-4225"), std::string::npos);
  EXPECT_EQ(noted(parse_server_time(sample("rest_server_time.json"))), 1499827319559 * ns_per_ms);
  EXPECT_EQ(noted(parse_listen_key(sample("rest_listen_key.json"))),
            "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1");
  const auto bars = noted(parse_klines(sample("rest_klines.json"), 1499644799999 * ns_per_ms + 1));
  ASSERT_TRUE(bars && bars->size() == 1) << err;
  EXPECT_EQ((*bars)[0].open_ts, 1499040000000 * ns_per_ms);
  EXPECT_EQ((*bars)[0].high, p("0.8"));
  EXPECT_EQ((*bars)[0].volume, q("148976.11427815"));
  EXPECT_EQ((*bars)[0].trades, 308u);
  // A bar whose close time has not passed is still forming: left out.
  EXPECT_TRUE(noted(parse_klines(sample("rest_klines.json"), 1499644799999 * ns_per_ms))->empty());
  const auto mark = noted(parse_premium_index(sample("rest_premium_index.json"), 0));
  ASSERT_TRUE(mark) << err;
  EXPECT_EQ(mark->mark, p("11793.63104562"));
  EXPECT_EQ(mark->funding_rate, *Ratio::parse("0.00038246"));
  EXPECT_EQ(mark->next_funding_ts, 1597392000000 * ns_per_ms);
  EXPECT_FALSE(noted(parse_klines("[[1,2]]", 0)));
  EXPECT_NE(err.find("klines[0]"), std::string::npos);
  EXPECT_FALSE(noted(parse_server_time("{\"serverTime\":")));
  EXPECT_NE(err.find("malformed JSON"), std::string::npos);
}

TEST(AsterPayloads, UserStreamEvents) {
  auto ev = noted(parse_user_event(sample("ws_user_order_trade_update.json"), lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  EXPECT_EQ(ev->kind, UserEvent::Kind::order);
  EXPECT_EQ(ev->order.client_order_id, "TEST");
  EXPECT_EQ(ev->order.venue_order_id, 8886774u);
  EXPECT_EQ(ev->order.status, OrderStatus::accepted);
  EXPECT_EQ(ev->side, Side::sell);
  EXPECT_FALSE(ev->fill);  // x = NEW: no trade
  // The same event as a trade carries a fill with the venue's trade id.
  std::string body = sample("ws_user_order_trade_update.json");
  body.replace(body.find("\"x\": \"NEW\""), 10, "\"x\": \"TRADE\"");
  body.replace(body.find("\"X\": \"NEW\""), 10, "\"X\": \"FILLED\"");
  body.replace(body.find("\"t\": 0"), 6, "\"t\": 77");
  body.replace(body.find("\"l\": \"0\""), 8, "\"l\": \"0.001\"");
  body.replace(body.find("\"L\": \"0\""), 8, "\"L\": \"7100\"");
  ev = noted(parse_user_event(body, lookup, "USDT"));
  ASSERT_TRUE(ev && ev->fill) << err;
  EXPECT_EQ(ev->order.status, OrderStatus::filled);
  EXPECT_EQ(ev->fill->fill_id, 77u);
  EXPECT_EQ(ev->fill->qty, q("0.001"));
  EXPECT_EQ(ev->fill->price, p("7100"));
  EXPECT_EQ(ev->fill->client_order_id, "TEST");

  ev = noted(parse_user_event(sample("ws_user_account_update.json"), lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  EXPECT_EQ(ev->kind, UserEvent::Kind::account);
  ASSERT_TRUE(ev->has_wallet);
  EXPECT_EQ(ev->wallet_balance, *Money::parse("122624.12345678"));
  ASSERT_EQ(ev->positions.size(), 1u);  // the one-way (BOTH) leg only
  ev = noted(parse_user_event(sample("ws_user_listen_key_expired.json"), lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  EXPECT_EQ(ev->kind, UserEvent::Kind::listen_key_expired);
  ev = noted(parse_user_event(sample("ws_user_margin_call.json"), lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  EXPECT_EQ(ev->kind, UserEvent::Kind::other);
  // Configuration changes are not dropped: the venue then checks the position mode.
  ev = noted(parse_user_event(sample("ws_user_account_config_update_leverage.json"), lookup, "USDT"));
  ASSERT_TRUE(ev) << err;
  EXPECT_EQ(ev->kind, UserEvent::Kind::config);
  EXPECT_FALSE(noted(parse_user_event(R"({"e":"ORDER_TRADE_UPDATE","E":1,"o":{"s":"BTCUSDT"}})", lookup, "USDT")));
  EXPECT_NE(err.find("ORDER_TRADE_UPDATE"), std::string::npos) << err;
}

TEST(AsterPayloads, MarketStreamFrames) {
  FeedParser parser({{"BTCUSDT", 0}, {"BNBUSDT", 1}});
  Sink sink;
  EXPECT_EQ(parser.on_frame(sample("ws_mark_price.json"), sink), parse_status::ok);
  ASSERT_EQ(sink.marks.size(), 1u);
  EXPECT_EQ(sink.marks[0].mark, p("11794.15"));
  EXPECT_EQ(sink.marks[0].index, p("11784.62659091"));
  EXPECT_EQ(sink.marks[0].funding_rate, *Ratio::parse("0.00038167"));
  EXPECT_EQ(sink.marks[0].next_funding_ts, 1562306400000 * ns_per_ms);
  EXPECT_EQ(parser.on_frame(sample("ws_book_ticker.json"), sink), parse_status::ok);
  EXPECT_EQ(parser.on_frame(sample("ws_ticker_24hr.json"), sink), parse_status::ok);
  ASSERT_EQ(sink.tickers.size(), 1u);
  EXPECT_EQ(sink.tickers[0].last, p("0.0025"));
  EXPECT_EQ(sink.tickers[0].volume_24h, q("10000"));
  EXPECT_EQ(sink.tickers[0].best_bid, Price{});  // no BTCUSDT book ticker seen yet
  EXPECT_EQ(parser.last_book_ticker().bid.price, p("25.3519"));
  EXPECT_EQ(parser.on_frame(sample("ws_agg_trade.json"), sink), parse_status::ok);
  EXPECT_EQ(parser.on_frame(sample("ws_depth_diff.json"), sink), parse_status::ok);
  EXPECT_EQ(parser.on_frame(sample("ws_depth_partial.json"), sink), parse_status::ok);
  EXPECT_EQ(parser.on_depth_snapshot(sample("rest_depth.json"), 0, 1, sink), parse_status::ok);
  // Frames the feed does not consume are recognised as such, not as errors.
  for (const char* f : {"ws_kline.json", "ws_mini_ticker.json", "ws_force_order.json", "ws_subscribe_response.json",
                        "ws_list_subscriptions_response.json"})
    EXPECT_EQ(parser.on_frame(sample(f), sink), parse_status::ignored) << f;
  EXPECT_EQ(parser.malformed(), 0u);
}

TEST(AsterPayloads, EverySampleIsCovered) {
  // The files above, plus requests we send (not parse) and REST data the adapter does not
  // use; a new sample must be added to one of the lists.
  const std::set<std::string> parsed = {"rest_exchange_info.json",
                                        "rest_new_order_response.json",
                                        "rest_cancel_order_response.json",
                                        "rest_query_order.json",
                                        "rest_open_order.json",
                                        "rest_modify_order_response.json",
                                        "rest_open_orders.json",
                                        "rest_all_orders.json",
                                        "rest_batch_orders_response_mixed.json",
                                        "rest_position_risk_one_way.json",
                                        "rest_balance.json",
                                        "rest_commission_rate.json",
                                        "rest_get_position_mode_response.json",
                                        "rest_leverage_response.json",
                                        "rest_margin_type_response.json",
                                        "rest_noop_response.json",
                                        "rest_change_position_mode_response.json",
                                        "rest_countdown_cancel_all_response.json",
                                        "rest_ping_response.json",
                                        "rest_listen_key_keepalive_response.json",
                                        "rest_user_trades.json",
                                        "rest_error_invalid_symbol.json",
                                        "rest_error_nonce_expired.json",
                                        "rest_server_time.json",
                                        "rest_listen_key.json",
                                        "rest_klines.json",
                                        "rest_premium_index.json",
                                        "rest_depth.json",
                                        "ws_user_order_trade_update.json",
                                        "ws_user_account_update.json",
                                        "ws_user_listen_key_expired.json",
                                        "ws_user_margin_call.json",
                                        "ws_user_account_config_update_leverage.json",
                                        "ws_mark_price.json",
                                        "ws_book_ticker.json",
                                        "ws_ticker_24hr.json",
                                        "ws_agg_trade.json",
                                        "ws_depth_diff.json",
                                        "ws_depth_partial.json",
                                        "ws_kline.json",
                                        "ws_mini_ticker.json",
                                        "ws_force_order.json",
                                        "ws_subscribe_response.json",
                                        "ws_list_subscriptions_response.json",
                                        "ws_combined_stream_envelope_tradepro.json"};
  const std::set<std::string> not_consumed = {"ws_subscribe_request.json",
                                              "ws_unsubscribe_request.json",
                                              "ws_list_subscriptions_request.json",
                                              "rest_agg_trades.json",
                                              "rest_trades.json",
                                              "rest_book_ticker.json",
                                              "rest_book_ticker_all.json",
                                              "rest_ticker_24hr.json",
                                              "rest_ticker_price.json",
                                              "rest_premium_index_all.json",
                                              "rest_funding_info.json",
                                              "rest_funding_rate_history.json",
                                              "rest_leverage_bracket.json",
                                              "rest_position_margin_response.json",
                                              "rest_account.json"};
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SYMPHONY_TEST_DATA_DIR) + "/aster")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name.rfind("vectors_", 0) == 0) continue;
    EXPECT_TRUE(parsed.count(name) || not_consumed.count(name)) << name << " is in no list";
  }
}

}  // namespace
}  // namespace symphony::venue::aster
