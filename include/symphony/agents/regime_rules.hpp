#pragma once

#include <symphony/core/regime.hpp>
#include <symphony/market/candles.hpp>

#include <optional>
#include <span>

namespace symphony::agents {

/// A regime label with how sure the rules are, plus the measurements behind it.
struct RegimeReading {
  Regime regime = Regime::range_bound;
  double confidence = 0;
  double trend_per_hour = 0;       ///< fitted log-price drift
  double volatility_per_hour = 0;  ///< realized, from 1-minute log returns
};

/// Thresholds of the rule classifier.
struct RegimeRulesConfig {
  std::size_t window_bars = 60;    ///< 1-minute bars looked at
  double volatile_above = 0.009;   ///< hourly volatility that makes a regime volatile
  double trending_above = 0.0035;  ///< |hourly drift| that makes a calm regime trending
};

/// The default rule-based classifier: realized volatility and a least-squares drift of
/// the log close over the window decide between the five regimes. Empty until the window
/// is filled. Pure function of the candles.
std::optional<RegimeReading> classify_regime(const market::CandleSeries& candles, const RegimeRulesConfig& config);

/// The market-wide regime: the confidence-weighted vote of per-instrument readings.
std::optional<RegimeReading> combine_regimes(std::span<const RegimeReading> readings);

}  // namespace symphony::agents
