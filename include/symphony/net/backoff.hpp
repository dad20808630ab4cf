#pragma once

#include <symphony/core/rng.hpp>
#include <symphony/core/time.hpp>

namespace symphony::net {

struct BackoffConfig {
  Duration initial = 500 * ns_per_ms;
  Duration max = 30 * ns_per_s;
  double multiplier = 2.0;
  double jitter = 0.5;  ///< each delay is drawn uniformly from [d·(1−jitter), d]
};

/// Jittered exponential backoff ("equal jitter"): the n-th consecutive failure waits
/// about initial·multiplierⁿ, capped at `max`, scaled by a seeded random factor so that
/// many clients do not reconnect in lock-step. `reset` after a healthy connection.
class Backoff {
 public:
  Backoff(BackoffConfig config, std::uint64_t seed) noexcept : config_(config), rng_(seed) {}
  /// The delay before the next attempt; each call counts as one more failure.
  Duration next() noexcept;
  void reset() noexcept { attempt_ = 0; }
  [[nodiscard]] unsigned attempts() const noexcept { return attempt_; }

 private:
  BackoffConfig config_;
  Rng rng_;
  unsigned attempt_ = 0;
};

}  // namespace symphony::net
