// The market-state core's hot path: books, snapshots, indicators and patterns. Each family
// has a floor of the same shape in bench_main.cpp; scripts/bench.sh prints the ratios.
// Targets (issue 3): a 10-level diff ≤ 100 ns median, a snapshot read ≤ 2× a memcpy of its
// bytes (BM_FloorMemcpySnapshot), every indicator update ≤ 20 ns.
#include <symphony/market/book_builder.hpp>
#include <symphony/market/indicator_set.hpp>
#include <symphony/market/indicators.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/market/patterns.hpp>
#include <symphony/market/seqlock.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

using namespace symphony;
using market::Level;

constexpr std::int64_t tick = 10'000'000;  // 0.1 in raw units
constexpr std::int64_t mid = 600'000;      // 60000.0 in ticks
constexpr std::size_t book_depth = 1000;   // levels a side, as Aster's REST snapshot

Price px(std::int64_t ticks) { return Price::from_raw(ticks * tick); }
const Price btc_tick = Price::from_raw(tick);  // Aster's BTCUSDT tick

std::vector<Level> side(bool bids, std::size_t n) {
  std::vector<Level> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto off = static_cast<std::int64_t>(i) + 1;
    out.push_back({px(bids ? mid - off : mid + off), Qty::from_raw(100'000'000 + static_cast<std::int64_t>(i))});
  }
  return out;
}

// Loading a full 1000-level-a-side snapshot, as after a (re)connect.
void BM_BookLoadSnapshot1000(benchmark::State& state) {
  const auto bids = side(true, book_depth), asks = side(false, book_depth);
  market::OrderBook book(btc_tick);
  for (auto _ : state) {
    benchmark::DoNotOptimize(book.apply_snapshot(bids, asks, 1));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_BookLoadSnapshot1000);

// A 20-level snapshot, the shape of Hyperliquid's l2Book and the simulator's books.
void BM_BookApplySnapshot20(benchmark::State& state) {
  const auto bids = side(true, 20), asks = side(false, 20);
  market::OrderBook book(btc_tick);
  for (auto _ : state) {
    benchmark::DoNotOptimize(book.apply_snapshot(bids, asks, 1));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_BookApplySnapshot20);

// Applying one in-sequence diff of N levels through the builder (sequence check, level
// updates, crossed check) to a 1000-level book. Levels fall within 50 ticks of the touch
// on both sides, a fifth of them removals, so inserts, updates and deletes all happen and
// the book stays at its size. 1024 precomputed diffs are cycled.
void BM_BookApplyDiff(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  market::BookBuilder builder(market::book_sequencing::update_id_chain, btc_tick);
  const auto bids = side(true, book_depth), asks = side(false, book_depth);
  builder.on_snapshot({0, 1, bids, asks, 1});
  std::mt19937_64 rng(42);
  struct diff {
    std::vector<Level> bids, asks;
  };
  std::vector<diff> diffs(1024);
  for (auto& d : diffs) {
    for (std::size_t i = 0; i < n; ++i) {
      const bool bid = (i % 2 == 0);
      const auto off = static_cast<std::int64_t>(rng() % 50) + 1;
      const Qty qty = rng() % 5 == 0 ? Qty{} : Qty::from_raw(static_cast<std::int64_t>(rng() % 1'000'000'000) + 1);
      (bid ? d.bids : d.asks).push_back({px(bid ? mid - off : mid + off), qty});
    }
  }
  std::uint64_t id = 1;
  std::size_t k = 0;
  for (auto _ : state) {
    const diff& d = diffs[k++ & 1023];
    benchmark::DoNotOptimize(builder.on_diff({0, 2, id + 1, id + 1, id, d.bids, d.asks}));
    ++id;
  }
  if (!builder.usable()) state.SkipWithError("book went out of sequence");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_BookApplyDiff)->Arg(1)->Arg(10)->Arg(100);

market::OrderBook full_book() {
  market::OrderBook book(btc_tick);
  book.apply_snapshot(side(true, book_depth), side(false, book_depth), 1);
  return book;
}

// Reading the top of book: best bid, best ask and mid.
void BM_BookTopOfBook(benchmark::State& state) {
  const auto book = full_book();
  for (auto _ : state) {
    benchmark::DoNotOptimize(book.best_bid());
    benchmark::DoNotOptimize(book.best_ask());
    benchmark::DoNotOptimize(book.mid());
  }
}
BENCHMARK(BM_BookTopOfBook);

void BM_BookMicroprice(benchmark::State& state) {
  const auto book = full_book();
  for (auto _ : state) benchmark::DoNotOptimize(book.microprice());
}
BENCHMARK(BM_BookMicroprice);

void BM_BookImbalance10(benchmark::State& state) {
  const auto book = full_book();
  for (auto _ : state) benchmark::DoNotOptimize(book.imbalance(10));
}
BENCHMARK(BM_BookImbalance10);

// Walking 25 levels for a slippage estimate.
void BM_BookCostToFill25Levels(benchmark::State& state) {
  const auto book = full_book();
  const Qty qty = Qty::from_units(25);
  for (auto _ : state) benchmark::DoNotOptimize(book.cost_to_fill(Side::buy, qty));
}
BENCHMARK(BM_BookCostToFill25Levels);

void BM_BookWalls50(benchmark::State& state) {
  const auto book = full_book();
  std::array<Level, 8> out{};
  for (auto _ : state) benchmark::DoNotOptimize(book.walls(Side::buy, 50, 3.0, out));
}
BENCHMARK(BM_BookWalls50);

// Publishing one instrument's snapshot through its seqlock (the writer's cost per event).
void BM_SnapshotPublish(benchmark::State& state) {
  market::Seqlock<market::MarketSnapshot> cell;
  market::MarketSnapshot s{};
  for (auto _ : state) {
    ++s.version;
    cell.store(s);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * sizeof(market::MarketSnapshot)));
}
BENCHMARK(BM_SnapshotPublish);

// Reading a consistent snapshot (no writer running): compare with BM_FloorMemcpySnapshot.
void BM_SnapshotRead(benchmark::State& state) {
  market::Seqlock<market::MarketSnapshot> cell;
  market::MarketSnapshot s{};
  s.version = 7;
  cell.store(s);
  market::MarketSnapshot out;
  for (auto _ : state) {
    while (!cell.try_load(out)) {
    }
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * sizeof(market::MarketSnapshot)));
}
BENCHMARK(BM_SnapshotRead);

// One full market event through the core: a trade print updating the trade flow, six
// candle series and the published snapshot.
void BM_SnapshotTradeEventEndToEnd(benchmark::State& state) {
  market::MarketState m(1);
  const auto bids = side(true, 20), asks = side(false, 20);
  m.on_snapshot({0, 1, bids, asks});
  Timestamp t = 0;
  std::uint64_t id = 0;
  for (auto _ : state) {
    t += 100 * ns_per_ms;
    benchmark::DoNotOptimize(m.on_trade({0, t, px(mid), Qty::from_units(1), Side::buy, ++id}));
  }
}
BENCHMARK(BM_SnapshotTradeEventEndToEnd);

// Notices to the ops thread: one push and one pop of a MarketEvent on the SPSC ring.
void BM_SnapshotEventRingPushPop(benchmark::State& state) {
  SpscRing<market::MarketEvent> ring(1024);
  market::MarketEvent e{};
  for (auto _ : state) {
    ring.try_push(e);
    benchmark::DoNotOptimize(ring.try_pop());
  }
}
BENCHMARK(BM_SnapshotEventRingPushPop);

// A random walk around 60000 with varying volatility: 4096 closes, cycled.
const std::vector<double>& walk() {
  static const std::vector<double> w = [] {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> z(0, 1);
    std::vector<double> v;
    double x = 60000;
    for (int i = 0; i < 4096; ++i) {
      x *= std::exp(z(rng) * (i % 512 < 256 ? 0.001 : 0.004));
      v.push_back(x);
    }
    return v;
  }();
  return w;
}

template <class Indicator, class Feed>
void run_indicator(benchmark::State& state, Indicator ind, Feed feed) {
  const auto& w = walk();
  std::size_t i = 0;
  for (auto _ : state) {
    const double x = w[i++ & 4095];
    feed(ind, x);
    benchmark::DoNotOptimize(ind);
  }
}

void BM_IndicatorSma(benchmark::State& s) {
  run_indicator(s, market::Sma(20), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorEma(benchmark::State& s) {
  run_indicator(s, market::Ema(20), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorRsi(benchmark::State& s) {
  run_indicator(s, market::Rsi(14), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorMacd(benchmark::State& s) {
  run_indicator(s, market::Macd(12, 26, 9), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorBollinger(benchmark::State& s) {
  run_indicator(s, market::Bollinger(20, 2.0), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorAtr(benchmark::State& s) {
  run_indicator(s, market::Atr(14), [](auto& d, double x) { d.update(x * 1.001, x * 0.999, x); });
}
void BM_IndicatorAdx(benchmark::State& s) {
  run_indicator(s, market::Adx(14), [](auto& d, double x) { d.update(x * 1.001, x * 0.999, x); });
}
void BM_IndicatorDonchian(benchmark::State& s) {
  run_indicator(s, market::Donchian(20), [](auto& d, double x) { d.update(x * 1.001, x * 0.999); });
}
void BM_IndicatorVwap(benchmark::State& s) {
  run_indicator(s, market::Vwap(20), [](auto& d, double x) { d.update(x, 1.5); });
}
void BM_IndicatorRealizedVolatility(benchmark::State& s) {
  run_indicator(s, market::RealizedVolatility(20, 525600), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorZScore(benchmark::State& s) {
  run_indicator(s, market::ZScore(20), [](auto& d, double x) { d.update(x); });
}
void BM_IndicatorRoc(benchmark::State& s) {
  run_indicator(s, market::Roc(10), [](auto& d, double x) { d.update(x); });
}
BENCHMARK(BM_IndicatorSma);
BENCHMARK(BM_IndicatorEma);
BENCHMARK(BM_IndicatorRsi);
BENCHMARK(BM_IndicatorMacd);
BENCHMARK(BM_IndicatorBollinger);
BENCHMARK(BM_IndicatorAtr);
BENCHMARK(BM_IndicatorAdx);
BENCHMARK(BM_IndicatorDonchian);
BENCHMARK(BM_IndicatorVwap);
BENCHMARK(BM_IndicatorRealizedVolatility);
BENCHMARK(BM_IndicatorZScore);
BENCHMARK(BM_IndicatorRoc);

std::vector<market::Candle> candles() {
  const auto& w = walk();
  std::vector<market::Candle> out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double o = i ? w[i - 1] : w[0], c = w[i];
    out.push_back({static_cast<Timestamp>(i) * ns_per_min, Price::from_double(o),
                   Price::from_double(std::max(o, c) * 1.0005), Price::from_double(std::min(o, c) * 0.9995),
                   Price::from_double(c), Qty::from_units(3), 10});
  }
  return out;
}

// All thirteen indicators of one timeframe on one closed candle (what each close costs).
void BM_IndicatorSetUpdate(benchmark::State& state) {
  const auto bars = candles();
  market::IndicatorSet set(market::IndicatorConfig{}, market::Timeframe::m1);
  std::size_t i = 0;
  for (auto _ : state) {
    set.update(bars[i++ & 4095]);
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_IndicatorSetUpdate);

// One closed candle through a detector running the given pattern set (swings always run).
void run_patterns(benchmark::State& state, unsigned detectors) {
  const auto bars = candles();
  market::PatternConfig c;
  c.detectors = detectors;
  market::PatternDetector d(c);
  std::array<market::PatternSignal, market::PatternDetector::max_signals_per_bar> out;
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(d.update(bars[i++ & 4095], out));
}
void BM_PatternSwings(benchmark::State& s) { run_patterns(s, 0); }
void BM_PatternSupportResistance(benchmark::State& s) { run_patterns(s, market::pattern_set::levels); }
void BM_PatternDoubleTopBottom(benchmark::State& s) { run_patterns(s, market::pattern_set::double_tops); }
void BM_PatternHeadAndShoulders(benchmark::State& s) { run_patterns(s, market::pattern_set::head_and_shoulders); }
void BM_PatternRangeBreakout(benchmark::State& s) { run_patterns(s, market::pattern_set::range_breakouts); }
void BM_PatternAll(benchmark::State& s) { run_patterns(s, market::pattern_set::all); }
BENCHMARK(BM_PatternSwings);
BENCHMARK(BM_PatternSupportResistance);
BENCHMARK(BM_PatternDoubleTopBottom);
BENCHMARK(BM_PatternHeadAndShoulders);
BENCHMARK(BM_PatternRangeBreakout);
BENCHMARK(BM_PatternAll);

}  // namespace
