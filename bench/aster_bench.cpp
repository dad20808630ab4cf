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
  std::vector<char> kind;                       // 'd' depth (and the snapshot), 'b' bookTicker, 't' trade
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
      out.kind.push_back(out.snapshot.back() || frame.find("\"depthUpdate\"") != std::string::npos ? 'd'
                         : frame.find("\"bookTicker\"") != std::string::npos                       ? 'b'
                                                                                                   : 't');
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

// The indices of the frames of one kind ('*' all), in capture order.
std::vector<std::size_t> select(const Frames& f, char kind) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < f.text.size(); ++i)
    if (kind == '*' || f.kind[i] == kind) out.push_back(i);
  return out;
}

void aster_parse(benchmark::State& state, char kind) {
  const Frames& f = frames();
  if (f.text.empty()) {
    state.SkipWithError("capture not found");
    return;
  }
  const std::vector<std::size_t> order = select(f, kind);
  venue::aster::FeedParser parser({{"BTCUSDT", 0}});
  BookSink sink;
  std::size_t n = 0;
  for (auto _ : state) {
    if (n == order.size()) {
      n = 0;
      sink.builder.invalidate();  // the capture starts over: resync like a reconnect
    }
    const std::size_t i = order[n];
    // In place, as frames arrive from the WebSocket client (with buffer slack after them).
    const auto st = f.snapshot[i] ? parser.on_depth_snapshot(f.text[i], 0, 1, sink)
                                  : parser.on_frame(std::string_view(f.padded[i].data(), f.padded[i].size()), sink,
                                                    simdjson::SIMDJSON_PADDING);
    benchmark::DoNotOptimize(st);
    ++n;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  std::size_t bytes = 0;
  for (const std::size_t i : order) bytes += f.text[i].size();
  state.counters["bytes_per_msg"] = static_cast<double>(bytes) / static_cast<double>(order.size());
  if (parser.malformed() != 0) state.SkipWithError("parse errors in the capture");
}

void floor_simdjson(benchmark::State& state, char kind) {
  const Frames& f = frames();
  if (f.text.empty()) {
    state.SkipWithError("capture not found");
    return;
  }
  const std::vector<std::size_t> order = select(f, kind);
  simdjson::dom::parser parser;
  std::size_t n = 0;
  for (auto _ : state) {
    if (n == order.size()) n = 0;
    const std::size_t i = order[n];
    simdjson::dom::element doc;
    const auto err = parser.parse(f.padded[i]).get(doc);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(doc);
    ++n;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// The whole capture in order: the target (parse + apply <= 1.5x the bare parse).
void BM_AsterParseCaptureAndApply(benchmark::State& state) { aster_parse(state, '*'); }
void BM_FloorSimdjsonAsterCapture(benchmark::State& state) { floor_simdjson(state, '*'); }
BENCHMARK(BM_AsterParseCaptureAndApply);
BENCHMARK(BM_FloorSimdjsonAsterCapture);
// The same split by frame kind (depth diffs with the snapshot, book tickers, trades).
BENCHMARK_CAPTURE(aster_parse, BM_AsterParseDepth, 'd')->Name("BM_AsterParseDepth");
BENCHMARK_CAPTURE(floor_simdjson, BM_FloorSimdjsonAsterDepth, 'd')->Name("BM_FloorSimdjsonAsterDepth");
BENCHMARK_CAPTURE(aster_parse, BM_AsterParseBookTicker, 'b')->Name("BM_AsterParseBookTicker");
BENCHMARK_CAPTURE(floor_simdjson, BM_FloorSimdjsonAsterBookTicker, 'b')->Name("BM_FloorSimdjsonAsterBookTicker");
BENCHMARK_CAPTURE(aster_parse, BM_AsterParseTrade, 't')->Name("BM_AsterParseTrade");
BENCHMARK_CAPTURE(floor_simdjson, BM_FloorSimdjsonAsterTrade, 't')->Name("BM_FloorSimdjsonAsterTrade");

}  // namespace
