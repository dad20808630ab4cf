#include <symphony/llm/circuit_breaker.hpp>

namespace symphony::llm {

std::string_view to_string(CircuitBreaker::State s) noexcept {
  switch (s) {
    case CircuitBreaker::State::closed:
      return "closed";
    case CircuitBreaker::State::open:
      return "open";
    case CircuitBreaker::State::half_open:
      return "half_open";
  }
  return "?";
}

bool CircuitBreaker::allow(Timestamp now) noexcept {
  if (state_ == State::open && now - opened_at_ >= config_.open_for) {
    state_ = State::half_open;
    trial_in_flight_ = false;
  }
  if (state_ == State::closed) return true;
  if (state_ == State::half_open && !trial_in_flight_) {
    trial_in_flight_ = true;
    return true;
  }
  return false;
}

std::optional<CircuitBreaker::State> CircuitBreaker::record(bool success, Timestamp now) noexcept {
  const State before = state_;
  if (success) {
    failures_ = 0;
    state_ = State::closed;
  } else {
    ++failures_;
    if (state_ == State::half_open || failures_ >= config_.failures_to_open) {
      state_ = State::open;
      opened_at_ = now;
    }
  }
  trial_in_flight_ = false;
  if (state_ == before) return std::nullopt;
  return state_;
}

}  // namespace symphony::llm
