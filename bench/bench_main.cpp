// Floors: the cheapest operations of the same shape as what the other benchmarks measure,
// timed in the same run so results can be read as ratios on a noisy, shared machine.
#include <symphony/market/snapshot.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

// One 64-bit add: the floor for fixed-point addition.
void BM_FloorAdd64(benchmark::State& state) {
  std::int64_t a = 12345, b = 678;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a += b);
  }
}
BENCHMARK(BM_FloorAdd64);

// One 64-bit multiply and divide: the floor for a fixed-point product.
void BM_FloorMulDiv64(benchmark::State& state) {
  std::int64_t a = 6'000'000'000'000, b = 100'000, c = 100'000'000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(a * b / c);
  }
}
BENCHMARK(BM_FloorMulDiv64);

// Copying the bytes of a 20-level book (two sides of price and quantity).
void BM_FloorMemcpyBook20(benchmark::State& state) {
  std::vector<std::int64_t> src(80, 7), dst(80);
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), src.size() * sizeof(std::int64_t));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 640);
}
BENCHMARK(BM_FloorMemcpyBook20);

// Copying the bytes of one MarketSnapshot: the floor for reading a published snapshot.
void BM_FloorMemcpySnapshot(benchmark::State& state) {
  constexpr std::size_t n = sizeof(symphony::market::MarketSnapshot);
  std::vector<unsigned char> src(n, 7), dst(n);
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), n);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_FloorMemcpySnapshot);

// Ten binary searches in 1000 sorted prices: the floor for finding a diff's levels.
void BM_FloorLowerBound1000x10(benchmark::State& state) {
  std::vector<std::int64_t> prices(1000);
  for (std::size_t i = 0; i < prices.size(); ++i) prices[i] = static_cast<std::int64_t>(i) * 7;
  std::int64_t key = 3;
  for (auto _ : state) {
    for (int k = 0; k < 10; ++k) {
      benchmark::DoNotOptimize(std::lower_bound(prices.begin(), prices.end(), key));
      key = (key * 31 + 17) % 7000;
    }
  }
}
BENCHMARK(BM_FloorLowerBound1000x10);

// One dependent double multiply-add: the floor for an incremental indicator update.
void BM_FloorFma(benchmark::State& state) {
  double x = 1.0;
  const double a = 0.999, b = 0.001;
  for (auto _ : state) {
    x = a * x + b;
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_FloorFma);

}  // namespace

BENCHMARK_MAIN();
