#include <symphony/agents/trend_surfer.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace symphony::agents {

const AgentInfo& trend_surfer_info() noexcept {
  // Only rides with the regime's trend; a range has none to ride.
  static const AgentInfo info{
      "trend_surfer",
      "Trend Surfer",
      "🏄",
      "Rides extended moves: joins a strong ADX trend confirmed by DI, EMAs and MACD, without chasing.",
      {{
          {1.3, 0.0},  // BULL_TRENDING
          {0.9, 0.4},  // BULL_VOLATILE
          {0.0, 1.3},  // BEAR_TRENDING
          {0.4, 0.9},  // BEAR_VOLATILE
          {0.0, 0.0},  // RANGE_BOUND
      }},
  };
  return info;
}

const AgentInfo& TrendSurfer::info() const noexcept { return trend_surfer_info(); }

TrendSurfer::TrendSurfer(TrendSurferConfig config, std::size_t instrument_count)
    : config_(config), series_(instrument_count) {}

Decision TrendSurfer::decide(const AgentContext& ctx) {
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  series& s = series_.at(ctx.instrument.id);
  s.bars_seen = ind.bars();
  Decision d;
  if (!ind.adx().ready() || !ind.ema_slow().ready() || !ind.macd().ready() || !ind.atr().ready() ||
      ind.atr().value() <= 0) {
    d.reason = "warming up";
    return d;
  }
  const std::uint64_t acted = s.acted_bar;
  if (acted && ind.bars() < acted + config_.cooldown_bars) {
    d.reason = fmt::format("cooling down for {} more bars", acted + config_.cooldown_bars - ind.bars());
    return d;
  }
  const double adx = ind.adx().value();
  if (adx < config_.adx_min) {
    d.reason = fmt::format("ADX {:.1f}: no strong trend", adx);
    return d;
  }
  const double spread = ind.adx().plus_di() - ind.adx().minus_di();
  const bool up = spread > 0;
  const double close = ctx.state.candles(market::Timeframe::m1).back().close.to_double();
  const double fast = ind.ema_fast().value(), slow = ind.ema_slow().value();
  const double hist = ind.macd().histogram();
  const double dir = up ? 1.0 : -1.0;
  if (std::fabs(spread) < config_.di_spread_min || dir * (fast - slow) <= 0 || dir * (close - slow) <= 0 ||
      dir * hist <= 0) {
    d.reason = fmt::format("ADX {:.1f} but DI {:+.1f}, EMAs, close and MACD do not agree", adx, spread);
    return d;
  }
  const double atr = ind.atr().value();
  const double extension = dir * (close - fast) / atr;
  if (extension > config_.max_extension_atr) {
    d.reason = fmt::format("{:.2f} ATR beyond the fast EMA: too extended to join", extension);
    return d;
  }
  const double confidence =
      0.5 + 0.3 * std::min(1.0, (adx - config_.adx_min) / 25.0) + 0.2 * std::min(1.0, std::fabs(spread) / 20.0);
  return bracket(up ? Action::buy : Action::sell, confidence, entry_price(ctx), config_.stop_atr * atr,
                 config_.target1_r, config_.target2_r,
                 fmt::format("{} trend: ADX {:.1f}, DI {:+.1f}, {:.2f} ATR from the fast EMA, regime {}",
                             up ? "up" : "down", adx, spread, extension, to_string(ctx.regime)));
}

void TrendSurfer::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  s.acted_bar = std::max<std::uint64_t>(1, s.bars_seen);
}

}  // namespace symphony::agents
