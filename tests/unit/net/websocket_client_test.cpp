// The WebSocket client against a TLS server on loopback: messages both ways, reconnect
// with backoff after a drop, stall detection when the server goes silent.
#include <symphony/net/reactor.hpp>
#include <symphony/net/websocket_client.hpp>

#include <temp_dir.hpp>
#include <test_pki.hpp>
#include <tls_server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

namespace symphony::net {
namespace {

struct Events : WebSocketHandler {
  std::function<void()> opened;
  std::vector<std::string> messages;
  std::vector<std::string> disconnects;
  std::vector<Duration> delays;
  int opens = 0;
  void on_open() override {
    ++opens;
    if (opened) opened();
  }
  void on_message(std::string_view m, bool) override { messages.emplace_back(m); }
  void on_disconnect(std::string_view reason, Duration retry_in) override {
    disconnects.emplace_back(reason);
    delays.push_back(retry_in);
  }
};

struct WsFixture : ::testing::Test {
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  RealClock clock;
  Reactor reactor{clock};
  std::mutex mu;
  std::vector<std::uint64_t> sessions;
  std::vector<std::string> targets;
  std::vector<std::string> received;
  test::TlsServer server{pki,
                         {{},
                          [this](std::uint64_t id, const std::string& target) {
                            std::lock_guard lock(mu);
                            sessions.push_back(id);
                            targets.push_back(target);
                            return target.rfind("/ws", 0) == 0;
                          },
                          [this](std::uint64_t id, const std::string& m) {
                            std::lock_guard lock(mu);
                            received.push_back(m);
                            server.send(id, "echo:" + m);
                          },
                          {}}};

  Url url(const std::string& target = "/ws/abc") { return *parse_url(server.wss_url() + target); }
  // Runs the reactor in slices until `pred` or 10 s.
  bool until(const std::function<bool()>& pred) {
    for (int i = 0; i < 1000 && !pred(); ++i) reactor.run(10 * ns_per_ms);
    return pred();
  }
  std::uint64_t last_session() {
    std::lock_guard lock(mu);
    return sessions.empty() ? 0 : sessions.back();
  }
};

TEST_F(WsFixture, ExchangesMessages) {
  Events ev;
  WebSocketConfig cfg;
  WebSocketClient c(reactor, url(), {pki.ca_file()}, cfg, ev, 1);
  ev.opened = [&] { EXPECT_TRUE(c.send("hello")); };
  c.start();
  ASSERT_TRUE(until([&] { return !ev.messages.empty(); }));
  EXPECT_EQ(ev.messages[0], "echo:hello");
  EXPECT_TRUE(c.connected());
  server.send(last_session(), R"({"e":"depthUpdate"})");
  ASSERT_TRUE(until([&] { return ev.messages.size() == 2; }));
  EXPECT_EQ(ev.messages[1], R"({"e":"depthUpdate"})");
  EXPECT_EQ(targets.front(), "/ws/abc");
  c.stop();
  EXPECT_FALSE(c.connected());
}

TEST_F(WsFixture, ReconnectsAfterADropAndResubscribes) {
  Events ev;
  WebSocketConfig cfg;
  cfg.backoff = {20 * ns_per_ms, 200 * ns_per_ms, 2.0, 0.5};
  WebSocketClient c(reactor, url(), {pki.ca_file()}, cfg, ev, 7);
  ev.opened = [&] { c.send("subscribe"); };
  c.start();
  ASSERT_TRUE(until([&] { return ev.messages.size() == 1; }));
  server.drop(last_session());
  ASSERT_TRUE(until([&] { return ev.messages.size() == 2; }));
  EXPECT_EQ(ev.opens, 2);
  ASSERT_EQ(ev.disconnects.size(), 1u);
  EXPECT_LE(ev.delays[0], 20 * ns_per_ms);
  EXPECT_EQ(c.connects(), 2u);
  std::lock_guard lock(mu);
  EXPECT_EQ(received, (std::vector<std::string>{"subscribe", "subscribe"}));
}

TEST_F(WsFixture, BacksOffWhileTheServerRefuses) {
  Events ev;
  WebSocketConfig cfg;
  cfg.backoff = {10 * ns_per_ms, 80 * ns_per_ms, 2.0, 0.0};  // no jitter: exact delays
  WebSocketClient c(reactor, url("/nope"), {pki.ca_file()}, cfg, ev, 3);
  c.start();
  ASSERT_TRUE(until([&] { return ev.delays.size() >= 5; }));
  c.stop();
  EXPECT_EQ(ev.opens, 0);
  EXPECT_EQ(ev.delays[0], 10 * ns_per_ms);
  EXPECT_EQ(ev.delays[1], 20 * ns_per_ms);
  EXPECT_EQ(ev.delays[2], 40 * ns_per_ms);
  EXPECT_EQ(ev.delays[3], 80 * ns_per_ms);
  EXPECT_EQ(ev.delays[4], 80 * ns_per_ms);
  EXPECT_NE(ev.disconnects[0].find("WebSocket upgrade"), std::string::npos) << ev.disconnects[0];
}

TEST_F(WsFixture, DetectsAStalledConnectionAndReconnects) {
  Events ev;
  WebSocketConfig cfg;
  cfg.ping_interval = 50 * ns_per_ms;
  cfg.stall_timeout = 300 * ns_per_ms;
  cfg.backoff = {10 * ns_per_ms, 50 * ns_per_ms, 2.0, 0.5};
  WebSocketClient c(reactor, url(), {pki.ca_file()}, cfg, ev, 5);
  c.start();
  ASSERT_TRUE(until([&] { return c.connected(); }));
  // Pongs keep a quiet connection alive well past the stall timeout.
  const auto quiet_until = clock.now() + 600 * ns_per_ms;
  until([&] { return clock.now() > quiet_until; });
  EXPECT_TRUE(ev.disconnects.empty());
  const auto stalled_at = clock.now();
  server.stall(last_session());
  // (Seen once in CI under ASan, not reproduced: no disconnect within 10 s. Say what the
  // client saw, should it happen again.)
  ASSERT_TRUE(until([&] { return !ev.disconnects.empty(); }))
      << "connected " << c.connected() << ", connects " << c.connects() << ", messages " << ev.messages.size()
      << ", server sessions " << server.ws_sessions() << ", waited " << format_elapsed(clock.now() - stalled_at);
  EXPECT_NE(ev.disconnects[0].find("stalled"), std::string::npos) << ev.disconnects[0];
  ASSERT_TRUE(until([&] { return ev.opens == 2; }));
}

TEST_F(WsFixture, NoCallbackAfterStop) {
  Events ev;
  WebSocketClient c(reactor, url(), {pki.ca_file()}, {}, ev, 1);
  c.start();
  ASSERT_TRUE(until([&] { return c.connected(); }));
  c.stop();
  server.send(last_session(), "late");
  reactor.run(100 * ns_per_ms);
  EXPECT_TRUE(ev.messages.empty());
  EXPECT_TRUE(ev.disconnects.empty());
}

}  // namespace
}  // namespace symphony::net
