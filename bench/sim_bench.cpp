// One step of the regime market generator building books and trades for three instruments: this
// bounds how fast --speed max can simulate. A regression shows as fewer simulated hours per
// second of the end-to-end run.
#include <symphony/venue/sim/regime_generator.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace symphony;

venue::sim::SimInstrumentSpec spec(InstrumentId id, const char* price, const char* tick) {
  venue::sim::SimInstrumentSpec s;
  s.instrument.id = id;
  s.instrument.tick_size = Price::parse(tick).value();
  s.instrument.step_size = Qty::parse("0.001").value();
  s.instrument.min_qty = s.instrument.step_size;
  s.initial_price = Price::parse(price).value();
  return s;
}

void BM_BookSimGeneratorStep3(benchmark::State& state) {
  venue::sim::GeneratorConfig c;
  venue::sim::RegimeGenerator g(c, {spec(0, "60000", "0.1"), spec(1, "3000", "0.01"), spec(2, "150", "0.001")});
  Timestamp t = 0;
  for (auto _ : state) {
    g.step(t += ns_per_s);
    benchmark::DoNotOptimize(g.book(0));
  }
}
BENCHMARK(BM_BookSimGeneratorStep3);

}  // namespace
