#include <symphony/agents/mean_reversion.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace symphony::agents {

const AgentInfo& mean_reversion_info() noexcept {
  // Fading is for ranges; against a trend only the side with the trend is allowed, damped.
  static const AgentInfo info{
      "mean_reversion",
      "Mean Reversion",
      "🔄",
      "Oversold and overbought bounces in ranges: fades a close two deviations from its mean when ADX sees no trend.",
      {{
          {0.7, 0.0},  // BULL_TRENDING
          {0.5, 0.3},  // BULL_VOLATILE
          {0.0, 0.7},  // BEAR_TRENDING
          {0.3, 0.5},  // BEAR_VOLATILE
          {1.3, 1.3},  // RANGE_BOUND
      }},
  };
  return info;
}

const AgentInfo& MeanReversion::info() const noexcept { return mean_reversion_info(); }

MeanReversion::MeanReversion(MeanReversionConfig config, std::size_t instrument_count)
    : config_(config), series_(instrument_count) {}

Decision MeanReversion::decide(const AgentContext& ctx) {
  series& s = series_.at(ctx.instrument.id);
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  s.bars_seen = ind.bars();
  Decision d;
  const market::IndicatorValues v = ind.values();
  if (std::isnan(v.zscore) || !ind.rsi().ready() || !ind.adx().ready() || !ind.bollinger().ready() ||
      !ind.atr().ready() || ind.atr().value() <= 0) {
    d.reason = "warming up";
    return d;
  }
  if (s.acted_bar == s.bars_seen) {
    d.reason = "this bar already acted on";
    return d;
  }
  if (v.adx > config_.adx_max) {
    d.reason = fmt::format("ADX {:.1f}: trending, not fading", v.adx);
    return d;
  }
  const bool oversold = v.zscore <= -config_.zscore_entry && v.rsi <= config_.rsi_oversold;
  const bool overbought = v.zscore >= config_.zscore_entry && v.rsi >= config_.rsi_overbought;
  if (!oversold && !overbought) {
    d.reason = fmt::format("z {:+.2f}, RSI {:.1f}: not stretched", v.zscore, v.rsi);
    return d;
  }
  const double entry = entry_price(ctx);
  const double atr = ind.atr().value();
  const double risk = config_.stop_atr * atr;
  const double mean = ind.bollinger().middle();
  const double far = oversold ? ind.bollinger().upper() : ind.bollinger().lower();
  const double dir = oversold ? 1.0 : -1.0;
  if (dir * (mean - entry) <= 0) {
    d.reason = "already back at the mean";
    return d;
  }
  // Targets where the reversion ends: the mean, then the opposite band.
  const double t1_r = dir * (mean - entry) / risk;
  const double t2_r = std::max(t1_r, dir * (far - entry) / risk);
  const double stretch = std::fabs(v.zscore) - config_.zscore_entry;
  const double rsi_extreme = oversold ? (config_.rsi_oversold - v.rsi) : (v.rsi - config_.rsi_overbought);
  const double confidence = 0.55 + 0.25 * std::min(1.0, stretch / 1.0) + 0.2 * std::min(1.0, rsi_extreme / 15.0);
  return bracket(
      oversold ? Action::buy : Action::sell, confidence, entry, risk, t1_r, t2_r,
      fmt::format("{}: z {:+.2f}, RSI {:.1f}, ADX {:.1f}; back to the mean {:.6g}, regime {}",
                  oversold ? "oversold" : "overbought", v.zscore, v.rsi, v.adx, mean, to_string(ctx.regime)));
}

void MeanReversion::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  s.acted_bar = s.bars_seen;
}

}  // namespace symphony::agents
