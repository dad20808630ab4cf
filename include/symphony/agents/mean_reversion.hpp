#pragma once

#include <symphony/agents/agent.hpp>

#include <vector>

namespace symphony::agents {

/// Mean Reversion's metadata and default regime table.
const AgentInfo& mean_reversion_info() noexcept;

/// Mean Reversion settings (config `agents.mean_reversion`). Its z-score, RSI, ADX and
/// Bollinger bands are the market core's 1-minute indicators.
struct MeanReversionConfig {
  bool enabled = true;
  double zscore_entry = 2.0;  ///< |z| of the close against its mean needed
  double rsi_overbought = 70;
  double rsi_oversold = 30;
  double adx_max = 25;  ///< above this the market trends: no fading
  double stop_atr = 1.5;
  RegimeTable regimes = mean_reversion_info().regimes;
};

/// Oversold and overbought bounces in ranges: a close stretched `zscore_entry` deviations
/// from its mean with RSI agreeing, while ADX says there is no trend, is faded. Target 1
/// is the mean (the Bollinger middle), target 2 the opposite band. Not thread-safe.
class MeanReversion final : public Agent {
 public:
  MeanReversion(MeanReversionConfig config, std::size_t instrument_count);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

 private:
  struct series {
    std::uint64_t bars_seen = 0;
    std::uint64_t acted_bar = 0;
  };
  MeanReversionConfig config_;
  std::vector<series> series_;
};

}  // namespace symphony::agents
