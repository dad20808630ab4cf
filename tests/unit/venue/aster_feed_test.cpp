#include "venue/aster/feed_parser.hpp"

#include <symphony/market/market_state.hpp>

#include <capture.hpp>
#include <decimals.hpp>

#include <gtest/gtest.h>

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
