#pragma once

#include <symphony/venue/sim/regime_generator.hpp>

#include <initializer_list>
#include <vector>

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

/// Instruments of one venue as an adapter is given them: ids 0, 1, … and their symbols
/// (the venue reports their trading rules at bootstrap).
inline std::vector<Instrument> listing(const char* venue, std::initializer_list<const char*> symbols) {
  std::vector<Instrument> out;
  for (const char* symbol : symbols) {
    Instrument in;
    in.id = static_cast<InstrumentId>(out.size());
    in.symbol = symbol;
    in.venue = venue;
    out.push_back(in);
  }
  return out;
}

}  // namespace symphony::test
