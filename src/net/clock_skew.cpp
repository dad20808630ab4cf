#include <symphony/net/clock_skew.hpp>

#include <algorithm>

namespace symphony::net {

void ClockSkew::add_sample(Timestamp sent, Timestamp server, Timestamp received) noexcept {
  if (received < sent) return;  // a local clock step: the sample means nothing
  const Duration rtt = received - sent;
  const Sample s{server - (sent + rtt / 2), rtt};
  const std::size_t w = std::min(window_, max_window);
  samples_[next_] = s;
  next_ = (next_ + 1) % w;
  count_ = std::min(count_ + 1, w);
  best_ = samples_[0];
  for (std::size_t i = 1; i < count_; ++i)
    if (samples_[i].rtt < best_->rtt) best_ = samples_[i];
}

std::optional<Duration> ClockSkew::uncertainty() const noexcept {
  if (!best_) return std::nullopt;
  return best_->rtt / 2;
}

}  // namespace symphony::net
