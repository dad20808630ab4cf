#pragma once

#include <cstddef>

namespace symphony::market {

/// Exponential moving average with smoothing 2 / (period + 1), seeded with the simple
/// mean of the first `period` values. O(1) per update.
class Ema {
 public:
  explicit Ema(std::size_t period) noexcept : period_(period), alpha_(2.0 / (static_cast<double>(period) + 1.0)) {}
  void update(double x) noexcept;
  [[nodiscard]] bool ready() const noexcept { return count_ >= period_; }
  [[nodiscard]] double value() const noexcept { return value_; }

 private:
  std::size_t period_;
  double alpha_;
  std::size_t count_ = 0;
  double sum_ = 0;
  double value_ = 0;
};

/// Wilder's relative strength index over `period` closes; 0–100. O(1) per update.
class Rsi {
 public:
  explicit Rsi(std::size_t period) noexcept : period_(period) {}
  void update(double close) noexcept;
  [[nodiscard]] bool ready() const noexcept { return count_ > period_; }
  [[nodiscard]] double value() const noexcept;

 private:
  std::size_t period_;
  std::size_t count_ = 0;
  double prev_ = 0;
  double avg_gain_ = 0;
  double avg_loss_ = 0;
};

/// Wilder's average true range over `period` bars. O(1) per update.
class Atr {
 public:
  explicit Atr(std::size_t period) noexcept : period_(period) {}
  void update(double high, double low, double close) noexcept;
  [[nodiscard]] bool ready() const noexcept { return count_ >= period_; }
  [[nodiscard]] double value() const noexcept { return value_; }

 private:
  std::size_t period_;
  std::size_t count_ = 0;
  double prev_close_ = 0;
  double sum_ = 0;
  double value_ = 0;
};

}  // namespace symphony::market
