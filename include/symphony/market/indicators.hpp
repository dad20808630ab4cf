#pragma once

#include <symphony/market/detail/rolling.hpp>

#include <cstddef>

namespace symphony::market {

// Incremental technical indicators, O(1) (amortized for Donchian) per update, allocating
// only at construction. Each is fed one bar at a time, oldest first, and matches R's TTR
// package (tests/unit/market/indicators_ttr_test.cpp) from the bar on which `ready()`
// first holds. Values read while not ready are partial and meaningless. Not thread-safe.

/// Simple moving average of the last `period` values. Ready after `period` values.
class Sma {
 public:
  explicit Sma(std::size_t period) : sum_(period), period_(period) {}
  void update(double x) noexcept { sum_.push(x); }
  [[nodiscard]] bool ready() const noexcept { return sum_.full(); }
  [[nodiscard]] double value() const noexcept { return sum_.sum() / static_cast<double>(period_); }

 private:
  detail::RollingSum sum_;
  std::size_t period_;
};

/// Exponential moving average seeded with the simple mean of the first `period` values,
/// then smoothed by `alpha`: 2 / (period + 1) by default, 1 / period for Wilder's
/// smoothing. Ready after `period` values.
class Ema {
 public:
  explicit Ema(std::size_t period, bool wilder = false) noexcept
      : period_(period),
        alpha_(wilder ? 1.0 / static_cast<double>(period) : 2.0 / (static_cast<double>(period) + 1.0)) {}
  void update(double x) noexcept;
  [[nodiscard]] bool ready() const noexcept { return count_ >= period_; }
  [[nodiscard]] double value() const noexcept { return value_; }
  [[nodiscard]] std::size_t period() const noexcept { return period_; }

 private:
  std::size_t period_;
  double alpha_;
  std::size_t count_ = 0;
  double sum_ = 0;
  double value_ = 0;
};

/// Wilder's relative strength index over `period` changes of the close, 0–100: average
/// gains and losses are Wilder-smoothed, seeded with the mean of the first `period`
/// changes. Ready after `period + 1` closes. All-flat input reads 50.
class Rsi {
 public:
  explicit Rsi(std::size_t period) noexcept : gains_(period, true), losses_(period, true) {}
  void update(double close) noexcept;
  [[nodiscard]] bool ready() const noexcept { return gains_.ready(); }
  [[nodiscard]] double value() const noexcept;

 private:
  Ema gains_;
  Ema losses_;
  bool has_prev_ = false;
  double prev_ = 0;
};

/// Moving-average convergence/divergence: EMA(fast) − EMA(slow) of the close, its signal
/// line EMA(signal) of that difference, and the histogram between them. The line is ready
/// after `slow` closes, the signal after `slow + signal − 1`.
class Macd {
 public:
  Macd(std::size_t fast, std::size_t slow, std::size_t signal) noexcept : fast_(fast), slow_(slow), signal_(signal) {}
  void update(double close) noexcept;
  [[nodiscard]] bool line_ready() const noexcept { return slow_.ready() && fast_.ready(); }
  [[nodiscard]] bool ready() const noexcept { return signal_.ready(); }
  [[nodiscard]] double line() const noexcept { return fast_.value() - slow_.value(); }
  [[nodiscard]] double signal() const noexcept { return signal_.value(); }
  [[nodiscard]] double histogram() const noexcept { return line() - signal(); }

 private:
  Ema fast_;
  Ema slow_;
  Ema signal_;
};

/// Bollinger Bands: the simple mean of the last `period` closes ± `width` population
/// standard deviations. Ready after `period` closes.
class Bollinger {
 public:
  Bollinger(std::size_t period, double width) : moments_(period), width_(width) {}
  void update(double close) noexcept { moments_.push(close); }
  [[nodiscard]] bool ready() const noexcept { return moments_.full(); }
  [[nodiscard]] double middle() const noexcept { return moments_.mean(); }
  [[nodiscard]] double deviation() const noexcept;
  [[nodiscard]] double upper() const noexcept { return middle() + width_ * deviation(); }
  [[nodiscard]] double lower() const noexcept { return middle() - width_ * deviation(); }
  /// (upper − lower) / middle: how wide the bands are relative to price.
  [[nodiscard]] double bandwidth() const noexcept;

 private:
  detail::RollingMoments moments_;
  double width_;
};

/// True range of a bar against the previous close; the first bar has none.
class TrueRange {
 public:
  /// Returns false for the first bar (no previous close), else sets `tr`.
  bool update(double high, double low, double close, double& tr) noexcept;

 private:
  bool has_prev_ = false;
  double prev_close_ = 0;
};

/// Wilder's average true range over `period` bars. True range needs the previous close,
/// so the first bar only primes it: ready after `period + 1` bars.
class Atr {
 public:
  explicit Atr(std::size_t period) noexcept : average_(period, true) {}
  void update(double high, double low, double close) noexcept;
  [[nodiscard]] bool ready() const noexcept { return average_.ready(); }
  [[nodiscard]] double value() const noexcept { return average_.value(); }
  /// The last bar's true range; 0 before the second bar.
  [[nodiscard]] double true_range() const noexcept { return last_tr_; }

 private:
  TrueRange tr_;
  Ema average_;
  double last_tr_ = 0;
};

/// Welles Wilder's running sum: the first value is the plain sum of `period` inputs
/// scaled as TTR's `wilderSum` does, then s ← x + s·(period − 1)/period.
class WilderSum {
 public:
  explicit WilderSum(std::size_t period) noexcept : period_(period) {}
  void update(double x) noexcept;
  [[nodiscard]] bool ready() const noexcept { return count_ >= period_; }
  [[nodiscard]] double value() const noexcept { return sum_; }

 private:
  std::size_t period_;
  std::size_t count_ = 0;
  double sum_ = 0;
};

/// Wilder's directional movement index: +DI and −DI (0–100) from Wilder sums of
/// directional movement over true range, DX from their spread, and ADX, the Wilder average
/// of DX measuring trend strength regardless of direction. The DIs are ready after
/// `period + 1` bars, ADX after `2 · period`.
class Adx {
 public:
  explicit Adx(std::size_t period) noexcept
      : tr_sum_(period), plus_sum_(period), minus_sum_(period), adx_(period, true) {}
  void update(double high, double low, double close) noexcept;
  [[nodiscard]] bool di_ready() const noexcept { return tr_sum_.ready(); }
  [[nodiscard]] bool ready() const noexcept { return adx_.ready(); }
  [[nodiscard]] double plus_di() const noexcept { return plus_di_; }
  [[nodiscard]] double minus_di() const noexcept { return minus_di_; }
  [[nodiscard]] double dx() const noexcept { return dx_; }
  [[nodiscard]] double value() const noexcept { return adx_.value(); }

 private:
  TrueRange tr_;
  WilderSum tr_sum_;
  WilderSum plus_sum_;
  WilderSum minus_sum_;
  Ema adx_;
  bool has_prev_ = false;
  double prev_high_ = 0;
  double prev_low_ = 0;
  double plus_di_ = 0;
  double minus_di_ = 0;
  double dx_ = 0;
};

/// Donchian channel: the highest high and lowest low of the last `period` bars and their
/// midpoint. Ready after `period` bars.
class Donchian {
 public:
  explicit Donchian(std::size_t period) : high_(period), low_(period) {}
  void update(double high, double low) noexcept {
    high_.push(high);
    low_.push(low);
  }
  [[nodiscard]] bool ready() const noexcept { return high_.full(); }
  [[nodiscard]] double upper() const noexcept { return high_.value(); }
  [[nodiscard]] double lower() const noexcept { return low_.value(); }
  [[nodiscard]] double middle() const noexcept { return (upper() + lower()) / 2; }

 private:
  detail::RollingExtreme<true> high_;
  detail::RollingExtreme<false> low_;
};

/// Rolling volume-weighted average price over the last `period` bars: Σ price·volume /
/// Σ volume, with price the caller's choice (the bar's typical price in `IndicatorSet`).
/// Ready after `period` bars; reads the last price while the window holds no volume.
class Vwap {
 public:
  explicit Vwap(std::size_t period) : pv_(period), volume_(period) {}
  void update(double price, double volume) noexcept;
  [[nodiscard]] bool ready() const noexcept { return volume_.full(); }
  [[nodiscard]] double value() const noexcept;

 private:
  detail::RollingSum pv_;
  detail::RollingSum volume_;
  double last_price_ = 0;
};

/// Close-to-close realized volatility: the sample standard deviation of the last `period`
/// log returns, annualized by √(periods_per_year). Ready after `period + 1` closes.
class RealizedVolatility {
 public:
  RealizedVolatility(std::size_t period, double periods_per_year);
  void update(double close) noexcept;
  [[nodiscard]] bool ready() const noexcept { return returns_.full(); }
  [[nodiscard]] double value() const noexcept;

 private:
  detail::RollingMoments returns_;
  double annualize_;
  bool has_prev_ = false;
  double prev_ = 0;
};

/// How many sample standard deviations the latest value sits from the mean of the last
/// `period` values (itself included). Ready after `period` values; 0 when they are all equal.
class ZScore {
 public:
  explicit ZScore(std::size_t period) : moments_(period) {}
  void update(double x) noexcept {
    moments_.push(x);
    last_ = x;
  }
  [[nodiscard]] bool ready() const noexcept { return moments_.full(); }
  [[nodiscard]] double value() const noexcept;

 private:
  detail::RollingMoments moments_;
  double last_ = 0;
};

/// Rate of change over `period` bars as a fraction: x / x[period bars ago] − 1. Ready
/// after `period + 1` values.
class Roc {
 public:
  explicit Roc(std::size_t period) : window_(period + 1) {}
  void update(double x) noexcept { window_.push(x); }
  [[nodiscard]] bool ready() const noexcept { return window_.full(); }
  [[nodiscard]] double value() const noexcept;

 private:
  detail::RollingWindow window_;
};

}  // namespace symphony::market
