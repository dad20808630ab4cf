// Fixed-point arithmetic under every book level and order: parsing a venue's decimal price,
// formatting one, notional (price × qty, 128-bit) and rounding to the tick. Named BM_Book*
// because each book level a venue sends goes through them; compare with BM_FloorMulDiv64.
#include <symphony/core/fixed.hpp>
#include <symphony/core/spsc_ring.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace symphony;

void BM_BookParsePrice(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Price::parse("60123.45678901"));
}
BENCHMARK(BM_BookParsePrice);

void BM_BookFormatPrice(benchmark::State& state) {
  const Price p = Price::parse("60123.45678901").value();
  for (auto _ : state) benchmark::DoNotOptimize(p.to_string());
}
BENCHMARK(BM_BookFormatPrice);

void BM_BookNotional128(benchmark::State& state) {
  Price p = Price::parse("60123.4").value();
  const Qty q = Qty::parse("1.234").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    benchmark::DoNotOptimize(notional(p, q));
  }
}
BENCHMARK(BM_BookNotional128);

void BM_BookRoundToTick(benchmark::State& state) {
  Price p = Price::parse("60123.456").value();
  const Price tick = Price::parse("0.1").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    benchmark::DoNotOptimize(p.round_to(tick, rounding::down));
  }
}
BENCHMARK(BM_BookRoundToTick);

struct Payload {
  std::int64_t v[32];
};

// One push and one pop of a 256-byte event on one thread: the cost of the SPSC ring that
// carries events off the hot thread (to the store, to ops).
void BM_SnapshotRingPushPop256(benchmark::State& state) {
  SpscRing<Payload> ring(1024);
  Payload p{};
  for (auto _ : state) {
    ring.try_push(p);
    benchmark::DoNotOptimize(ring.try_pop());
  }
}
BENCHMARK(BM_SnapshotRingPushPop256);

}  // namespace
