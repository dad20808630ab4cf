#include <symphony/market/detail/rolling.hpp>

namespace symphony::market::detail {

namespace {
// Re-sum from the window after this many full windows of sliding updates.
constexpr std::size_t resum_windows = 64;
}  // namespace

void RollingMoments::push(double x) noexcept {
  const bool was_full = window_.full();
  const double out = window_.push(x);
  if (!was_full) {
    // Welford's update while the window fills.
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(window_.size());
    m2_ += delta * (x - mean_);
    return;
  }
  // Sliding update: replace `out` by `x` without re-reading the window.
  const double old_mean = mean_;
  mean_ += (x - out) / static_cast<double>(window_.size());
  m2_ += (x - out) * (x - mean_ + out - old_mean);
  if (m2_ < 0) m2_ = 0;
  if (++since_resum_ >= resum_windows * window_.capacity()) resum();
}

void RollingMoments::resum() noexcept {
  since_resum_ = 0;
  const std::size_t n = window_.size();
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += window_.back(i);
  mean_ = sum / static_cast<double>(n);
  double m2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = window_.back(i) - mean_;
    m2 += d * d;
  }
  m2_ = m2;
}

double RollingMoments::variance() const noexcept {
  const std::size_t n = window_.size();
  return n == 0 ? 0.0 : m2_ / static_cast<double>(n);
}

double RollingMoments::sample_variance() const noexcept {
  const std::size_t n = window_.size();
  return n < 2 ? 0.0 : m2_ / static_cast<double>(n - 1);
}

void RollingSum::add(double x) noexcept {
  // Neumaier's compensated summation: keep the low-order bits a plain sum would drop.
  const double t = sum_ + x;
  if ((sum_ >= 0 ? sum_ : -sum_) >= (x >= 0 ? x : -x)) {
    compensation_ += (sum_ - t) + x;
  } else {
    compensation_ += (x - t) + sum_;
  }
  sum_ = t;
}

void RollingSum::push(double x) noexcept {
  const bool was_full = window_.full();
  const double out = window_.push(x);
  add(x);
  if (!was_full) return;
  add(-out);
  if (++since_resum_ >= resum_windows * window_.capacity()) {
    since_resum_ = 0;
    sum_ = 0;
    compensation_ = 0;
    for (std::size_t i = 0; i < window_.size(); ++i) add(window_.back(i));
  }
}

}  // namespace symphony::market::detail
