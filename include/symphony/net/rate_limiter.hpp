#pragma once

#include <symphony/core/time.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::net {

/// One limit a venue declares: at most `limit` units per `interval` in `bucket`,
/// counted in fixed windows aligned to the interval, as Binance-style venues count them.
/// A bucket is whatever the venue limits: request weight and order count (Aster's
/// `exchangeInfo.rateLimits`: the buckets `weight` and `orders`), one endpoint's calls
/// (`endpoint:/api/v3/order`), one address's actions (`address:0x…`).
struct RateLimit {
  enum class Kind : std::uint8_t { request_weight, orders };
  RateLimit() = default;
  RateLimit(std::string bucket_name, Duration per, std::uint32_t most)
      : bucket(std::move(bucket_name)), interval(per), limit(most) {}
  RateLimit(Kind kind, Duration per, std::uint32_t most) : RateLimit(bucket_of(kind), per, most) {}
  /// "weight" or "orders".
  static std::string bucket_of(Kind kind) { return kind == Kind::request_weight ? "weight" : "orders"; }

  std::string bucket = "weight";
  Duration interval = ns_per_min;
  std::uint32_t limit = 0;
};

/// What one request costs in one bucket.
struct RateCost {
  std::string_view bucket;
  std::uint32_t units = 0;
};

/// Client-side accounting of a venue's request limits, in keyed buckets. It admits a
/// request only when every window of every bucket it costs has room (keeping `headroom`
/// of each limit in reserve), adopts the venue's own usage counters when they are higher
/// than ours, and after a 429 or 418 refuses everything (or, for a bucket's own limit,
/// everything costing that bucket) until the venue's `Retry-After` has passed: nothing is
/// retried in a tight loop. A bucket with no declared limit is not limited. Pure logic on
/// injected time.
class RateLimiter {
 public:
  explicit RateLimiter(std::vector<RateLimit> limits = {}, double headroom = 0.1);
  /// Replaces the limits (e.g. with the live values from exchangeInfo), keeping the usage
  /// of windows that stay (same bucket and interval).
  void set_limits(std::vector<RateLimit> limits);

  /// Nullopt and the costs are counted (all of them) when the request may go now;
  /// otherwise the time at which to ask again (nothing counted).
  std::optional<Timestamp> admit(Timestamp now, std::span<const RateCost> costs);
  /// The two Binance-style buckets: `weight` and `orders`.
  std::optional<Timestamp> admit(Timestamp now, std::uint32_t weight, std::uint32_t orders) {
    const RateCost costs[] = {{"weight", weight}, {"orders", orders}};
    return admit(now, costs);
  }
  /// The venue's own count in `bucket` for `interval` (`X-MBX-USED-WEIGHT-1M`, ...).
  void on_usage(Timestamp now, std::string_view bucket, Duration interval, std::uint32_t used);
  void on_usage(Timestamp now, RateLimit::Kind kind, Duration interval, std::uint32_t used) {
    on_usage(now, RateLimit::bucket_of(kind), interval, used);
  }
  /// A 429 (rate limited) or 418 (banned) answer, for all requests or, with `bucket`,
  /// for those costing it. Without `retry_after` the pause is one window (429) or two
  /// minutes (418); repeated 429s double the pause.
  void on_rate_limited(Timestamp now, int status, std::optional<Duration> retry_after, std::string_view bucket = {});
  /// A successful answer ends the escalation of repeated 429s.
  void on_success() noexcept { consecutive_limited_ = 0; }

  /// Until when everything is paused.
  [[nodiscard]] Timestamp paused_until() const noexcept { return paused_until_; }
  [[nodiscard]] std::uint32_t used(Timestamp now, std::string_view bucket) const noexcept;
  [[nodiscard]] std::uint32_t used(Timestamp now, RateLimit::Kind kind) const noexcept {
    return used(now, RateLimit::bucket_of(kind));
  }
  [[nodiscard]] std::uint64_t rejected() const noexcept { return rejected_; }

 private:
  struct Window {
    RateLimit limit;
    Timestamp start = 0;
    std::uint32_t used = 0;
    [[nodiscard]] std::uint32_t cap(double headroom) const noexcept;
    void roll(Timestamp now) noexcept;
  };
  [[nodiscard]] static std::uint32_t cost_in(std::span<const RateCost> costs, std::string_view bucket) noexcept;
  std::vector<Window> windows_;
  double headroom_;
  Timestamp paused_until_ = 0;
  std::map<std::string, Timestamp, std::less<>> bucket_paused_until_;
  unsigned consecutive_limited_ = 0;
  std::uint64_t rejected_ = 0;
};

/// Parses a `Retry-After` header: delta-seconds only (what Binance-style venues send).
std::optional<Duration> parse_retry_after(std::string_view value);
/// Parses the interval suffix of a usage header name, e.g. "1M" → one minute, "10S".
std::optional<Duration> parse_usage_interval(std::string_view suffix);

}  // namespace symphony::net
