#pragma once

#include <symphony/core/regime.hpp>
#include <symphony/market/candles.hpp>

#include <cstdint>
#include <optional>
#include <span>

namespace symphony::agents {

/// A regime label with how sure the rules are, plus the measurements behind it.
struct RegimeReading {
  Regime regime = Regime::range_bound;
  double confidence = 0;
  /// The signed t-statistic of the log-price move since the current activity state began
  /// (at most `trend_max_bars`): above +2 a clear climb, below −2 a clear fall.
  double trend_strength = 0;
  /// Realized volatility over `volatility_bars`, in multiples of the instrument's quiet level.
  double volatility_level = 0;
  /// Trades per bar over `activity_bars`, in multiples of the instrument's quiet level.
  double activity_level = 0;
  double trend_per_hour = 0;       ///< log-price drift over the trend window
  double volatility_per_hour = 0;  ///< realized, from the bars' log returns
};

/// Settings of the rule classifier (config `agents.regime_rules`). The defaults fit the
/// simulated market; on a venue, the ratios are what separates its quiet, trending and
/// volatile hours.
struct RegimeRulesConfig {
  std::size_t activity_bars = 3;     ///< bars whose trade count measures activity
  std::size_t volatility_bars = 10;  ///< bars whose returns measure volatility
  std::size_t trend_max_bars = 120;  ///< longest window of the trend measurement
  std::size_t warm_up_bars = 60;     ///< bars learned from before the first reading
  /// Activity and volatility of a trending and of a volatile market, in multiples of a
  /// quiet (range-bound) one.
  double trending_activity = 1.3333;
  double volatile_activity = 2.6667;
  double trending_volatility = 1.5;
  double volatile_volatility = 5.0;
  /// Weight of volatility beside activity when choosing the state; 0 uses activity alone.
  double volatility_weight = 0.25;
  /// How fast the quiet levels follow the instrument, per bar.
  double learning_rate = 0.01;
};

/// The default rule-based classifier of one instrument, fed its 1-minute candles.
///
/// Each closed bar is put in one of three activity states — quiet, trending, volatile —
/// by its trade count and realized volatility against the instrument's own quiet level,
/// which the classifier learns as it goes (the states' ratios are configured, so only one
/// level per measure is learned and it cannot drift into a wrong state for long: quiet
/// bars pull it down, busy ones up). The direction of a trending or volatile market is the
/// sign of the move since its state began. Confidence is the likelihood share of the chosen
/// state (trade counts are treated as Poisson) times how sure the direction is.
/// Not thread-safe; one per instrument, on the thread that owns the candles.
class RegimeClassifier {
 public:
  explicit RegimeClassifier(const RegimeRulesConfig& config);

  /// Learns from the bars closed since the last call and returns the reading as of the
  /// latest bar; empty while warming up. Bars that left the series unread are skipped.
  std::optional<RegimeReading> update(const market::CandleSeries& candles);
  /// The reading returned by the last `update`.
  [[nodiscard]] const std::optional<RegimeReading>& last() const noexcept { return last_; }

 private:
  enum state : int { quiet = 0, trending = 1, busy = 2 };
  struct measures {
    double log_activity;
    double log_volatility;
    double trades;  // over the activity window: the activity's Poisson weight
  };
  [[nodiscard]] std::size_t bars_needed() const noexcept;
  [[nodiscard]] measures measure(const market::CandleSeries& candles, std::size_t newest) const;
  // Squared, noise-weighted distance of `m` from state `s`.
  [[nodiscard]] double distance(const measures& m, int s) const noexcept;
  void learn(const market::CandleSeries& candles, std::size_t newest);
  [[nodiscard]] RegimeReading read(const market::CandleSeries& candles) const;

  RegimeRulesConfig config_;
  double level_activity_[3];
  double level_volatility_[3];
  std::uint64_t seen_total_ = 0;  // candles.closed_total() as of the last update
  std::uint64_t learned_ = 0;     // bars learned from
  bool calibrated_ = false;
  double quiet_activity_ = 0;    // log of the quiet trades per bar
  double quiet_volatility_ = 0;  // log of the quiet volatility per √hour
  int state_ = -1;
  std::uint64_t state_since_ = 0;  // closed_total() when the current state began
  std::optional<RegimeReading> last_;
};

/// The market-wide regime: the confidence-weighted vote of per-instrument readings; its
/// measurements are the readings' averages.
std::optional<RegimeReading> combine_regimes(std::span<const RegimeReading> readings);

}  // namespace symphony::agents
