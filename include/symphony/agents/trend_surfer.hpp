#pragma once

#include <symphony/agents/agent.hpp>

#include <vector>

namespace symphony::agents {

/// Trend Surfer's metadata and default regime table.
const AgentInfo& trend_surfer_info() noexcept;

/// Trend Surfer settings (config `agents.trend_surfer`). Its ADX, EMAs and MACD are the
/// market core's 1-minute indicators.
struct TrendSurferConfig {
  bool enabled = true;
  double adx_min = 25;             ///< trend strength needed
  double di_spread_min = 5;        ///< +DI − −DI (or the reverse) needed
  double max_extension_atr = 2.5;  ///< no entry this far beyond the fast EMA: not chasing
  std::size_t cooldown_bars = 15;  ///< bars after a trade before it rides again
  double stop_atr = 2.5;
  double target1_r = 1.0;
  double target2_r = 4.0;
  RegimeTable regimes = trend_surfer_info().regimes;
};

/// Rides extended moves: when ADX says a strong trend is under way, the directional
/// indicators, the EMA ordering, the close against the slow EMA and the MACD histogram all
/// agree on its direction, and the close has not run too far from the fast EMA, it joins
/// the trend with a wide stop and a far second target. Not thread-safe.
class TrendSurfer final : public Agent {
 public:
  TrendSurfer(TrendSurferConfig config, std::size_t instrument_count);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

 private:
  TrendSurferConfig config_;
  struct series {
    std::uint64_t bars_seen = 0;  // as of the last decide()
    std::uint64_t acted_bar = 0;  // 0: never
  };
  std::vector<series> series_;
};

}  // namespace symphony::agents
