#pragma once

#include <symphony/agents/agent.hpp>
#include <symphony/market/indicator_set.hpp>

#include <vector>

namespace symphony::agents {

/// Momentum Hunter's metadata and default regime table.
const AgentInfo& momentum_hunter_info() noexcept;

/// Momentum Hunter settings (the config section `agents.momentum_hunter`). Its EMA, RSI
/// and ATR are the market core's 1-minute indicators (`market.indicators`).
struct MomentumHunterConfig {
  bool enabled = true;
  double rsi_overbought = 70;
  double rsi_oversold = 30;
  std::size_t cross_lookback = 3;  ///< bars after a crossover during which it still counts
  double stop_atr = 2.0;           ///< stop distance in ATRs
  double target1_r = 1.5;          ///< target 1 in multiples of the stop distance (R)
  double target2_r = 3.0;
  RegimeTable regimes = momentum_hunter_info().regimes;  ///< `agents.momentum_hunter.regimes`
};

/// Trend following on 1-minute candles: a fast/slow EMA crossover of the market core's
/// indicators, filtered by RSI (no longs when overbought, no shorts when oversold). Confidence grows with the EMA gap
/// in ATRs and with RSI agreement; its default regime table damps trades against the regime, and all trades in a
/// range. Not thread-safe.
class MomentumHunter final : public Agent {
 public:
  MomentumHunter(MomentumHunterConfig config, std::size_t instrument_count);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

 private:
  // What the agent remembers between calls: the EMA ordering it last saw and where it flipped.
  struct series {
    std::uint64_t bars_seen = 0;  // indicator bars as of the last call
    std::uint64_t last_cross_bar = 0;
    int last_cross_dir = 0;  // +1 fast crossed above slow, −1 below
    std::uint64_t signaled_cross_bar = 0;
    int prev_sign = 0;
  };
  void catch_up(series& s, const market::IndicatorSet& indicators);

  MomentumHunterConfig config_;
  std::vector<series> series_;
};

}  // namespace symphony::agents
