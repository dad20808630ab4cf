#pragma once

#include <symphony/core/time.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace symphony::llm {

/// Circuit breaker settings (config `llm.<provider>.breaker`).
struct BreakerConfig {
  unsigned failures_to_open = 5;      ///< consecutive failed calls that open it
  Duration open_for = 60 * ns_per_s;  ///< how long it refuses calls before a trial
};

/// Per provider: after `failures_to_open` failed calls in a row it opens and refuses every
/// call for `open_for`; then it lets one trial call through (half-open): success closes
/// it, failure opens it again. A call's failure here is one the provider is to blame for
/// (server errors, timeouts, rate limits after retries), not a refusal or a bad answer.
/// Not thread-safe.
class CircuitBreaker {
 public:
  enum class State : std::uint8_t { closed, open, half_open };
  explicit CircuitBreaker(BreakerConfig config) noexcept : config_(config) {}

  /// Whether a call may start at `now`; in half-open state only one trial at a time.
  bool allow(Timestamp now) noexcept;
  /// The end of a call let through by `allow`. Returns the new state when it changed.
  std::optional<State> record(bool success, Timestamp now) noexcept;

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] unsigned consecutive_failures() const noexcept { return failures_; }

 private:
  BreakerConfig config_;
  State state_ = State::closed;
  unsigned failures_ = 0;
  Timestamp opened_at_ = 0;
  bool trial_in_flight_ = false;
};

std::string_view to_string(CircuitBreaker::State s) noexcept;

}  // namespace symphony::llm
