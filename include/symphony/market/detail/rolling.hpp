#pragma once

#include <symphony/core/assert.hpp>

#include <cstddef>
#include <memory>

namespace symphony::market::detail {

/// A fixed-capacity ring of the last `capacity` values, allocated once at construction.
/// `push` overwrites the oldest once full. Not thread-safe.
class RollingWindow {
 public:
  explicit RollingWindow(std::size_t capacity) : data_(std::make_unique<double[]>(capacity)), capacity_(capacity) {
    SYMPHONY_ASSERT(capacity > 0);
  }

  /// Appends `x`; returns the value it pushed out, or 0 while the window is filling.
  double push(double x) noexcept {
    const double out = data_[head_];
    data_[head_] = x;
    head_ = head_ + 1 == capacity_ ? 0 : head_ + 1;
    if (size_ < capacity_) {
      ++size_;
      return 0.0;
    }
    return out;
  }
  [[nodiscard]] bool full() const noexcept { return size_ == capacity_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  /// The i-th most recent value: 0 is the newest. Requires i < size().
  [[nodiscard]] double back(std::size_t i = 0) const noexcept {
    std::size_t k = head_ + capacity_ - 1 - i;
    if (k >= capacity_) k -= capacity_;
    return data_[k];
  }

 private:
  std::unique_ptr<double[]> data_;
  std::size_t capacity_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// Running sum and variance over a sliding window of `n` values, O(1) per update: a
/// sliding Welford update for the mean and the sum of squared deviations, re-summed
/// exactly from the window every `64 n` updates so rounding cannot drift over months.
class RollingMoments {
 public:
  explicit RollingMoments(std::size_t n) : window_(n) {}

  void push(double x) noexcept;
  [[nodiscard]] bool full() const noexcept { return window_.full(); }
  [[nodiscard]] std::size_t count() const noexcept { return window_.size(); }
  [[nodiscard]] double mean() const noexcept { return mean_; }
  /// Population variance (divides by n).
  [[nodiscard]] double variance() const noexcept;
  /// Sample variance (divides by n − 1).
  [[nodiscard]] double sample_variance() const noexcept;
  [[nodiscard]] const RollingWindow& window() const noexcept { return window_; }

 private:
  void resum() noexcept;
  RollingWindow window_;
  double mean_ = 0;
  double m2_ = 0;
  std::size_t since_resum_ = 0;
};

/// Running sum over a sliding window of `n` values with Neumaier compensation, re-summed
/// from the window every `64 n` updates. O(1) per update.
class RollingSum {
 public:
  explicit RollingSum(std::size_t n) : window_(n) {}
  void push(double x) noexcept;
  [[nodiscard]] bool full() const noexcept { return window_.full(); }
  [[nodiscard]] double sum() const noexcept { return sum_ + compensation_; }
  [[nodiscard]] const RollingWindow& window() const noexcept { return window_; }

 private:
  void add(double x) noexcept;
  RollingWindow window_;
  double sum_ = 0;
  double compensation_ = 0;
  std::size_t since_resum_ = 0;
};

/// Sliding maximum (or minimum, with `Greater = false`) over the last `n` values: a
/// monotonic queue in a fixed power-of-two ring, amortized O(1) per update.
template <bool Greater>
class RollingExtreme {
 public:
  explicit RollingExtreme(std::size_t n)
      : n_(n),
        mask_(ring_size(n) - 1),
        values_(std::make_unique<double[]>(mask_ + 1)),
        indices_(std::make_unique<std::uint64_t[]>(mask_ + 1)) {
    SYMPHONY_ASSERT(n > 0);
  }

  void push(double x) noexcept {
    // Drop values the new one dominates; they can never be the extreme again.
    while (back_ != front_ && !better(values_[(back_ - 1) & mask_], x)) --back_;
    // Drop the front if it left the window (at most one a step).
    if (back_ != front_ && indices_[front_ & mask_] + n_ <= count_) ++front_;
    values_[back_ & mask_] = x;
    indices_[back_ & mask_] = count_;
    ++back_;
    ++count_;
  }
  [[nodiscard]] bool full() const noexcept { return count_ >= n_; }
  [[nodiscard]] double value() const noexcept { return values_[front_ & mask_]; }

 private:
  static bool better(double kept, double x) noexcept { return Greater ? kept > x : kept < x; }
  static std::size_t ring_size(std::size_t n) noexcept {
    std::size_t c = 1;
    while (c < n) c <<= 1;
    return c;
  }

  std::size_t n_;
  std::size_t mask_;
  std::unique_ptr<double[]> values_;
  std::unique_ptr<std::uint64_t[]> indices_;
  std::uint64_t front_ = 0;  // queue positions, unbounded; the ring index is position & mask
  std::uint64_t back_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace symphony::market::detail
