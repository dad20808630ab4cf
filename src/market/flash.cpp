#include <symphony/market/flash.hpp>

#include <cmath>

namespace symphony::market {

std::string_view to_string(Session s) noexcept {
  switch (s) {
    case Session::asia:
      return "asia";
    case Session::europe:
      return "europe";
    case Session::us:
      return "us";
  }
  return "unknown";
}

std::string_view to_string(FlashKind k) noexcept {
  switch (k) {
    case FlashKind::imbalance:
      return "imbalance";
    case FlashKind::momentum:
      return "momentum";
    case FlashKind::volatility_burst:
      return "volatility_burst";
  }
  return "unknown";
}

Session session_at(const FlashConfig& config, Timestamp ts) noexcept {
  const auto minute = static_cast<int>(((ts / ns_per_min) % 1440 + 1440) % 1440);
  // The session whose start is the latest at or before `minute`, wrapping past midnight.
  int best = -1;
  int best_start = -1;
  int latest = 0;
  for (std::size_t i = 0; i < session_count; ++i) {
    const int start = config.sessions[i].start_minute;
    if (start <= minute && start > best_start) {
      best = static_cast<int>(i);
      best_start = start;
    }
    if (start > config.sessions[static_cast<std::size_t>(latest)].start_minute) latest = static_cast<int>(i);
  }
  return static_cast<Session>(best >= 0 ? best : latest);
}

FlashDetector::FlashDetector(const FlashConfig& config, InstrumentId instrument)
    : config_(config),
      instrument_(instrument),
      mids_(static_cast<std::size_t>(config.momentum_window / config.sample_interval) + 1),
      short_(static_cast<std::size_t>(config.volatility_short / config.sample_interval)),
      long_(static_cast<std::size_t>(config.volatility_long / config.sample_interval)) {}

void FlashDetector::sample(double mid) noexcept {
  if (mids_.size() > 0 && mids_.back() > 0 && mid > 0) {
    const double r = std::log(mid / mids_.back());
    short_.push(r);
    long_.push(r);
  }
  mids_.push(mid);
}

bool FlashDetector::fire(FlashKind kind, int direction, Timestamp ts) noexcept {
  const std::size_t slot = static_cast<std::size_t>(kind) * 2 + (direction > 0 ? 0 : 1);
  if (fired_once_[slot] && ts - last_fired_[slot] < config_.cooldown) return false;
  fired_once_[slot] = true;
  last_fired_[slot] = ts;
  return true;
}

std::size_t FlashDetector::on_book(const OrderBook& book, Timestamp ts,
                                   std::span<FlashSignal, max_signals> out) noexcept {
  const auto mid_price = book.mid();
  if (!mid_price) return 0;
  const double mid = mid_price->to_double();
  // Sample the mid on a fixed time grid: each elapsed step records the mid that held
  // through it. After a long silence, restart the grid rather than invent history.
  if (next_sample_ == 0 || ts - next_sample_ > config_.volatility_long) {
    next_sample_ = ts - ts % config_.sample_interval + config_.sample_interval;
    if (last_mid_ == 0) last_mid_ = mid;
  }
  while (ts >= next_sample_) {
    sample(last_mid_);
    next_sample_ += config_.sample_interval;
  }
  last_mid_ = mid;

  const Session session = session_at(config_, ts);
  const SessionThresholds& th = config_.sessions[static_cast<std::size_t>(session)];
  std::size_t n = 0;
  const auto emit = [&](FlashKind kind, int dir, double value, double threshold) {
    if (n < out.size() && fire(kind, dir, ts))
      out[n++] = FlashSignal{instrument_, ts, kind, dir, value, threshold, session};
  };

  const double imbalance = book.imbalance(config_.imbalance_levels);
  if (std::fabs(imbalance) >= th.imbalance) emit(FlashKind::imbalance, imbalance > 0 ? 1 : -1, imbalance, th.imbalance);

  if (mids_.full()) {
    const double base = mids_.back(mids_.size() - 1);
    momentum_bps_ = base > 0 ? (mid / base - 1.0) * 1e4 : 0.0;
    if (std::fabs(momentum_bps_) >= th.momentum_bps)
      emit(FlashKind::momentum, momentum_bps_ > 0 ? 1 : -1, momentum_bps_, th.momentum_bps);
  }
  if (long_.full()) {
    const double long_sd = std::sqrt(long_.sample_variance());
    const double short_sd = std::sqrt(short_.sample_variance());
    volatility_ratio_ = long_sd > 0 ? short_sd / long_sd : 0.0;
    if (volatility_ratio_ >= th.volatility_burst) {
      const int dir = short_.mean() >= 0 ? 1 : -1;
      emit(FlashKind::volatility_burst, dir, volatility_ratio_, th.volatility_burst);
    }
  }
  return n;
}

}  // namespace symphony::market
