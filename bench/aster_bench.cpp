// Aster's feed parser on the real capture (tests/data/binance-usdm/: Binance USDⓈ-M
// BTCUSDT frames, exactly the wire format of Aster's futures streams): every frame in
// order — depth diffs, trades, book tickers and the REST snapshot — parsed into
// normalized events and the book events applied to a book built the documented way.
// The floor is a bare simdjson DOM parse of the same bytes, in the same program.
#include <symphony/market/book_builder.hpp>

#include "venue/aster/feed_parser.hpp"

#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <zlib.h>

#include <string>
#include <vector>

namespace {

using namespace symphony;

struct Frames {
  std::vector<std::string> text;                // each frame as received
  std::vector<simdjson::padded_string> padded;  // the same bytes, padded for simdjson
  std::vector<bool> snapshot;                   // the one REST depth snapshot
  std::size_t bytes = 0;
};

const Frames& frames() {
  static const Frames f = [] {
    Frames out;
    const std::string path = std::string(SYMPHONY_TEST_DATA_DIR) + "/binance-usdm/btcusdt_20240808.gz";
    gzFile g = gzopen(path.c_str(), "rb");
    if (!g) return out;
    std::string buf(1 << 20, '\0'), line;
    while (gzgets(g, buf.data(), static_cast<int>(buf.size()))) {
      line += buf.c_str();
      if (line.empty() || line.back() != '\n') continue;
      line.pop_back();
      std::string frame = line.substr(line.find(' ') + 1);
      out.snapshot.push_back(frame.find("\"lastUpdateId\"") != std::string::npos);
      out.bytes += frame.size();
      out.padded.emplace_back(frame);
      out.text.push_back(std::move(frame));
      line.clear();
    }
    gzclose(g);
    return out;
  }();
  return f;
}

// Applies book events to a builder; trades and tickers end as normalized events.
struct BookSink final : venue::MarketHandler {
  market::BookBuilder builder{market::book_sequencing::update_id_chain, Price::parse("0.1").value()};
  std::uint64_t trades = 0;
  market::book_status on_book(const market::BookSnapshot& s) override { return builder.on_snapshot(s); }
  market::book_status on_book_diff(const market::BookDiff& d) override { return builder.on_diff(d); }
  void on_trade(const market::TradeTick& t) override {
    trades += t.qty.raw() != 0;
    benchmark::DoNotOptimize(t);
  }
  void on_ticker(const market::Ticker&) override {}
  void on_mark_price(const market::MarkPrice&) override {}
  market::warm_up_status on_klines(InstrumentId, market::Timeframe, std::span<const market::Candle>) override {
    return market::warm_up_status::ok;
  }
  void on_feed_interrupted(InstrumentId) override { builder.invalidate(); }
};

void BM_AsterParseCaptureAndApply(benchmark::State& state) {
  const Frames& f = frames();
  if (f.text.empty()) {
    state.SkipWithError("capture not found");
    return;
  }
  venue::aster::FeedParser parser({{"BTCUSDT", 0}});
  BookSink sink;
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == f.text.size()) {
      i = 0;
      sink.builder.invalidate();  // the capture starts over: resync like a reconnect
    }
    // In place, as frames arrive from the WebSocket client (with buffer slack after them).
    const auto st = f.snapshot[i] ? parser.on_depth_snapshot(f.text[i], 0, 1, sink)
                                  : parser.on_frame(std::string_view(f.padded[i].data(), f.padded[i].size()), sink,
                                                    simdjson::SIMDJSON_PADDING);
    benchmark::DoNotOptimize(st);
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["bytes_per_msg"] = static_cast<double>(f.bytes) / static_cast<double>(f.text.size());
  if (parser.malformed() != 0) state.SkipWithError("parse errors in the capture");
}
BENCHMARK(BM_AsterParseCaptureAndApply);

void BM_FloorSimdjsonAsterCapture(benchmark::State& state) {
  const Frames& f = frames();
  if (f.text.empty()) {
    state.SkipWithError("capture not found");
    return;
  }
  simdjson::dom::parser parser;
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == f.padded.size()) i = 0;
    simdjson::dom::element doc;
    const auto err = parser.parse(f.padded[i]).get(doc);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(doc);
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_FloorSimdjsonAsterCapture);

}  // namespace
