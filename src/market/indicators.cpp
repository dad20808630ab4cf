#include <symphony/market/indicators.hpp>

#include <algorithm>
#include <cmath>

namespace symphony::market {

void Ema::update(double x) noexcept {
  ++count_;
  if (count_ <= period_) {
    sum_ += x;
    value_ = sum_ / static_cast<double>(count_);
    return;
  }
  value_ += alpha_ * (x - value_);
}

void Rsi::update(double close) noexcept {
  ++count_;
  if (count_ == 1) {
    prev_ = close;
    return;
  }
  const double change = close - prev_;
  prev_ = close;
  const double gain = change > 0 ? change : 0.0;
  const double loss = change < 0 ? -change : 0.0;
  const auto n = static_cast<double>(period_);
  if (count_ <= period_ + 1) {
    // Seed with the simple average of the first `period` changes.
    avg_gain_ += gain / n;
    avg_loss_ += loss / n;
    return;
  }
  avg_gain_ = (avg_gain_ * (n - 1) + gain) / n;
  avg_loss_ = (avg_loss_ * (n - 1) + loss) / n;
}

double Rsi::value() const noexcept {
  if (avg_loss_ == 0) return avg_gain_ == 0 ? 50.0 : 100.0;
  const double rs = avg_gain_ / avg_loss_;
  return 100.0 - 100.0 / (1.0 + rs);
}

void Atr::update(double high, double low, double close) noexcept {
  const double tr =
      count_ == 0 ? high - low : std::max({high - low, std::fabs(high - prev_close_), std::fabs(low - prev_close_)});
  prev_close_ = close;
  ++count_;
  const auto n = static_cast<double>(period_);
  if (count_ <= period_) {
    sum_ += tr;
    value_ = sum_ / static_cast<double>(count_);
    return;
  }
  value_ = (value_ * (n - 1) + tr) / n;
}

}  // namespace symphony::market
