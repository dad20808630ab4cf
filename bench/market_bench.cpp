// Applying a 20-level snapshot to the order book; compare with BM_FloorMemcpyBook20. The
// book copies fixed storage, so the ratio should stay within a small multiple of a memcpy.
#include <symphony/market/order_book.hpp>

#include <benchmark/benchmark.h>

#include <vector>

namespace {

using namespace symphony;

void BM_BookApplySnapshot20(benchmark::State& state) {
  std::vector<market::Level> bids, asks;
  for (int i = 0; i < 20; ++i) {
    bids.push_back({Price::from_units(60000 - i), Qty::from_units(1)});
    asks.push_back({Price::from_units(60001 + i), Qty::from_units(1)});
  }
  market::OrderBook book;
  const market::BookSnapshot snap{0, 1, bids, asks};
  for (auto _ : state) {
    benchmark::DoNotOptimize(book.apply_snapshot(snap.bids, snap.asks, snap.ts));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_BookApplySnapshot20);

void BM_BookMid(benchmark::State& state) {
  std::vector<market::Level> bids{{Price::from_units(100), Qty::from_units(1)}};
  std::vector<market::Level> asks{{Price::from_units(101), Qty::from_units(1)}};
  market::OrderBook book;
  book.apply_snapshot(bids, asks, 1);
  for (auto _ : state) benchmark::DoNotOptimize(book.mid());
}
BENCHMARK(BM_BookMid);

}  // namespace
