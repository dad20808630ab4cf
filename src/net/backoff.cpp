#include <symphony/net/backoff.hpp>

#include <algorithm>
#include <cmath>

namespace symphony::net {

Duration Backoff::next() noexcept {
  const double base = static_cast<double>(config_.initial) * std::pow(config_.multiplier, attempt_);
  const double capped = std::min(base, static_cast<double>(config_.max));
  if (attempt_ < 64) ++attempt_;
  const double jitter = std::clamp(config_.jitter, 0.0, 1.0);
  const double d = capped * (1.0 - jitter * rng_.uniform());
  return std::max<Duration>(static_cast<Duration>(d), 1);
}

}  // namespace symphony::net
