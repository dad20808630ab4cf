// Floors: the cheapest operations of the same shape as what the other benchmarks measure,
// timed in the same run so results can be read as ratios on a noisy, shared machine.
#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK_MAIN();
