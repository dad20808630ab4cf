#pragma once

#include <symphony/core/time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace symphony::net {

/// One limit a venue declares (Aster's `exchangeInfo.rateLimits`): at most `limit` units
/// of `kind` per `interval`, counted in fixed windows aligned to the interval, as Binance
/// style venues count them.
struct RateLimit {
  enum class Kind : std::uint8_t { request_weight, orders };
  Kind kind = Kind::request_weight;
  Duration interval = ns_per_min;
  std::uint32_t limit = 0;
};

/// Client-side accounting of a venue's request limits. It admits a request only when
/// every window has room (keeping `headroom` of each limit in reserve), adopts the
/// venue's own usage counters from response headers when they are higher than ours, and
/// after a 429 or 418 refuses everything until the venue's `Retry-After` has passed:
/// nothing is retried in a tight loop. Pure logic on injected time.
class RateLimiter {
 public:
  explicit RateLimiter(std::vector<RateLimit> limits = {}, double headroom = 0.1);
  /// Replaces the limits (e.g. with the live values from exchangeInfo), keeping usage.
  void set_limits(std::vector<RateLimit> limits);

  /// Nullopt and the usage is counted when the request may go now; otherwise the time
  /// at which to ask again (nothing counted).
  std::optional<Timestamp> admit(Timestamp now, std::uint32_t weight, std::uint32_t orders);
  /// The venue's `X-MBX-USED-WEIGHT-<interval>` / `X-MBX-ORDER-COUNT-<interval>` value.
  void on_usage(Timestamp now, RateLimit::Kind kind, Duration interval, std::uint32_t used);
  /// A 429 (rate limited) or 418 (banned) answer. Without `retry_after` the pause is one
  /// window (429) or two minutes (418); repeated 429s double the pause.
  void on_rate_limited(Timestamp now, int status, std::optional<Duration> retry_after);
  /// A successful answer ends the escalation of repeated 429s.
  void on_success() noexcept { consecutive_limited_ = 0; }

  [[nodiscard]] Timestamp paused_until() const noexcept { return paused_until_; }
  [[nodiscard]] std::uint32_t used(Timestamp now, RateLimit::Kind kind) const noexcept;
  [[nodiscard]] std::uint64_t rejected() const noexcept { return rejected_; }

 private:
  struct Window {
    RateLimit limit;
    Timestamp start = 0;
    std::uint32_t used = 0;
    [[nodiscard]] std::uint32_t cap(double headroom) const noexcept;
    void roll(Timestamp now) noexcept;
  };
  std::vector<Window> windows_;
  double headroom_;
  Timestamp paused_until_ = 0;
  unsigned consecutive_limited_ = 0;
  std::uint64_t rejected_ = 0;
};

/// Parses a `Retry-After` header: delta-seconds only (what Binance-style venues send).
std::optional<Duration> parse_retry_after(std::string_view value);
/// Parses the interval suffix of a usage header name, e.g. "1M" → one minute, "10S".
std::optional<Duration> parse_usage_interval(std::string_view suffix);

}  // namespace symphony::net
