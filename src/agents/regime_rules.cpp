#include <symphony/agents/regime_rules.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace symphony::agents {

std::optional<RegimeReading> classify_regime(const market::CandleSeries& candles, const RegimeRulesConfig& config) {
  const std::size_t n = config.window_bars;
  if (n < 3 || candles.size() < n + 1) return std::nullopt;
  // Log closes oldest → newest, then their one-bar returns.
  double sum_r = 0, sum_r2 = 0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  double prev = std::log(candles.back(n).close.to_double());
  for (std::size_t k = 0; k < n; ++k) {
    const double y = std::log(candles.back(n - 1 - k).close.to_double());
    const double r = y - prev;
    prev = y;
    sum_r += r;
    sum_r2 += r * r;
    const auto x = static_cast<double>(k);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const auto dn = static_cast<double>(n);
  const double mean_r = sum_r / dn;
  const double var = std::max(0.0, sum_r2 / dn - mean_r * mean_r);
  const double bars_per_hour = static_cast<double>(ns_per_hour) / static_cast<double>(candles.interval());
  const double slope = (dn * sxy - sx * sy) / (dn * sxx - sx * sx);  // log-price per bar

  RegimeReading out;
  out.volatility_per_hour = std::sqrt(var * bars_per_hour);
  out.trend_per_hour = slope * bars_per_hour;
  const double vol_ratio = out.volatility_per_hour / config.volatile_above;
  const double trend_ratio = std::fabs(out.trend_per_hour) / config.trending_above;
  const bool up = out.trend_per_hour >= 0;
  if (vol_ratio >= 1.0) {
    out.regime = up ? Regime::bull_volatile : Regime::bear_volatile;
    out.confidence = std::min(1.0, 0.5 + 0.5 * (vol_ratio - 1.0));
  } else if (trend_ratio >= 1.0) {
    out.regime = up ? Regime::bull_trending : Regime::bear_trending;
    out.confidence = std::min(1.0, 0.5 + 0.5 * std::min(trend_ratio - 1.0, 1.0 - vol_ratio));
  } else {
    out.regime = Regime::range_bound;
    out.confidence = std::min(1.0, 0.5 + 0.5 * std::min(1.0 - trend_ratio, 1.0 - vol_ratio));
  }
  return out;
}

std::optional<RegimeReading> combine_regimes(std::span<const RegimeReading> readings) {
  if (readings.empty()) return std::nullopt;
  std::array<double, regime_count> weight{};
  RegimeReading out;
  for (const auto& r : readings) {
    weight[static_cast<std::size_t>(r.regime)] += r.confidence;
    out.trend_per_hour += r.trend_per_hour / static_cast<double>(readings.size());
    out.volatility_per_hour += r.volatility_per_hour / static_cast<double>(readings.size());
  }
  double total = 0;
  std::size_t best = 0;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    total += weight[i];
    if (weight[i] > weight[best]) best = i;
  }
  out.regime = static_cast<Regime>(best);
  out.confidence = total > 0 ? weight[best] / total : 0;
  return out;
}

}  // namespace symphony::agents
