// The HTTPS client against a TLS server on loopback with a CA generated for the test.
#include <symphony/net/https_client.hpp>
#include <symphony/net/reactor.hpp>

#include <temp_dir.hpp>
#include <test_pki.hpp>
#include <tls_server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <optional>

namespace symphony::net {
namespace {

using test::ServerReply;
using test::ServerRequest;

struct HttpsFixture : ::testing::Test {
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  RealClock clock;
  Reactor reactor{clock};
  std::atomic<int> hits{0};
  std::function<ServerReply(const ServerRequest&)> reply = [](const ServerRequest& r) {
    return ServerReply::json(R"({"path":")" + r.path() + R"(","body":")" + r.body + "\"}");
  };
  test::TlsServer server{pki,
                         {[this](const ServerRequest& r) {
                            ++hits;
                            return reply(r);
                          },
                          {},
                          {},
                          {}}};

  Url url() { return *parse_url(server.https_url()); }
  // Runs the reactor until `done` or 10 s.
  HttpResult call(HttpsClient& c, HttpRequest req) {
    std::optional<HttpResult> out;
    c.request(std::move(req), [&](HttpResult&& r) {
      out = std::move(r);
      reactor.stop();
    });
    reactor.run(10 * ns_per_s);
    EXPECT_TRUE(out) << "no answer within 10 s";
    return out ? std::move(*out) : HttpResult{};
  }
};

TEST_F(HttpsFixture, GetsAndPostsOverVerifiedTls) {
  HttpsClient c(reactor, url(), {pki.ca_file()}, {});
  HttpResult r = call(c, {HttpMethod::get, "/fapi/v3/time", "", "", {}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->status, 200);
  EXPECT_EQ(r.response->body, R"({"path":"/fapi/v3/time","body":""})");
  EXPECT_EQ(r.response->header("content-type"), "application/json");
  r = call(c, {HttpMethod::post, "/fapi/v3/order", "a=1&b=2", "application/x-www-form-urlencoded", {}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->body, R"({"path":"/fapi/v3/order","body":"a=1&b=2"})");
}

TEST_F(HttpsFixture, KeepsConnectionsAlive) {
  HttpsClient c(reactor, url(), {pki.ca_file()}, {});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(call(c, {HttpMethod::get, "/x", "", "", {}}).ok());
  EXPECT_EQ(c.stats().connections_opened, 1u);
  EXPECT_EQ(c.stats().reused, 4u);
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST_F(HttpsFixture, PoolsConcurrentRequestsUpToTheCap) {
  HttpsClientConfig cfg;
  cfg.max_connections = 2;
  reply = [](const ServerRequest&) {
    ServerReply r = ServerReply::json("{}");
    r.delay = 50 * ns_per_ms;
    return r;
  };
  HttpsClient c(reactor, url(), {pki.ca_file()}, cfg);
  int answered = 0;
  for (int i = 0; i < 6; ++i)
    c.request({HttpMethod::get, "/x", "", "", {}}, [&](HttpResult&& r) {
      EXPECT_TRUE(r.ok()) << r.error;
      if (++answered == 6) reactor.stop();
    });
  reactor.run(10 * ns_per_s);
  EXPECT_EQ(answered, 6);
  EXPECT_EQ(c.stats().connections_opened, 2u);
}

TEST_F(HttpsFixture, RefusesAServerItCannotVerify) {
  test::TempDir other;
  test::TestPki wrong(other.path().string());  // a different CA
  HttpsClient c(reactor, url(), {wrong.ca_file()}, {});
  const HttpResult r = call(c, {HttpMethod::get, "/x", "", "", {}});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.failure, HttpFailure::tls);
  EXPECT_FALSE(r.request_sent);
  EXPECT_NE(r.error.find("certificate verif"), std::string::npos) << r.error;
  EXPECT_EQ(hits, 0);
}

TEST_F(HttpsFixture, RefusesACertificateForAnotherName) {
  Url u = *parse_url("https://localhost:" + std::to_string(server.port()));
  u.host = "127.0.0.2";  // not in the certificate's names; still loopback
  HttpsClient c(reactor, u, {pki.ca_file()}, {});
  const HttpResult r = call(c, {HttpMethod::get, "/x", "", "", {}});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.failure == HttpFailure::tls || r.failure == HttpFailure::connect) << r.error;
  EXPECT_EQ(hits, 0);
}

TEST_F(HttpsFixture, AStalledServerTimesOutAndTheRequestCountsAsSent) {
  HttpsClientConfig cfg;
  cfg.request_timeout = 200 * ns_per_ms;
  reply = [](const ServerRequest&) {
    ServerReply r;
    r.action = ServerReply::Action::stall;
    return r;
  };
  HttpsClient c(reactor, url(), {pki.ca_file()}, cfg);
  const HttpResult r = call(c, {HttpMethod::post, "/fapi/v3/order", "x=1", "", {}});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.failure, HttpFailure::timeout);
  EXPECT_TRUE(r.request_sent);  // the outcome is unknown: the caller must reconcile
  EXPECT_GE(r.elapsed, 200 * ns_per_ms);
}

TEST_F(HttpsFixture, ADroppedConnectionFailsAPostButRetriesAGetOnce) {
  HttpsClient c(reactor, url(), {pki.ca_file()}, {});
  ASSERT_TRUE(call(c, {HttpMethod::get, "/x", "", "", {}}).ok());
  // The server drops the next exchange without answering.
  std::atomic<int> drops{1};
  reply = [&](const ServerRequest&) {
    if (drops-- > 0) {
      ServerReply r;
      r.action = ServerReply::Action::drop;
      return r;
    }
    return ServerReply::json("{}");
  };
  HttpResult r = call(c, {HttpMethod::get, "/x", "", "", {}});
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(c.stats().retries, 1u);
  drops = 1;
  r = call(c, {HttpMethod::post, "/order", "x=1", "", {}});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.request_sent);
  EXPECT_EQ(c.stats().retries, 1u);  // never for a POST
}

TEST_F(HttpsFixture, ConnectionRefusedIsAConnectFailureNotSent) {
  Url u = url();
  u.port = 1;  // nothing listens there
  HttpsClient c(reactor, u, {pki.ca_file()}, {});
  const HttpResult r = call(c, {HttpMethod::post, "/x", "", "", {}});
  EXPECT_EQ(r.failure, HttpFailure::connect);
  EXPECT_FALSE(r.request_sent);
}

TEST_F(HttpsFixture, AMissingCaFileIsAClearError) {
  try {
    HttpsClient c(reactor, url(), {dir.file("nope.pem")}, {});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.pem"), std::string::npos) << e.what();
  }
}

TEST_F(HttpsFixture, NoCallbackAfterClose) {
  reply = [](const ServerRequest&) {
    ServerReply r = ServerReply::json("{}");
    r.delay = 100 * ns_per_ms;
    return r;
  };
  bool called = false;
  {
    HttpsClient c(reactor, url(), {pki.ca_file()}, {});
    c.request({HttpMethod::get, "/x", "", "", {}}, [&](HttpResult&&) { called = true; });
    reactor.run(20 * ns_per_ms);
    c.close();
  }
  reactor.run(300 * ns_per_ms);
  EXPECT_FALSE(called);
}

TEST(ReactorScheduler, RunsTasksInTimeOrderOnTheRealClock) {
  RealClock clock;
  Reactor r(clock);
  std::vector<int> order;
  const Timestamp now = clock.now();
  r.schedule_at(now + 30 * ns_per_ms, [&] { order.push_back(3); });
  r.schedule_at(now + 10 * ns_per_ms, [&] { order.push_back(1); });
  r.schedule_at(now + 10 * ns_per_ms, [&] { order.push_back(2); });
  r.schedule_at(now + 40 * ns_per_ms, [&] {
    order.push_back(4);
    r.stop();
  });
  r.run(5 * ns_per_s);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_GE(clock.now(), now + 40 * ns_per_ms);
}

}  // namespace
}  // namespace symphony::net
