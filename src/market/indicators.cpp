#include <symphony/market/indicators.hpp>

#include <algorithm>
#include <cmath>

namespace symphony::market {

void Ema::update(double x) noexcept {
  ++count_;
  if (count_ <= period_) {
    // TTR seeds with the simple mean of the first `period` values.
    sum_ += x;
    value_ = sum_ / static_cast<double>(count_);
    return;
  }
  value_ = x * alpha_ + value_ * (1.0 - alpha_);
}

void Rsi::update(double close) noexcept {
  if (!has_prev_) {
    has_prev_ = true;
    prev_ = close;
    return;
  }
  const double change = close - prev_;
  prev_ = close;
  gains_.update(change > 0 ? change : 0.0);
  losses_.update(change < 0 ? -change : 0.0);
}

double Rsi::value() const noexcept {
  const double up = gains_.value();
  const double down = losses_.value();
  if (up + down == 0) return 50.0;
  return 100.0 * up / (up + down);
}

void Macd::update(double close) noexcept {
  fast_.update(close);
  slow_.update(close);
  if (line_ready()) signal_.update(line());
}

double Bollinger::deviation() const noexcept { return std::sqrt(moments_.variance()); }

double Bollinger::bandwidth() const noexcept {
  const double m = middle();
  return m == 0 ? 0.0 : (upper() - lower()) / m;
}

bool TrueRange::update(double high, double low, double close, double& tr) noexcept {
  const bool had = has_prev_;
  if (had) tr = std::max(high, prev_close_) - std::min(low, prev_close_);
  has_prev_ = true;
  prev_close_ = close;
  return had;
}

void Atr::update(double high, double low, double close) noexcept {
  double tr = 0;
  if (!tr_.update(high, low, close, tr)) return;
  last_tr_ = tr;
  average_.update(tr);
}

void WilderSum::update(double x) noexcept {
  ++count_;
  if (count_ < period_) {
    sum_ += x;
    return;
  }
  // TTR's wilderSum: the running sum decays by (n − 1) / n before each new value, and the
  // first complete value decays the plain sum of the first n − 1 inputs the same way.
  const auto n = static_cast<double>(period_);
  sum_ = x + sum_ * (n - 1) / n;
}

void Adx::update(double high, double low, double close) noexcept {
  double tr = 0;
  const bool has_tr = tr_.update(high, low, close, tr);
  if (!has_prev_) {
    has_prev_ = true;
    prev_high_ = high;
    prev_low_ = low;
    return;
  }
  const double up = high - prev_high_;
  const double down = prev_low_ - low;
  prev_high_ = high;
  prev_low_ = low;
  // Only the larger positive move counts, and neither on ties or inside bars.
  double plus = 0;
  double minus = 0;
  if (up != down && !(up < 0 && down < 0)) {
    if (up > down) plus = up;
    if (down > up) minus = down;
  }
  if (!has_tr) return;
  tr_sum_.update(tr);
  plus_sum_.update(plus);
  minus_sum_.update(minus);
  if (!tr_sum_.ready()) return;
  const double trs = tr_sum_.value();
  plus_di_ = trs == 0 ? 0.0 : 100.0 * plus_sum_.value() / trs;
  minus_di_ = trs == 0 ? 0.0 : 100.0 * minus_sum_.value() / trs;
  const double total = plus_di_ + minus_di_;
  dx_ = total == 0 ? 0.0 : 100.0 * (std::fabs(plus_di_ - minus_di_) / total);
  adx_.update(dx_);
}

void Vwap::update(double price, double volume) noexcept {
  pv_.push(price * volume);
  volume_.push(volume);
  last_price_ = price;
}

double Vwap::value() const noexcept {
  const double v = volume_.sum();
  return v > 0 ? pv_.sum() / v : last_price_;
}

RealizedVolatility::RealizedVolatility(std::size_t period, double periods_per_year)
    : returns_(period), annualize_(std::sqrt(periods_per_year)) {}

void RealizedVolatility::update(double close) noexcept {
  if (has_prev_ && prev_ > 0 && close > 0) returns_.push(std::log(close) - std::log(prev_));
  has_prev_ = true;
  prev_ = close;
}

double RealizedVolatility::value() const noexcept { return annualize_ * std::sqrt(returns_.sample_variance()); }

double ZScore::value() const noexcept {
  const double sd = std::sqrt(moments_.sample_variance());
  return sd > 0 ? (last_ - moments_.mean()) / sd : 0.0;
}

double Roc::value() const noexcept {
  const double base = window_.back(window_.size() - 1);
  return base != 0 ? window_.back(0) / base - 1.0 : 0.0;
}

}  // namespace symphony::market
