#include <symphony/agents/volatility_harvester.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace symphony::agents {

const AgentInfo& volatility_harvester_info() noexcept {
  // Volatility is its trade in either direction; squeezes build up in quiet ranges.
  static const AgentInfo info{
      "volatility_harvester",
      "Volatility Harvester",
      "⚡",
      "Volatility spikes and squeezes: trades the band break after a Bollinger squeeze, fades a multi-ATR spike.",
      {{
          {0.8, 0.8},  // BULL_TRENDING
          {1.2, 1.2},  // BULL_VOLATILE
          {0.8, 0.8},  // BEAR_TRENDING
          {1.2, 1.2},  // BEAR_VOLATILE
          {1.0, 1.0},  // RANGE_BOUND
      }},
  };
  return info;
}

const AgentInfo& VolatilityHarvester::info() const noexcept { return volatility_harvester_info(); }

VolatilityHarvester::VolatilityHarvester(VolatilityHarvesterConfig config, std::size_t instrument_count)
    : config_(config), series_(instrument_count) {}

void VolatilityHarvester::catch_up(series& s, const market::IndicatorSet& ind) {
  if (ind.bars() == s.bars_seen) return;
  s.bars_seen = ind.bars();
  if (!ind.bollinger().ready()) return;
  const double bw = ind.bollinger().bandwidth();
  // A squeeze is judged against the history before this bar.
  if (s.bandwidths.size() >= config_.squeeze_lookback / 2) {
    const double lowest = *std::min_element(s.bandwidths.begin(), s.bandwidths.end());
    if (bw <= lowest * config_.squeeze_ratio) s.squeeze_bar = s.bars_seen;
  }
  s.bandwidths.push_back(bw);
  if (s.bandwidths.size() > config_.squeeze_lookback) s.bandwidths.pop_front();
}

Decision VolatilityHarvester::decide(const AgentContext& ctx) {
  series& s = series_.at(ctx.instrument.id);
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  catch_up(s, ind);
  Decision d;
  if (!ind.bollinger().ready() || !ind.atr().ready() || !ind.rsi().ready() || ind.atr().value() <= 0 ||
      s.bandwidths.size() < config_.squeeze_lookback / 2) {
    d.reason = "warming up";
    return d;
  }
  if (s.acted_bar == s.bars_seen) {
    d.reason = "this bar already acted on";
    return d;
  }
  const market::Candle& bar = ctx.state.candles(market::Timeframe::m1).back();
  const double close = bar.close.to_double();
  const double atr = ind.atr().value();
  const double rsi = ind.rsi().value();
  const double upper = ind.bollinger().upper(), lower = ind.bollinger().lower();
  // A spike first: a stretched bar is faded, whatever the bands did before.
  const double range_atr = (bar.high - bar.low).to_double() / atr;
  if (range_atr >= config_.spike_atr && (rsi >= config_.spike_rsi || rsi <= 100 - config_.spike_rsi)) {
    const bool fade_up = rsi >= config_.spike_rsi;  // an up-spike is sold
    const double confidence = 0.55 + 0.25 * std::min(1.0, (range_atr - config_.spike_atr) / config_.spike_atr) +
                              0.2 * std::min(1.0, std::fabs(rsi - 50.0) / 50.0);
    return bracket(fade_up ? Action::sell : Action::buy, confidence, entry_price(ctx), config_.stop_atr * atr,
                   config_.target1_r, config_.target2_r,
                   fmt::format("{} spike of {:.1f} ATR, RSI {:.1f}: fading it, regime {}", fade_up ? "up" : "down",
                               range_atr, rsi, to_string(ctx.regime)));
  }
  const bool recent_squeeze = s.squeeze_bar && s.bars_seen - s.squeeze_bar <= config_.squeeze_memory;
  if (!recent_squeeze) {
    d.reason =
        fmt::format("no squeeze (bandwidth {:.4f}) and no spike ({:.1f} ATR)", ind.bollinger().bandwidth(), range_atr);
    return d;
  }
  if (close <= upper && close >= lower) {
    d.reason = "squeeze: waiting for a close outside the bands";
    return d;
  }
  const bool up = close > upper;
  const double beyond = (up ? close - upper : lower - close) / atr;
  const double confidence = 0.6 + 0.25 * std::min(1.0, beyond / 0.5) + 0.15 * (up ? rsi > 50 : rsi < 50);
  return bracket(up ? Action::buy : Action::sell, confidence, entry_price(ctx), config_.stop_atr * atr,
                 config_.target1_r, config_.target2_r,
                 fmt::format("squeeze released {}: close {:.2f} ATR {} the band, regime {}", up ? "up" : "down", beyond,
                             up ? "above" : "below", to_string(ctx.regime)));
}

void VolatilityHarvester::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  s.acted_bar = s.bars_seen;
  s.squeeze_bar = 0;  // this squeeze is spent
}

}  // namespace symphony::agents
