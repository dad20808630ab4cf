#include "venue/aster/feed_parser.hpp"

#include <symphony/market/market_state.hpp>

#include <capture.hpp>
#include <decimals.hpp>

#include <symphony/core/rng.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

namespace symphony::venue::aster {
namespace {

using test::p;
using test::q;

std::string sample(const std::string& name) {
  std::ifstream in(std::string(SYMPHONY_TEST_DATA_DIR) + "/aster/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Records what the parser delivers; book events go to a real MarketState.
struct Recorder : MarketHandler {
  explicit Recorder(market::MarketState& m) : market(m) {}
  market::book_status on_book(const market::BookSnapshot& s) override {
    snapshots.push_back(s.update_id);
    return market.on_snapshot(s);
  }
  market::book_status on_book_diff(const market::BookDiff& d) override {
    diffs.push_back(d);
    return market.on_diff(d);
  }
  void on_trade(const market::TradeTick& t) override { trades.push_back(t); }
  void on_ticker(const market::Ticker&) override {}
  void on_mark_price(const market::MarkPrice&) override {}
  market::warm_up_status on_klines(InstrumentId, market::Timeframe, std::span<const market::Candle>) override {
    return market::warm_up_status::ok;
  }
  void on_feed_interrupted(InstrumentId id) override { market.invalidate(id); }
  market::MarketState& market;
  std::vector<std::uint64_t> snapshots;
  std::vector<market::BookDiff> diffs;
  std::vector<market::TradeTick> trades;
};

// One instrument on an Aster-style (U/u/pu) book with the given tick.
struct Fixture {
  explicit Fixture(const char* tick = "0.0001")
      : ticks{p(tick)}, market(1, market::MarketConfig{}, sequencing, ticks), rec(market) {}
  std::array<market::book_sequencing, 1> sequencing{market::book_sequencing::update_id_chain};
  std::array<Price, 1> ticks;
  market::MarketState market;
  Recorder rec;
  FeedParser parser{{{"BTCUSDT", 0}, {"BNBUSDT", 0}}};
};

TEST(AsterFeed, ParsesTheDocumentedDepthDiff) {
  Fixture f;
  ASSERT_EQ(f.parser.on_frame(sample("ws_depth_diff.json"), f.rec), parse_status::ok);
  ASSERT_EQ(f.rec.diffs.size(), 1u);
  const auto& d = f.rec.diffs[0];
  EXPECT_EQ(d.first_update_id, 157u);
  EXPECT_EQ(d.last_update_id, 160u);
  EXPECT_EQ(d.prev_update_id, 149u);
  EXPECT_EQ(d.ts, 123456789 * ns_per_ms);
  // Spans point into the parser's buffers: read them while the call lasts (here, below).
  EXPECT_EQ(f.parser.last_book_status(), market::book_status::buffered);  // no snapshot yet
}

TEST(AsterFeed, ParsesTheRestSnapshotAndJoinsADiff) {
  Fixture f("0.000001");
  ASSERT_EQ(f.parser.on_depth_snapshot(sample("rest_depth.json"), 0, 5, f.rec), parse_status::ok);
  ASSERT_EQ(f.rec.snapshots, std::vector<std::uint64_t>{1027024});
  const auto& book = f.market.at(0).book();
  EXPECT_EQ(book.best_bid()->price, p("4"));
  EXPECT_EQ(book.best_bid()->qty, q("431"));
  EXPECT_EQ(book.best_ask()->price, p("4.000002"));
}

TEST(AsterFeed, ParsesPartialDepthTradesAndBookTicker) {
  Fixture f("0.01");
  ASSERT_EQ(f.parser.on_frame(sample("ws_depth_partial.json"), f.rec), parse_status::ok);
  ASSERT_EQ(f.rec.diffs.size(), 1u);
  EXPECT_EQ(f.rec.diffs[0].bids.size(), 5u);

  ASSERT_EQ(f.parser.on_frame(sample("ws_agg_trade.json"), f.rec), parse_status::ok);
  ASSERT_EQ(f.rec.trades.size(), 1u);
  const auto& t = f.rec.trades[0];
  EXPECT_EQ(t.price, p("0.001"));
  EXPECT_EQ(t.qty, q("100"));
  EXPECT_EQ(t.trade_id, 5933014u);
  EXPECT_EQ(t.ts, 123456785 * ns_per_ms);
  EXPECT_EQ(t.aggressor, Side::sell);  // m: buyer is maker

  ASSERT_EQ(f.parser.on_frame(sample("ws_book_ticker.json"), f.rec), parse_status::ok);
  const auto& bt = f.parser.last_book_ticker();
  EXPECT_EQ(bt.update_id, 400900217u);
  EXPECT_EQ(bt.bid.price, p("25.3519"));
  EXPECT_EQ(bt.ask.qty, q("40.66"));
}

TEST(AsterFeed, IgnoresAcksUnknownSymbolsAndUnknownStreams) {
  Fixture f;
  EXPECT_EQ(f.parser.on_frame(sample("ws_subscribe_response.json"), f.rec), parse_status::ignored);
  EXPECT_EQ(f.parser.on_frame(sample("ws_combined_stream_envelope_tradepro.json"), f.rec), parse_status::ignored);
  EXPECT_EQ(f.parser.on_frame(R"({"e":"trade","E":1,"T":1,"s":"ETHUSDT","t":1,"p":"1","q":"1","m":true})", f.rec),
            parse_status::ignored);
  EXPECT_EQ(f.parser.malformed(), 0u);
}

TEST(AsterFeed, MalformedFramesAreCountedAndDeliverNothing) {
  Fixture f;
  const char* bad[] = {
      "not json",
      R"({"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[["1.0"]],"a":[]})",    // half a level
      R"({"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[["x","1"]],"a":[]})",  // bad decimal
      R"({"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":1,"p":"1","q":"1"})",                      // no m
      R"({"e":"aggTrade","E":1,"s":"BTCUSDT","a":"7","p":"1","q":"1","T":1,"m":false})",       // id as string
      R"({"stream":"btcusdt@depth","data":[1,2]})",
  };
  for (const char* frame : bad) EXPECT_EQ(f.parser.on_frame(frame, f.rec), parse_status::malformed) << frame;
  EXPECT_EQ(f.parser.malformed(), std::size(bad));
  EXPECT_TRUE(f.rec.diffs.empty());
  EXPECT_TRUE(f.rec.trades.empty());
}

// Keeps a copy of each diff's levels (the spans point into the parser's buffers).
struct LevelCopy : Recorder {
  using Recorder::Recorder;
  market::book_status on_book_diff(const market::BookDiff& d) override {
    bids.assign(d.bids.begin(), d.bids.end());
    asks.assign(d.asks.begin(), d.asks.end());
    return market::book_status::ok;
  }
  std::vector<market::Level> bids, asks;
};

// Decimal-like text of every shape the level scanners meet or must refuse: with
// probability `odd`, signs, exponents, spaces, escapes, stray points, too many or no
// digits; otherwise a valid decimal, short or long.
std::string random_decimal_text(Rng& rng, double odd) {
  std::string s;
  const auto digits = [&](std::uint64_t n) {
    for (std::uint64_t k = 0; k < n; ++k) s += static_cast<char>('0' + rng.below(10));
  };
  if (!rng.chance(odd)) {
    digits(rng.chance(0.9) ? 1 + rng.below(8) : 1 + rng.below(10));
    if (rng.chance(0.7)) {
      s += '.';
      digits(rng.chance(0.9) ? 1 + rng.below(8) : 1 + rng.below(7));
      if (rng.chance(0.05)) s += "000";  // zeros past the eighth decimal are allowed
    }
    return s;
  }
  if (rng.chance(0.2)) s += rng.chance(0.5) ? "-" : "+";
  digits(rng.below(14));
  if (rng.chance(0.7)) {
    s += '.';
    digits(rng.below(14));
  }
  if (rng.chance(0.2)) s.insert(rng.below(s.size() + 1), rng.chance(0.5) ? "e" : " ");
  if (rng.chance(0.2)) s.insert(rng.below(s.size() + 1), ".");
  if (rng.chance(0.2)) s.insert(rng.below(s.size() + 1), "\\u0031");
  return s;
}

// Random depth updates — levels of every form, spacing, key order, envelope or not, and
// random bytes in the buffer slack after the frame — against a reference reading (a JSON
// library plus Fixed::parse): the parser delivers exactly the reference's levels, or
// calls the frame malformed exactly when some level is not two decimal strings.
TEST(AsterFeed, LevelArraysOfEveryFormMatchAReferenceReading) {
  market::MarketState unused(1, market::MarketConfig{}, std::array{market::book_sequencing::update_id_chain},
                             std::array{p("0.1")});
  LevelCopy rec(unused);
  FeedParser parser{{{"BTCUSDT", 0}}};
  Rng rng(4242);
  int delivered = 0, refused = 0;
  for (int iter = 0; iter < 8'000; ++iter) {
    const char* ws = rng.chance(0.1) ? " " : "";
    const double odd = rng.chance(0.5) ? 0.0 : 0.03;
    auto side = [&](std::vector<market::Level>& expect, bool& valid) {
      std::string out = std::string("[") + ws;
      const auto n = rng.chance(0.1) ? 0 : 1 + rng.below(rng.chance(0.002) ? 5000 : 40);
      for (std::uint64_t k = 0; k < n; ++k) {
        if (k != 0) out += std::string(",") + ws;
        const std::string price = random_decimal_text(rng, odd), qty = random_decimal_text(rng, odd);
        const bool bare = rng.chance(odd / 3);  // a number, not a string
        out += std::string("[") + ws + (bare ? std::to_string(rng.below(100'000)) : "\"" + price + "\"") + ws + "," +
               ws + "\"" + qty + "\"" + ws + "]";
        const auto pp = Price::parse(price);
        const auto qq = Qty::parse(qty);
        const bool escaped = price.find('\\') != std::string::npos || qty.find('\\') != std::string::npos;
        if (bare || escaped || !pp || !qq) valid = false;
        if (valid) expect.push_back({*pp, *qq});
      }
      return out + ws + "]";
    };
    std::vector<market::Level> want_bids, want_asks;
    bool valid = true;
    const std::string b = side(want_bids, valid), a = side(want_asks, valid);
    std::string body = R"("e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":5,"u":9,"pu":4,)";
    body += rng.chance(0.8) ? "\"b\":" + b + ",\"a\":" + a : "\"a\":" + a + ",\"b\":" + b;
    if (rng.chance(0.1)) body += R"(,"x":[1,2])";
    std::string frame = rng.chance(0.7) ? R"({"stream":"btcusdt@depth","data":{)" + body + "}}" : "{" + body + "}";
    if (rng.chance(0.1)) frame += ws;
    ASSERT_TRUE(nlohmann::json::accept(frame)) << frame;
    // In place, with random bytes of the frame's own alphabet in the slack after it.
    std::string buffer = frame;
    const char slack[] = "\"0123456789.,[]}";
    for (int k = 0; k < 64; ++k) buffer += slack[rng.below(sizeof slack - 1)];
    const bool in_place = rng.chance(0.5);
    const parse_status st = in_place ? parser.on_frame(std::string_view(buffer.data(), frame.size()), rec, 64)
                                     : parser.on_frame(frame, rec);
    if (!valid) {
      ASSERT_EQ(st, parse_status::malformed) << frame;
      ++refused;
      continue;
    }
    ASSERT_EQ(st, parse_status::ok) << frame;
    ASSERT_EQ(rec.bids, want_bids) << frame;
    ASSERT_EQ(rec.asks, want_asks) << frame;
    ++delivered;
  }
  EXPECT_GT(delivered, 2'000);
  EXPECT_GT(refused, 2'000);
}

// The same for the book ticker's four decimal strings (read in place, each scan free to
// run past its string into the next field).
TEST(AsterFeed, BookTickerDecimalsOfEveryFormMatchAReferenceReading) {
  Fixture f;
  Rng rng(99);
  int delivered = 0, refused = 0;
  for (int iter = 0; iter < 20'000; ++iter) {
    std::string text[4];
    bool valid = true;
    for (auto& t : text) {
      t = random_decimal_text(rng, 0.1);
      if (t.find('\\') != std::string::npos || !Price::parse(t)) valid = false;
    }
    const std::string frame = R"({"stream":"bnbusdt@bookTicker","data":{"e":"bookTicker","u":)" + std::to_string(iter) +
                              R"(,"s":"BNBUSDT","b":")" + text[0] + R"(","B":")" + text[1] + R"(","a":")" + text[2] +
                              R"(","A":")" + text[3] + R"(","T":1,"E":2}})";
    std::string buffer = frame + std::string(64, '7');
    const parse_status st = f.parser.on_frame(std::string_view(buffer.data(), frame.size()), f.rec, 64);
    if (!valid) {
      ASSERT_EQ(st, parse_status::malformed) << frame;
      ++refused;
      continue;
    }
    ASSERT_EQ(st, parse_status::ok) << frame;
    const BookTicker& bt = f.parser.last_book_ticker();
    ASSERT_EQ(bt.update_id, static_cast<std::uint64_t>(iter));
    EXPECT_EQ(bt.bid.price, *Price::parse(text[0])) << frame;
    EXPECT_EQ(bt.bid.qty, *Qty::parse(text[1])) << frame;
    EXPECT_EQ(bt.ask.price, *Price::parse(text[2])) << frame;
    EXPECT_EQ(bt.ask.qty, *Qty::parse(text[3])) << frame;
    ++delivered;
  }
  EXPECT_GT(delivered, 5'000);
  EXPECT_GT(refused, 2'000);
}

// Integer fields (trade ids, millisecond times) of every JSON number form, against the
// JSON library's reading: an unsigned integer is delivered exactly, anything else — a
// sign, a fraction, an exponent, a value past 64 bits or past the clock — is refused.
TEST(AsterFeed, IntegerFieldsOfEveryFormMatchAReferenceReading) {
  Fixture f;
  Rng rng(1234);
  int delivered = 0, refused = 0;
  const auto number = [&] {
    std::string s;
    if (rng.chance(0.1)) s += '-';
    const auto n = rng.chance(0.8) ? 1 + rng.below(15) : 1 + rng.below(22);
    s += static_cast<char>('1' + rng.below(9));
    for (std::uint64_t k = 1; k < n; ++k) s += static_cast<char>('0' + rng.below(10));
    if (rng.chance(0.05)) s = rng.chance(0.5) ? "0" : "-0";
    if (rng.chance(0.05)) s += "." + std::to_string(rng.below(100));
    if (rng.chance(0.05)) s += rng.chance(0.5) ? "e3" : "E+2";
    return s;
  };
  constexpr auto max_ms = static_cast<std::uint64_t>(std::numeric_limits<Timestamp>::max() / ns_per_ms);
  for (int iter = 0; iter < 20'000; ++iter) {
    const std::string t = number(), T = number();
    const char* ws = rng.chance(0.2) ? " " : "";
    const std::string frame = std::string(R"({"e":"trade","E":1,"T":)") + ws + T + ws + R"(,"s":"BTCUSDT","t":)" + t +
                              ws + R"(,"p":"1.5","q":"2","X":"MARKET","m":true})";
    const auto ref = nlohmann::json::parse(frame);
    const bool valid =
        ref["t"].is_number_unsigned() && ref["T"].is_number_unsigned() && ref["T"].get<std::uint64_t>() <= max_ms;
    std::string buffer = frame + std::string(64, rng.chance(0.5) ? '9' : '.');
    const auto before = f.rec.trades.size();
    const parse_status st = f.parser.on_frame(std::string_view(buffer.data(), frame.size()), f.rec, 64);
    if (!valid) {
      ASSERT_EQ(st, parse_status::malformed) << frame;
      ASSERT_EQ(f.rec.trades.size(), before);
      ++refused;
      continue;
    }
    ASSERT_EQ(st, parse_status::ok) << frame;
    ASSERT_EQ(f.rec.trades.size(), before + 1);
    EXPECT_EQ(f.rec.trades.back().trade_id, ref["t"].get<std::uint64_t>()) << frame;
    EXPECT_EQ(f.rec.trades.back().ts, static_cast<Timestamp>(ref["T"].get<std::uint64_t>()) * ns_per_ms) << frame;
    ++delivered;
  }
  EXPECT_GT(delivered, 5'000);
  EXPECT_GT(refused, 2'000);
}

// Every line of the real capture (Aster's wire format) through the parser into the book:
// no parse errors, no gap, and the book equals bookTicker exactly all 629 times the ticker
// carries an applied diff's id.
TEST(AsterFeed, ReplaysTheRealCaptureThroughTheParser) {
  Fixture f("0.1");
  std::size_t lines = 0, matched = 0, errors = 0;
  std::map<std::uint64_t, BookTicker> early;
  const auto check = [&](const BookTicker& bt) {
    const auto& book = f.market.at(0).book();
    if (book.best_bid()->price == bt.bid.price && book.best_bid()->qty == bt.bid.qty &&
        book.best_ask()->price == bt.ask.price && book.best_ask()->qty == bt.ask.qty)
      ++matched;
  };
  test::read_capture("binance-usdm/btcusdt_20240808.gz", [&](std::int64_t recv, std::string_view frame) {
    ++lines;
    parse_status st;
    if (frame.find("\"lastUpdateId\"") != std::string_view::npos) {
      st = f.parser.on_depth_snapshot(frame, 0, recv, f.rec);
    } else {
      st = f.parser.on_frame(frame, f.rec);
    }
    if (st != parse_status::ok) ++errors;
    const auto& builder = f.market.at(0).builder();
    if (frame.find("@bookTicker") != std::string_view::npos) {
      const BookTicker& bt = f.parser.last_book_ticker();
      if (builder.state() == market::book_sync::live && bt.update_id == builder.update_id()) {
        check(bt);
      } else if (bt.update_id > builder.update_id()) {
        early.emplace(bt.update_id, bt);
      }
    } else if (frame.find("@depth") != std::string_view::npos && builder.state() == market::book_sync::live) {
      if (const auto it = early.find(builder.update_id()); it != early.end()) check(it->second);
      early.erase(early.begin(), early.upper_bound(builder.update_id()));
    }
  });
  EXPECT_GT(lines, 90'000u);
  EXPECT_EQ(errors, 0u);
  EXPECT_EQ(f.parser.malformed(), 0u);
  EXPECT_EQ(f.market.at(0).builder().counters().gaps, 0u);
  EXPECT_GT(f.rec.trades.size(), 20'000u);
  EXPECT_EQ(matched, 629u);
}

}  // namespace
}  // namespace symphony::venue::aster
