#include <symphony/agents/momentum_hunter.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace symphony::agents {

const AgentInfo& momentum_hunter_info() noexcept {
  // Momentum against the regime is weaker evidence; in a range it is mostly noise.
  static const AgentInfo info{
      "momentum_hunter",
      "Momentum Hunter",
      "🏹",
      "Trend following: a fast/slow EMA crossover on 1-minute bars, filtered by RSI, stop and targets in ATRs.",
      {{
          {1.0, 0.8},    // BULL_TRENDING
          {1.0, 0.8},    // BULL_VOLATILE
          {0.8, 1.0},    // BEAR_TRENDING
          {0.8, 1.0},    // BEAR_VOLATILE
          {0.85, 0.85},  // RANGE_BOUND
      }},
  };
  return info;
}

const AgentInfo& MomentumHunter::info() const noexcept { return momentum_hunter_info(); }

MomentumHunter::MomentumHunter(MomentumHunterConfig config, std::size_t instrument_count)
    : config_(config), series_(instrument_count) {}

void MomentumHunter::catch_up(series& s, const market::IndicatorSet& ind) {
  const std::uint64_t bars = ind.bars();
  if (bars == s.bars_seen) return;
  s.bars_seen = bars;
  if (!ind.ema_fast().ready() || !ind.ema_slow().ready()) return;
  // Compare the EMA ordering with the last one seen: a flip is a crossover on this bar.
  const double gap = ind.ema_fast().value() - ind.ema_slow().value();
  const int sgn = gap > 0 ? 1 : (gap < 0 ? -1 : 0);
  if (s.prev_sign != 0 && sgn != 0 && sgn != s.prev_sign) {
    s.last_cross_bar = bars;
    s.last_cross_dir = sgn;
  }
  if (sgn != 0) s.prev_sign = sgn;
}

Decision MomentumHunter::decide(const AgentContext& ctx) {
  series& s = series_.at(ctx.instrument.id);
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  catch_up(s, ind);
  Decision d;
  if (!ind.ema_slow().ready() || !ind.rsi().ready() || !ind.atr().ready() || ind.atr().value() <= 0) {
    d.reason = "warming up";
    return d;
  }
  if (s.last_cross_dir == 0 || s.bars_seen - s.last_cross_bar >= config_.cross_lookback) {
    d.reason = "no recent EMA crossover";
    return d;
  }
  if (s.signaled_cross_bar == s.last_cross_bar) {
    d.reason = "crossover already acted on";
    return d;
  }
  const double rsi = ind.rsi().value();
  const bool up = s.last_cross_dir > 0;
  if (up && rsi >= config_.rsi_overbought) {
    d.reason = fmt::format("bullish cross but RSI {:.1f} overbought", rsi);
    return d;
  }
  if (!up && rsi <= config_.rsi_oversold) {
    d.reason = fmt::format("bearish cross but RSI {:.1f} oversold", rsi);
    return d;
  }
  const double atr = ind.atr().value();
  const double strength = std::fabs(ind.ema_fast().value() - ind.ema_slow().value()) / atr;
  const double rsi_agreement = std::clamp((up ? rsi - 50.0 : 50.0 - rsi) / 20.0, -1.0, 1.0);
  double confidence = 0.45 + 0.35 * std::min(1.0, strength / 0.4) + 0.2 * rsi_agreement;
  confidence = std::clamp(confidence, 0.0, 1.0);  // the regime table scales it next

  const double entry = entry_price(ctx);
  return bracket(up ? Action::buy : Action::sell, confidence, entry, config_.stop_atr * atr, config_.target1_r,
                 config_.target2_r,
                 fmt::format("EMA{} {} EMA{} by {:.2f} ATR, RSI {:.1f}, regime {}", ind.ema_fast().period(),
                             up ? "crossed above" : "crossed below", ind.ema_slow().period(), strength, rsi,
                             to_string(ctx.regime)));
}

void MomentumHunter::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  s.signaled_cross_bar = s.last_cross_bar;
}

}  // namespace symphony::agents
