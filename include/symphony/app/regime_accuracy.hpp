#pragma once

#include <symphony/agents/regime_score.hpp>
#include <symphony/app/config.hpp>

#include <cstdint>
#include <string>

namespace symphony::app {

/// How well the conductor's rules find the simulated market's true regime.
struct RegimeAccuracy {
  agents::RegimeScore market;       ///< the market-wide classification, every round
  agents::RegimeScore instruments;  ///< every instrument's classification, every round
  std::uint64_t seed = 0;
  Duration span = 0;
  std::uint64_t regime_switches = 0;  ///< the generator's, over the span
};

/// `symphonyd --regime-accuracy`: runs the sim venue's regime generator (config
/// `venues.sim`, `instruments`, with `seed`) for `span` of simulated time, builds each
/// instrument's 1-minute candles from its trades (as the market core does) and runs the
/// conductor (config
/// `agents.regime_interval`, `agents.regime_rules`) on it as the engine does, scoring each
/// classification against the generator's true regime. No orders, no agents.
RegimeAccuracy score_regime_rules(const Config& config, std::uint64_t seed, Duration span);

/// The report: the run, then the market's and the instruments' tables.
std::string format_regime_accuracy(const RegimeAccuracy& a);

}  // namespace symphony::app
