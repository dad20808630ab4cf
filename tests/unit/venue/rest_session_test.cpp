// The generic signed REST session against a TLS server on loopback, with a toy venue's
// policy: it must sign at the last moment, charge every bucket a call costs, and judge
// answers only through the policy.
#include <symphony/net/reactor.hpp>
#include <symphony/venue/errors.hpp>
#include <symphony/venue/rest_session.hpp>

#include <temp_dir.hpp>
#include <test_pki.hpp>
#include <tls_server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <vector>

namespace symphony::venue {
namespace {

using test::ServerReply;
using test::ServerRequest;

// A venue whose errors are `{"err":N}`, N = 7 meaning "status unknown", and whose usage
// header `X-Toy-Addr-Used` counts the bucket "addr".
class ToyPolicy final : public RestPolicy {
 public:
  bool keys = true;
  int signed_count = 0;
  Timestamp last_venue_now = 0;
  [[nodiscard]] std::string_view name() const noexcept override { return "toy"; }
  [[nodiscard]] bool can_sign() const noexcept override { return keys; }
  SignedForm sign(const FormParams& params, Timestamp venue_now) override {
    ++signed_count;
    last_venue_now = venue_now;
    FormParams p = params;
    p.add("sig", "s" + std::to_string(signed_count));
    return {p.str(), {{"X-Toy-Key", "k"}}};
  }
  void read_usage(const net::HttpResponse& response, Timestamp now, net::RateLimiter& limiter) override {
    const std::string used(response.header("X-Toy-Addr-Used"));
    if (!used.empty()) limiter.on_usage(now, "addr", ns_per_min, static_cast<std::uint32_t>(std::atoi(used.c_str())));
  }
  [[nodiscard]] std::optional<ApiError> parse_error(std::string_view body) const override {
    const auto at = body.find("\"err\":");
    if (at == std::string_view::npos) return std::nullopt;
    return ApiError{std::atoi(std::string(body.substr(at + 6)).c_str()), "toy error"};
  }
  [[nodiscard]] bool outcome_unknown(int status, const std::optional<ApiError>& error) const override {
    return status >= 500 || (error && error->code == 7);
  }
  [[nodiscard]] std::error_code classify(int status, const std::optional<ApiError>& error) const override {
    if (outcome_unknown(status, error)) return VenueErrc::outcome_unknown;
    return VenueErrc::rejected;
  }
};

struct RestSessionFixture : ::testing::Test {
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  // Half a minute into a window of the limiter: the windows cannot roll during a test.
  SimulatedClock clock{1'767'225'630 * ns_per_s};
  net::Reactor reactor{clock};
  ToyPolicy policy;
  std::mutex mu;
  std::vector<ServerRequest> seen;  // guarded by mu
  std::function<ServerReply(const ServerRequest&)> reply = [](const ServerRequest&) { return ServerReply::json("{}"); };
  test::TlsServer server{pki,
                         {[this](const ServerRequest& r) {
                            {
                              const std::lock_guard lock(mu);
                              seen.push_back(r);
                            }
                            return reply(r);
                          },
                          {},
                          {},
                          {}}};

  RestSession session(std::vector<net::RateLimit> limits = {}) {
    return {reactor, *net::parse_url(server.https_url()), {pki.ca_file()}, {}, policy, std::move(limits), 0.0};
  }
  // Runs the reactor until the call's answer or 10 s.
  RestResult call(RestSession& s, RestCall c) {
    std::optional<RestResult> out;
    bool running = false;  // a call refused at once answers before the reactor runs
    s.call(std::move(c), [&](RestResult&& r) {
      out = std::move(r);
      if (running) reactor.stop();
    });
    running = true;
    if (!out) reactor.run(10 * ns_per_s);
    EXPECT_TRUE(out) << "no answer within 10 s";
    return out ? std::move(*out) : RestResult{};
  }
  std::vector<ServerRequest> requests() {
    const std::lock_guard lock(mu);
    return seen;
  }
};

RestCall make_call(net::HttpMethod method, std::string path, bool signed_call) {
  RestCall c;
  c.method = method;
  c.path = std::move(path);
  c.params.add("symbol", "BTC USDT");
  c.signed_call = signed_call;
  return c;
}

TEST_F(RestSessionFixture, SignsAtSendingTimeIntoTheQueryOrTheBody) {
  RestSession s = session();
  const Timestamp before = clock.now();
  RestResult r = call(s, make_call(net::HttpMethod::get, "/v1/thing", true));
  ASSERT_TRUE(r.ok()) << r.describe();
  r = call(s, make_call(net::HttpMethod::post, "/v1/order", true));
  ASSERT_TRUE(r.ok()) << r.describe();
  r = call(s, make_call(net::HttpMethod::get, "/v1/public", false));
  ASSERT_TRUE(r.ok()) << r.describe();

  const auto got = requests();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].target, "/v1/thing?symbol=BTC%20USDT&sig=s1");
  EXPECT_EQ(got[0].header("X-Toy-Key"), "k");
  EXPECT_EQ(got[1].target, "/v1/order");
  EXPECT_EQ(got[1].body, "symbol=BTC%20USDT&sig=s2");
  EXPECT_EQ(got[1].header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(got[2].target, "/v1/public?symbol=BTC%20USDT");
  EXPECT_EQ(got[2].header("X-Toy-Key"), "");
  EXPECT_EQ(policy.signed_count, 2);
  EXPECT_EQ(policy.last_venue_now, before);  // no skew measured: the venue's time is ours
}

TEST_F(RestSessionFixture, ASignedCallWithoutKeysFailsUnsent) {
  policy.keys = false;
  RestSession s = session();
  const RestResult r = call(s, make_call(net::HttpMethod::post, "/v1/order", true));
  EXPECT_FALSE(r.sent);
  EXPECT_EQ(r.code, VenueCondition::auth);
  EXPECT_FALSE(r.outcome_unknown);
  EXPECT_TRUE(requests().empty());
}

TEST_F(RestSessionFixture, ChargesEveryBucketACallCostsAndFailsUnsentPastItsWait) {
  RestSession s = session({{"addr", ns_per_min, 2}});
  for (int i = 0; i < 3; ++i) {
    RestCall c = make_call(net::HttpMethod::post, "/v1/order", true);
    c.costs = {{"addr", 1}};
    c.max_wait = 0;
    const RestResult r = call(s, std::move(c));
    if (i < 2) {
      EXPECT_TRUE(r.ok()) << i << ": " << r.describe();
    } else {
      EXPECT_FALSE(r.sent);
      EXPECT_EQ(r.code, VenueCondition::rate_limited) << r.describe();
    }
  }
  // A call not costing "addr" still goes.
  EXPECT_TRUE(call(s, make_call(net::HttpMethod::get, "/v1/public", false)).ok());
  EXPECT_EQ(requests().size(), 3u);
  EXPECT_EQ(s.limiter().used(clock.now(), "addr"), 2u);
}

TEST_F(RestSessionFixture, AdoptsTheVenuesUsageThroughThePolicy) {
  reply = [](const ServerRequest&) {
    ServerReply r = ServerReply::json("{}");
    r.headers = {{"X-Toy-Addr-Used", "2"}};
    return r;
  };
  RestSession s = session({{"addr", ns_per_min, 2}});
  ASSERT_TRUE(call(s, make_call(net::HttpMethod::get, "/v1/public", false)).ok());
  RestCall c = make_call(net::HttpMethod::post, "/v1/order", true);
  c.costs = {{"addr", 1}};
  c.max_wait = 0;
  const RestResult r = call(s, std::move(c));
  EXPECT_FALSE(r.sent) << "the venue said the bucket is full";
  EXPECT_EQ(r.code, VenueCondition::rate_limited);
}

TEST_F(RestSessionFixture, JudgesErrorAnswersByThePolicy) {
  reply = [](const ServerRequest& q) {
    if (q.path() == "/v1/unknown") return ServerReply::json(R"({"err":7})", 400);
    if (q.path() == "/v1/down") return ServerReply::json("gateway", 502);
    return ServerReply::json(R"({"err":3})", 400);
  };
  RestSession s = session();
  RestResult r = call(s, make_call(net::HttpMethod::post, "/v1/rejected", true));
  EXPECT_EQ(r.status, 400);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, 3);
  EXPECT_FALSE(r.outcome_unknown);
  EXPECT_EQ(r.code, VenueErrc::rejected);
  EXPECT_EQ(r.describe(), "HTTP 400, venue 3: toy error");

  r = call(s, make_call(net::HttpMethod::post, "/v1/unknown", true));
  EXPECT_TRUE(r.outcome_unknown);
  EXPECT_EQ(r.code, VenueCondition::unknown_outcome);

  r = call(s, make_call(net::HttpMethod::post, "/v1/down", true));
  EXPECT_FALSE(r.error);
  EXPECT_TRUE(r.outcome_unknown);
  EXPECT_EQ(r.body, "gateway");
}

TEST_F(RestSessionFixture, A429PausesTheSessionUntilRetryAfter) {
  reply = [](const ServerRequest&) {
    ServerReply r = ServerReply::json(R"({"err":1})", 429);
    r.headers = {{"Retry-After", "120"}};
    return r;
  };
  RestSession s = session();
  RestResult r = call(s, make_call(net::HttpMethod::get, "/v1/public", false));
  EXPECT_EQ(r.status, 429);
  RestCall c = make_call(net::HttpMethod::get, "/v1/public", false);
  c.max_wait = ns_per_s;
  r = call(s, std::move(c));
  EXPECT_FALSE(r.sent) << "sent during the pause";
  EXPECT_EQ(r.code, VenueCondition::rate_limited);
  EXPECT_EQ(requests().size(), 1u);
}

}  // namespace
}  // namespace symphony::venue
