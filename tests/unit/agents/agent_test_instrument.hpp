#pragma once

#include <symphony/core/instrument.hpp>

namespace symphony::agents::test {

/// The instrument the agent tests trade: BTCUSDT with a `tick` price increment.
inline Instrument instrument(const char* tick = "0.01") {
  Instrument i;
  i.symbol = "BTCUSDT";
  i.tick_size = Price::parse(tick).value();
  i.step_size = Qty::parse("0.001").value();
  return i;
}

}  // namespace symphony::agents::test
