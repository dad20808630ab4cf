#pragma once

#include <symphony/venue/sim/regime_generator.hpp>

namespace symphony::test {

/// One instrument of the simulated venue: its filters from text, a start price and how
/// volatile its generated market is.
inline venue::sim::SimInstrumentSpec sim_spec(InstrumentId id, const char* symbol, const char* price, const char* tick,
                                              const char* step, double vol) {
  venue::sim::SimInstrumentSpec s;
  s.instrument.id = id;
  s.instrument.symbol = symbol;
  s.instrument.venue = "sim";
  s.instrument.tick_size = Price::parse(tick).value();
  s.instrument.step_size = Qty::parse(step).value();
  s.instrument.min_qty = s.instrument.step_size;
  s.instrument.min_notional = Money::from_units(5);
  s.initial_price = Price::parse(price).value();
  s.volatility_scale = vol;
  return s;
}

}  // namespace symphony::test
