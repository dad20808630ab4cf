#include <symphony/net/rate_limiter.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace symphony::net {

RateLimiter::RateLimiter(std::vector<RateLimit> limits, double headroom) : headroom_(std::clamp(headroom, 0.0, 0.9)) {
  set_limits(std::move(limits));
}

void RateLimiter::set_limits(std::vector<RateLimit> limits) {
  std::vector<Window> next;
  for (const RateLimit& l : limits) {
    if (l.interval <= 0 || l.limit == 0) continue;
    Window w{l, 0, 0};
    for (const Window& old : windows_)
      if (old.limit.bucket == l.bucket && old.limit.interval == l.interval) {
        w.start = old.start;
        w.used = old.used;
      }
    next.push_back(w);
  }
  windows_ = std::move(next);
}

std::uint32_t RateLimiter::Window::cap(double headroom) const noexcept {
  const auto c = static_cast<std::uint32_t>(std::floor(static_cast<double>(limit.limit) * (1.0 - headroom)));
  return std::max<std::uint32_t>(c, 1);
}

void RateLimiter::Window::roll(Timestamp now) noexcept {
  const Timestamp s = now - now % limit.interval;
  if (s != start) {
    start = s;
    used = 0;
  }
}

std::uint32_t RateLimiter::cost_in(std::span<const RateCost> costs, std::string_view bucket) noexcept {
  std::uint32_t n = 0;
  for (const RateCost& c : costs)
    if (c.bucket == bucket) n += c.units;
  return n;
}

std::optional<Timestamp> RateLimiter::admit(Timestamp now, std::span<const RateCost> costs) {
  Timestamp retry = now < paused_until_ ? paused_until_ : 0;
  for (const RateCost& c : costs) {
    if (c.units == 0) continue;
    const auto p = bucket_paused_until_.find(c.bucket);
    if (p != bucket_paused_until_.end() && now < p->second) retry = std::max(retry, p->second);
  }
  if (retry != 0) {
    ++rejected_;
    return retry;
  }
  for (Window& w : windows_) {
    w.roll(now);
    const std::uint32_t add = cost_in(costs, w.limit.bucket);
    if (add == 0) continue;
    // A request heavier than a whole window still goes through in an empty window, so a
    // large call cannot be starved forever.
    if (w.used > 0 && w.used + add > w.cap(headroom_)) retry = std::max(retry, w.start + w.limit.interval);
  }
  if (retry != 0) {
    ++rejected_;
    return retry;
  }
  for (Window& w : windows_) w.used += cost_in(costs, w.limit.bucket);
  return std::nullopt;
}

void RateLimiter::on_usage(Timestamp now, std::string_view bucket, Duration interval, std::uint32_t used) {
  for (Window& w : windows_) {
    if (w.limit.bucket != bucket || w.limit.interval != interval) continue;
    w.roll(now);
    w.used = std::max(w.used, used);
  }
}

void RateLimiter::on_rate_limited(Timestamp now, int status, std::optional<Duration> retry_after,
                                  std::string_view bucket) {
  Duration pause = 0;
  if (retry_after && *retry_after > 0) {
    pause = *retry_after;
  } else if (status == 418) {
    pause = 2 * ns_per_min;
  } else {
    pause = ns_per_min;
    for (const Window& w : windows_)
      if (bucket.empty() || w.limit.bucket == bucket) pause = std::min(pause, w.start + w.limit.interval - now);
    pause = std::max<Duration>(pause, ns_per_s) << std::min(consecutive_limited_, 6u);
  }
  ++consecutive_limited_;
  if (bucket.empty()) {
    paused_until_ = std::max(paused_until_, now + pause);
  } else {
    auto [it, fresh] = bucket_paused_until_.try_emplace(std::string(bucket), now + pause);
    if (!fresh) it->second = std::max(it->second, now + pause);
  }
  // Without a Retry-After the venue only says we are at the limit: trust it over our own
  // count for the rest of the window (the request weight, or the bucket named).
  if (!retry_after)
    for (Window& w : windows_)
      if (bucket.empty() ? w.limit.bucket == "weight" : w.limit.bucket == bucket) {
        w.roll(now);
        w.used = std::max(w.used, w.cap(headroom_));
      }
}

std::uint32_t RateLimiter::used(Timestamp now, std::string_view bucket) const noexcept {
  std::uint32_t out = 0;
  for (const Window& w : windows_)
    if (w.limit.bucket == bucket && w.start == now - now % w.limit.interval) out = std::max(out, w.used);
  return out;
}

std::optional<Duration> parse_retry_after(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  std::uint64_t s = 0;
  const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
  if (value.empty() || ec != std::errc{} || p != value.data() + value.size() || s > 7 * 24 * 3600) return std::nullopt;
  return static_cast<Duration>(s) * ns_per_s;
}

std::optional<Duration> parse_usage_interval(std::string_view suffix) {
  if (suffix.size() < 2) return std::nullopt;
  std::uint32_t n = 0;
  const auto [p, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size() - 1, n);
  if (ec != std::errc{} || p != suffix.data() + suffix.size() - 1 || n == 0) return std::nullopt;
  Duration unit = 0;
  switch (suffix.back()) {
    case 'S':
    case 's':
      unit = ns_per_s;
      break;
    case 'M':
    case 'm':
      unit = ns_per_min;
      break;
    case 'H':
    case 'h':
      unit = 60 * ns_per_min;
      break;
    case 'D':
    case 'd':
      unit = 24 * 60 * ns_per_min;
      break;
    default:
      return std::nullopt;
  }
  return static_cast<Duration>(n) * unit;
}

}  // namespace symphony::net
