// Steady-state parsing of Aster's frames allocates nothing: after one warm-up pass over
// the real capture, a second pass through the feed parser into a book builder (diffs,
// trades, book tickers and the snapshot, with the resync the restart causes) must not
// allocate once. Its own binary: it replaces the global operator new.
#include <symphony/market/book_builder.hpp>

#include "venue/aster/feed_parser.hpp"

#include <alloc_counter.hpp>
#include <capture.hpp>

#include <gtest/gtest.h>

#include <simdjson.h>

namespace symphony::venue::aster {
namespace {

struct BookSink final : MarketHandler {
  market::BookBuilder builder{market::book_sequencing::update_id_chain, Price::parse("0.1").value()};
  std::uint64_t events = 0;
  market::book_status on_book(const market::BookSnapshot& s) override { return builder.on_snapshot(s); }
  market::book_status on_book_diff(const market::BookDiff& d) override { return builder.on_diff(d); }
  void on_trade(const market::TradeTick&) override { ++events; }
  void on_ticker(const market::Ticker&) override { ++events; }
  void on_mark_price(const market::MarkPrice&) override { ++events; }
  market::warm_up_status on_klines(InstrumentId, market::Timeframe, std::span<const market::Candle>) override {
    return market::warm_up_status::ok;
  }
  void on_feed_interrupted(InstrumentId) override { builder.invalidate(); }
};

TEST(AsterZeroAllocation, ParsingTheCaptureAllocatesNothingInSteadyState) {
  std::vector<std::string> frames;
  test::read_capture("binance-usdm/btcusdt_20240808.gz",
                     [&](std::int64_t, std::string_view f) { frames.emplace_back(f); });
  ASSERT_GT(frames.size(), 90'000u);
  FeedParser parser({{"BTCUSDT", 0}});
  BookSink sink;
  auto pass = [&] {
    sink.builder.invalidate();
    for (const auto& f : frames) {
      if (f.find("\"lastUpdateId\"") != std::string::npos)
        parser.on_depth_snapshot(f, 0, 1, sink);
      else
        parser.on_frame(f, sink);  // the copying path: frames without buffer slack
    }
  };
  pass();  // warm-up: buffers reach their working size
  const auto events_before = sink.events;
  test::start_counting_allocations();
  pass();
  const auto allocations = test::stop_counting_allocations();
  EXPECT_EQ(allocations, 0u);
  EXPECT_EQ(parser.malformed(), 0u);
  EXPECT_GT(sink.events - events_before, 20'000u);  // the pass really parsed
  EXPECT_EQ(sink.builder.state(), market::book_sync::live);
}

}  // namespace
}  // namespace symphony::venue::aster
