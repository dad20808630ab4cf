#include <symphony/net/backoff.hpp>
#include <symphony/net/clock_skew.hpp>
#include <symphony/net/rate_limiter.hpp>
#include <symphony/net/url.hpp>

#include <gtest/gtest.h>

namespace symphony::net {
namespace {

using Kind = RateLimit::Kind;
constexpr Timestamp t0 = 1'700'000'040LL * ns_per_s;  // a whole minute

// What parsing `text` was refused with ("(parsed)" when it was not refused).
std::string refusal(std::string_view text) {
  const auto u = parse_url(text);
  if (u) return "(parsed)";
  EXPECT_EQ(u.error().code, std::errc::invalid_argument);
  return u.error().what;
}

bool refused_with(std::string_view text, std::string_view says) {
  return refusal(text).find(says) != std::string::npos;
}

TEST(Url, ParsesHttpsAndWss) {
  auto u = parse_url("https://fapi.asterdex.com");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "fapi.asterdex.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/");
  u = parse_url("wss://127.0.0.1:9443/stream?streams=a/b");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 9443);
  EXPECT_EQ(u->target, "/stream?streams=a/b");
  EXPECT_EQ(u->origin(), "wss://127.0.0.1:9443");
}

TEST(Url, RejectsWhatIsNotATlsUrl) {
  EXPECT_TRUE(refused_with("http://x.com", "https or wss")) << refusal("http://x.com");
  EXPECT_TRUE(refused_with("fapi.asterdex.com", "not a URL")) << refusal("fapi.asterdex.com");
  EXPECT_TRUE(refused_with("https://x.com:99999", "bad port")) << refusal("https://x.com:99999");
  EXPECT_TRUE(refused_with("https://:443/", "no host")) << refusal("https://:443/");
  EXPECT_TRUE(refused_with("https://user:pw@x.com", "credentials")) << refusal("https://user:pw@x.com");
}

// Found by fuzz_url against Boost.URL: IPv6 literals with a port, characters RFC 3986
// does not allow (a space in the host, a NUL inside an IPv6 literal), fragments.
TEST(Url, FollowsRfc3986AsTheFuzzerFound) {
  auto u = parse_url("https://[::1]:9443/x?y=1");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "[::1]");
  EXPECT_EQ(u->port, 9443);
  EXPECT_EQ(u->target, "/x?y=1");
  EXPECT_EQ(u->origin(), "https://[::1]:9443");
  const std::string nuls(
      "https://[::\0\0\0"
      "1]",
      16);  // NULs inside the brackets
  EXPECT_TRUE(refused_with(nuls, "not an IPv6 address")) << refusal(nuls);
  EXPECT_TRUE(refused_with("https://[::1]z9", "after the IPv6 address")) << refusal("https://[::1]z9");
  EXPECT_TRUE(refused_with("https://fapi aster.com/", "not allowed in a host name"))
      << refusal("https://fapi aster.com/");
  EXPECT_TRUE(refused_with("https://x.com/a b", "not allowed in the path")) << refusal("https://x.com/a b");
  EXPECT_TRUE(refused_with("https://x.com/#frag", "fragment")) << refusal("https://x.com/#frag");
  EXPECT_TRUE(refused_with("https://x.com:/", "empty port")) << refusal("https://x.com:/");
  EXPECT_EQ(refusal("https://x.com/%41?q=%2F&r=:@/?"), "(parsed)");
  EXPECT_TRUE(refused_with("https://x.com/%4", "'https://x.com/%4'")) << refusal("https://x.com/%4");
  // A host that only starts like an IPv4 address is a name (Boost.URL 1.81, the fuzzer's
  // reference, reads "127.0.0.1" and makes the rest a path).
  u = parse_url("https://127.0.0.1.nip.io:8443/v1");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "127.0.0.1.nip.io");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/v1");
  u = parse_url("https://127.0.0.1A:8443/v1");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "127.0.0.1A");
}

TEST(Backoff, GrowsExponentiallyWithJitterAndCaps) {
  Backoff b({100 * ns_per_ms, 2 * ns_per_s, 2.0, 0.5}, 42);
  Duration prev_cap = 100 * ns_per_ms;
  for (int i = 0; i < 10; ++i) {
    const Duration d = b.next();
    EXPECT_LE(d, prev_cap);
    EXPECT_GE(d, prev_cap / 2);
    prev_cap = std::min<Duration>(prev_cap * 2, 2 * ns_per_s);
  }
  b.reset();
  EXPECT_LE(b.next(), 100 * ns_per_ms);
}

TEST(Backoff, SameSeedSameDelaysOtherSeedOthers) {
  Backoff a({}, 1), b({}, 1), c({}, 2);
  bool differ = false;
  for (int i = 0; i < 5; ++i) {
    const Duration x = a.next();
    EXPECT_EQ(x, b.next());
    differ |= x != c.next();
  }
  EXPECT_TRUE(differ);
}

TEST(RateLimiter, AdmitsUpToTheCapThenWaitsForTheNextWindow) {
  RateLimiter rl({{Kind::request_weight, ns_per_min, 100}}, 0.1);  // cap 90
  for (int i = 0; i < 9; ++i) EXPECT_FALSE(rl.admit(t0 + i, 10, 0)) << i;
  const auto retry = rl.admit(t0 + 10, 10, 0);
  ASSERT_TRUE(retry);
  EXPECT_EQ(*retry, t0 + ns_per_min);
  EXPECT_EQ(rl.used(t0 + 10, Kind::request_weight), 90u);
  EXPECT_FALSE(rl.admit(t0 + ns_per_min, 10, 0));  // a new window
  EXPECT_EQ(rl.used(t0 + ns_per_min, Kind::request_weight), 10u);
}

TEST(RateLimiter, OrdersCountSeparately) {
  RateLimiter rl({{Kind::request_weight, ns_per_min, 1000}, {Kind::orders, 10 * ns_per_s, 3}}, 0.0);
  EXPECT_FALSE(rl.admit(t0, 1, 1));
  EXPECT_FALSE(rl.admit(t0, 1, 1));
  EXPECT_FALSE(rl.admit(t0, 1, 1));
  const auto retry = rl.admit(t0 + 1, 1, 1);
  ASSERT_TRUE(retry);
  EXPECT_EQ(*retry, t0 + 10 * ns_per_s);
  EXPECT_FALSE(rl.admit(t0 + 1, 1, 0));  // a query (no order) still goes
}

TEST(RateLimiter, AdoptsTheVenuesHigherUsage) {
  RateLimiter rl({{Kind::request_weight, ns_per_min, 100}}, 0.0);
  EXPECT_FALSE(rl.admit(t0, 1, 0));
  rl.on_usage(t0 + 1, Kind::request_weight, ns_per_min, 99);  // other processes on our IP
  EXPECT_TRUE(rl.admit(t0 + 2, 5, 0));
  rl.on_usage(t0 + 3, Kind::request_weight, ns_per_min, 10);  // lower: ours stands
  EXPECT_EQ(rl.used(t0 + 3, Kind::request_weight), 99u);
}

// Per endpoint and per address, as Hyperliquid and MEXC count: each bucket on its own, a
// request admitted only when every bucket it costs has room, nothing counted otherwise.
TEST(RateLimiter, KeyedBucketsLimitOnlyWhatCostsThem) {
  RateLimiter rl({{"weight", ns_per_min, 1200}, {"address:0xa", 10 * ns_per_s, 2}, {"endpoint:/order", ns_per_s, 5}},
                 0.0);
  const RateCost to_a[] = {{"weight", 1}, {"address:0xa", 1}};
  const RateCost to_b[] = {{"weight", 1}, {"address:0xb", 1}};  // no limit declared: free
  EXPECT_FALSE(rl.admit(t0, to_a));
  EXPECT_FALSE(rl.admit(t0, to_a));
  const auto retry = rl.admit(t0 + 1, to_a);
  ASSERT_TRUE(retry);
  EXPECT_EQ(*retry, t0 + 10 * ns_per_s);
  EXPECT_EQ(rl.used(t0 + 1, "weight"), 2u);  // the refused request counted nowhere
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(rl.admit(t0 + 2, to_b)) << i;
  const RateCost order[] = {{"weight", 1}, {"endpoint:/order", 3}};
  EXPECT_FALSE(rl.admit(t0 + 3, order));
  EXPECT_TRUE(rl.admit(t0 + 4, order));
  EXPECT_EQ(rl.used(t0 + 4, "endpoint:/order"), 3u);
}

TEST(RateLimiter, ABucketsOwn429PausesOnlyThatBucket) {
  RateLimiter rl({{"weight", ns_per_min, 1200}, {"address:0xa", ns_per_min, 100}}, 0.0);
  rl.on_rate_limited(t0, 429, 10 * ns_per_s, "address:0xa");
  const RateCost to_a[] = {{"weight", 1}, {"address:0xa", 1}};
  const RateCost info[] = {{"weight", 1}};
  const auto r = rl.admit(t0 + ns_per_s, to_a);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, t0 + 10 * ns_per_s);
  EXPECT_FALSE(rl.admit(t0 + ns_per_s, info));  // other requests go on
  EXPECT_EQ(rl.paused_until(), 0);
  EXPECT_FALSE(rl.admit(t0 + 10 * ns_per_s, to_a));
}

TEST(RateLimiter, A429PausesForRetryAfterAndNothingGoesMeanwhile) {
  RateLimiter rl({{Kind::request_weight, ns_per_min, 2400}});
  rl.on_rate_limited(t0, 429, 7 * ns_per_s);
  for (Timestamp t = t0; t < t0 + 7 * ns_per_s; t += ns_per_s) {
    const auto r = rl.admit(t, 1, 0);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, t0 + 7 * ns_per_s);
  }
  EXPECT_FALSE(rl.admit(t0 + 7 * ns_per_s, 1, 0));  // admitted once the pause is over
  EXPECT_EQ(rl.paused_until(), t0 + 7 * ns_per_s);
}

TEST(RateLimiter, A418WithoutRetryAfterPausesTwoMinutes) {
  RateLimiter rl({{Kind::request_weight, ns_per_min, 2400}});
  rl.on_rate_limited(t0, 418, std::nullopt);
  EXPECT_EQ(rl.paused_until(), t0 + 2 * ns_per_min);
}

TEST(RateLimiter, Repeated429sWithoutRetryAfterBackOffFurther) {
  RateLimiter rl({{Kind::request_weight, ns_per_min, 2400}});
  rl.on_rate_limited(t0 + 30 * ns_per_s, 429, std::nullopt);
  const Duration first = rl.paused_until() - (t0 + 30 * ns_per_s);
  const Timestamp t1 = rl.paused_until();
  rl.on_rate_limited(t1, 429, std::nullopt);
  EXPECT_GT(rl.paused_until() - t1, first);
  rl.on_success();
}

TEST(RateLimiter, ParsesHeaders) {
  EXPECT_EQ(parse_retry_after("12"), 12 * ns_per_s);
  EXPECT_EQ(parse_retry_after(" 3 "), 3 * ns_per_s);
  EXPECT_FALSE(parse_retry_after("soon"));
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_EQ(parse_usage_interval("1M"), ns_per_min);
  EXPECT_EQ(parse_usage_interval("10S"), 10 * ns_per_s);
  EXPECT_EQ(parse_usage_interval("1D"), 24 * 60 * ns_per_min);
  EXPECT_FALSE(parse_usage_interval("M"));
  EXPECT_FALSE(parse_usage_interval("1X"));
}

TEST(ClockSkew, TakesTheShortestRoundTrip) {
  ClockSkew s(4);
  EXPECT_FALSE(s.measured());
  // Server runs 250 ms ahead. A slow sample (RTT 400 ms, asymmetric) is misleading.
  s.add_sample(t0, t0 + 250 * ns_per_ms + 300 * ns_per_ms, t0 + 400 * ns_per_ms);
  s.add_sample(t0 + ns_per_s, t0 + ns_per_s + 250 * ns_per_ms + 5 * ns_per_ms, t0 + ns_per_s + 10 * ns_per_ms);
  EXPECT_EQ(s.offset(), 250 * ns_per_ms);
  EXPECT_EQ(s.uncertainty(), 5 * ns_per_ms);
  EXPECT_EQ(s.venue_time(t0), t0 + 250 * ns_per_ms);
  // The good sample ages out of the window.
  for (int i = 0; i < 4; ++i) s.add_sample(t0, t0 + 100 * ns_per_ms + 20 * ns_per_ms, t0 + 40 * ns_per_ms);
  EXPECT_EQ(s.offset(), 100 * ns_per_ms);
  s.add_sample(t0 + 10, t0, t0);  // received before sent: ignored
  EXPECT_EQ(s.offset(), 100 * ns_per_ms);
}

}  // namespace
}  // namespace symphony::net
