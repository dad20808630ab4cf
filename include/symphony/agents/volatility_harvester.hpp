#pragma once

#include <symphony/agents/agent.hpp>

#include <deque>
#include <vector>

namespace symphony::agents {

/// Volatility Harvester's metadata and default regime table.
const AgentInfo& volatility_harvester_info() noexcept;

/// Volatility Harvester settings (config `agents.volatility_harvester`). Its Bollinger
/// bands, ATR and RSI are the market core's 1-minute indicators.
struct VolatilityHarvesterConfig {
  bool enabled = true;
  std::size_t squeeze_lookback = 120;  ///< bars of bandwidth history a squeeze is judged against
  double squeeze_ratio = 1.15;         ///< a squeeze: bandwidth within this factor of the lookback's lowest
  std::size_t squeeze_memory = 10;     ///< bars after a squeeze in which a band break still counts
  double spike_atr = 3.0;              ///< a spike: a bar's range at least this many ATRs
  double spike_rsi = 75;               ///< and RSI beyond this (or below 100 − it): faded
  double stop_atr = 1.5;
  double target1_r = 1.0;
  double target2_r = 2.5;
  RegimeTable regimes = volatility_harvester_info().regimes;
};

/// Volatility spikes and squeezes on 1-minute bars. A squeeze (Bollinger bandwidth near its
/// lowest of the lookback) followed by a close outside the bands is traded in the break's
/// direction; a spike (a bar spanning several ATRs that leaves RSI stretched) is faded. One
/// signal per bar. Not thread-safe.
class VolatilityHarvester final : public Agent {
 public:
  VolatilityHarvester(VolatilityHarvesterConfig config, std::size_t instrument_count);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

 private:
  struct series {
    std::uint64_t bars_seen = 0;
    std::deque<double> bandwidths;  // the lookback's, oldest first
    std::uint64_t squeeze_bar = 0;  // last bar that was a squeeze; 0: none
    std::uint64_t acted_bar = 0;
  };
  void catch_up(series& s, const market::IndicatorSet& indicators);
  VolatilityHarvesterConfig config_;
  std::vector<series> series_;
};

}  // namespace symphony::agents
