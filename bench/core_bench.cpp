// Fixed-point arithmetic on the order path. A regression here slows every fill, fee and
// P&L computation; compare BM_Fixed* with BM_FloorAdd64 / BM_FloorMulDiv64.
#include <symphony/core/fixed.hpp>
#include <symphony/core/spsc_ring.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace symphony;

void BM_FixedParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Price::parse("60123.45678901"));
}
BENCHMARK(BM_FixedParse);

void BM_FixedToString(benchmark::State& state) {
  const Price p = Price::parse("60123.45678901").value();
  for (auto _ : state) benchmark::DoNotOptimize(p.to_string());
}
BENCHMARK(BM_FixedToString);

void BM_FixedNotional128(benchmark::State& state) {
  Price p = Price::parse("60123.4").value();
  const Qty q = Qty::parse("1.234").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    benchmark::DoNotOptimize(notional(p, q));
  }
}
BENCHMARK(BM_FixedNotional128);

void BM_FixedRoundToTick(benchmark::State& state) {
  Price p = Price::parse("60123.456").value();
  const Price tick = Price::parse("0.1").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    benchmark::DoNotOptimize(p.round_to(tick, rounding::down));
  }
}
BENCHMARK(BM_FixedRoundToTick);

struct Payload {
  std::int64_t v[32];
};

// One push and one pop of a 256-byte event on one thread: the ring's own cost.
void BM_SpscRingPushPop256(benchmark::State& state) {
  SpscRing<Payload> ring(1024);
  Payload p{};
  for (auto _ : state) {
    ring.try_push(p);
    benchmark::DoNotOptimize(ring.try_pop());
  }
}
BENCHMARK(BM_SpscRingPushPop256);

}  // namespace
