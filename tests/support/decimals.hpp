#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>

namespace symphony::test {

/// Exact decimals for test literals: p("100.1"), q("0.5"), m("-3.25"). Abort on bad text.
inline Price p(const char* s) { return Price::parse(s).value(); }
inline Qty q(const char* s) { return Qty::parse(s).value(); }
inline Money m(const char* s) { return Money::parse(s).value(); }

/// A sim-venue perpetual with the given trading rules, for tests that need one instrument.
inline Instrument instrument(const char* symbol, const char* tick, const char* step, const char* min_qty,
                             const char* min_notional) {
  Instrument i;
  i.symbol = symbol;
  i.venue = "sim";
  i.tick_size = p(tick);
  i.step_size = q(step);
  i.min_qty = q(min_qty);
  i.min_notional = m(min_notional);
  return i;
}

}  // namespace symphony::test
