#pragma once

#include <symphony/core/time.hpp>

#include <cstddef>
#include <optional>

namespace symphony::net {

/// Estimates the offset of a venue's clock from ours from request round trips: each
/// sample is (sent, server time, received); the estimate is the server time minus the
/// round trip's midpoint of the sample with the shortest round trip among the last
/// `window` samples (its error is bounded by half that round trip). Venue time is then
/// `local + offset()`, used for nonces and signed timestamps.
class ClockSkew {
 public:
  explicit ClockSkew(std::size_t window = 8) : window_(window < 1 ? 1 : window) {}
  void add_sample(Timestamp sent, Timestamp server, Timestamp received) noexcept;
  [[nodiscard]] Duration offset() const noexcept { return best_ ? best_->offset : 0; }
  /// Half the round trip of the sample behind the estimate: the worst-case error.
  [[nodiscard]] std::optional<Duration> uncertainty() const noexcept;
  [[nodiscard]] bool measured() const noexcept { return best_.has_value(); }
  [[nodiscard]] Timestamp venue_time(Timestamp local) const noexcept { return local + offset(); }

 private:
  struct Sample {
    Duration offset = 0;
    Duration rtt = 0;
  };
  static constexpr std::size_t max_window = 32;
  std::size_t window_;
  Sample samples_[max_window]{};
  std::size_t count_ = 0;
  std::size_t next_ = 0;
  std::optional<Sample> best_;
};

}  // namespace symphony::net
