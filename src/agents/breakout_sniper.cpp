#include <symphony/agents/breakout_sniper.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace symphony::agents {

const AgentInfo& breakout_sniper_info() noexcept {
  // Breaks with the trend carry on more often; in a range most breaks fail back inside.
  static const AgentInfo info{
      "breakout_sniper",
      "Breakout Sniper",
      "🎯",
      "Breaks of key levels: a 1-minute close beyond the Donchian channel, confirmed by volume.",
      {{
          {1.2, 0.6},  // BULL_TRENDING
          {1.1, 0.7},  // BULL_VOLATILE
          {0.6, 1.2},  // BEAR_TRENDING
          {0.7, 1.1},  // BEAR_VOLATILE
          {0.6, 0.6},  // RANGE_BOUND
      }},
  };
  return info;
}

const AgentInfo& BreakoutSniper::info() const noexcept { return breakout_sniper_info(); }

BreakoutSniper::BreakoutSniper(BreakoutSniperConfig config, std::size_t instrument_count)
    : config_(config), series_(instrument_count) {}

Decision BreakoutSniper::decide(const AgentContext& ctx) {
  series& s = series_.at(ctx.instrument.id);
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  const market::CandleSeries& candles = ctx.state.candles(market::Timeframe::m1);
  Decision d;
  if (!ind.atr().ready() || ind.atr().value() <= 0 ||
      candles.size() < std::max(config_.channel_bars, config_.volume_bars) + 1) {
    d.reason = "warming up";
    return d;
  }
  s.bars_seen = candles.closed_total();
  if (s.acted_bar == s.bars_seen) {
    d.reason = "breakout already acted on";
    return d;
  }
  // The key levels are those of the bars before the latest.
  double upper = candles.back(1).high.to_double(), lower = candles.back(1).low.to_double();
  for (std::size_t k = 2; k <= config_.channel_bars; ++k) {
    upper = std::max(upper, candles.back(k).high.to_double());
    lower = std::min(lower, candles.back(k).low.to_double());
  }
  const market::Candle& bar = candles.back();
  const double close = bar.close.to_double();
  const double atr = ind.atr().value();
  const bool up = close > upper;
  const bool down = close < lower;
  if (!up && !down) {
    d.reason = fmt::format("inside the channel {:.6g}–{:.6g}", lower, upper);
    return d;
  }
  const double level = up ? upper : lower;
  const double beyond = std::fabs(close - level) / atr;
  if (beyond < config_.min_break_atr) {
    d.reason = fmt::format("close only {:.2f} ATR beyond {:.6g}", beyond, level);
    return d;
  }
  double volume = 0;
  for (std::size_t k = 1; k <= config_.volume_bars; ++k) volume += candles.back(k).volume.to_double();
  const double average = volume / static_cast<double>(config_.volume_bars);
  const double ratio = average > 0 ? bar.volume.to_double() / average : 0.0;
  if (ratio < config_.volume_multiple) {
    d.reason = fmt::format("break of {:.6g} without volume ({:.2f}x average)", level, ratio);
    return d;
  }
  const double confidence = 0.55 + 0.25 * std::min(1.0, (ratio - config_.volume_multiple) / config_.volume_multiple) +
                            0.2 * std::min(1.0, beyond / 0.5);
  return bracket(up ? Action::buy : Action::sell, confidence, entry_price(ctx), config_.stop_atr * atr,
                 config_.target1_r, config_.target2_r,
                 fmt::format("close {:.6g} broke {} {:.6g} by {:.2f} ATR on {:.1f}x volume, regime {}", close,
                             up ? "above" : "below", level, beyond, ratio, to_string(ctx.regime)));
}

void BreakoutSniper::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  s.acted_bar = s.bars_seen;
}

}  // namespace symphony::agents
