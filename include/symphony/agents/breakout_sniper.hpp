#pragma once

#include <symphony/agents/agent.hpp>

#include <vector>

namespace symphony::agents {

/// Breakout Sniper's metadata and default regime table.
const AgentInfo& breakout_sniper_info() noexcept;

/// Breakout Sniper settings (config `agents.breakout_sniper`).
struct BreakoutSniperConfig {
  bool enabled = true;
  std::size_t channel_bars = 20;  ///< the key levels: highest high and lowest low of this many bars
  double volume_multiple = 1.5;   ///< the breaking bar's volume over the channel's average, at least
  std::size_t volume_bars = 20;   ///< bars averaged for that
  double min_break_atr = 0.1;     ///< how far beyond the level the close must be, in ATRs
  double stop_atr = 1.5;
  double target1_r = 1.5;
  double target2_r = 3.0;
  RegimeTable regimes = breakout_sniper_info().regimes;
};

/// Trades the close of a 1-minute bar beyond the Donchian channel of the bars before it (the
/// key levels: their highest high and lowest low), confirmed by that bar's
/// volume against the average. One signal per breaking bar. Not thread-safe.
class BreakoutSniper final : public Agent {
 public:
  BreakoutSniper(BreakoutSniperConfig config, std::size_t instrument_count);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

 private:
  struct series {
    std::uint64_t bars_seen = 0;
    std::uint64_t acted_bar = 0;
  };
  BreakoutSniperConfig config_;
  std::vector<series> series_;
};

}  // namespace symphony::agents
