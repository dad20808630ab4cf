// Applying the real Binance USDⓈ-M BTCUSDT diff stream (the wire format of Aster's
// streams; tests/data/binance-usdm/) to a book built the documented way: the per-diff
// cost on real data, where levels land anywhere in the book, not only at the touch.
#include <symphony/market/book_builder.hpp>

#include <benchmark/benchmark.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using namespace symphony;
using market::Level;

struct Capture {
  struct Diff {
    std::uint64_t first, last, prev;
    std::vector<Level> bids, asks;
  };
  std::uint64_t snapshot_id = 0;
  std::vector<Level> snapshot_bids, snapshot_asks;
  std::vector<Diff> diffs;  // those after the snapshot, in order
  std::size_t levels = 0;
};

std::vector<Level> levels_of(const nlohmann::json& arr) {
  std::vector<Level> out;
  for (const auto& l : arr)
    out.push_back({Price::parse(l[0].get<std::string>()).value(), Qty::parse(l[1].get<std::string>()).value()});
  return out;
}

const Capture& capture() {
  static const Capture c = [] {
    Capture cap;
    const std::string path = std::string(SYMPHONY_TEST_DATA_DIR) + "/binance-usdm/btcusdt_20240808.gz";
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return cap;
    std::string buf(1 << 20, '\0'), line;
    while (gzgets(f, buf.data(), static_cast<int>(buf.size()))) {
      line += buf.c_str();
      if (line.empty() || line.back() != '\n') continue;
      const auto frame = line.substr(line.find(' ') + 1);
      if (frame.find("\"lastUpdateId\"") != std::string::npos) {
        const auto j = nlohmann::json::parse(frame);
        cap.snapshot_id = j["lastUpdateId"].get<std::uint64_t>();
        cap.snapshot_bids = levels_of(j["bids"]);
        cap.snapshot_asks = levels_of(j["asks"]);
      } else if (frame.find("@depth") != std::string::npos) {
        const auto j = nlohmann::json::parse(frame)["data"];
        cap.diffs.push_back({j["U"].get<std::uint64_t>(), j["u"].get<std::uint64_t>(), j["pu"].get<std::uint64_t>(),
                             levels_of(j["b"]), levels_of(j["a"])});
      }
      line.clear();
    }
    gzclose(f);
    // The stream starts before the snapshot; what it covers already is not replayed.
    std::erase_if(cap.diffs, [&](const Capture::Diff& d) { return d.last < cap.snapshot_id; });
    for (const auto& d : cap.diffs) cap.levels += d.bids.size() + d.asks.size();
    return cap;
  }();
  return c;
}

void BM_BookReplayBinanceDiffs(benchmark::State& state) {
  const Capture& cap = capture();
  if (cap.diffs.empty()) {
    state.SkipWithError("capture not found");
    return;
  }
  market::BookBuilder builder(market::book_sequencing::update_id_chain, Price::parse("0.1").value());
  // Invalidate first: a live book ignores a snapshot older than itself.
  const auto load = [&] {
    builder.invalidate();
    builder.on_snapshot({0, 1, cap.snapshot_bids, cap.snapshot_asks, cap.snapshot_id});
  };
  load();
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == cap.diffs.size()) {
      state.PauseTiming();
      load();  // start the stream over from its snapshot
      i = 0;
      state.ResumeTiming();
    }
    const auto& d = cap.diffs[i++];
    benchmark::DoNotOptimize(builder.on_diff({0, 2, d.first, d.last, d.prev, d.bids, d.asks}));
  }
  if (!builder.usable() || builder.counters().gaps != 0 || builder.counters().diffs_ignored != 0)
    state.SkipWithError("the replay went out of sequence or skipped diffs");
  state.counters["levels_per_diff"] = static_cast<double>(cap.levels) / static_cast<double>(cap.diffs.size());
}
BENCHMARK(BM_BookReplayBinanceDiffs);

}  // namespace
