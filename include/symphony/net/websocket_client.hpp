#pragma once

#include <symphony/core/time.hpp>
#include <symphony/net/backoff.hpp>
#include <symphony/net/tls.hpp>
#include <symphony/net/url.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace symphony::net {

class Reactor;

/// What a `WebSocketClient` tells its owner. Called on the reactor's thread.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  /// Connected and upgraded; subscribe here (this also runs after every reconnect).
  virtual void on_open() = 0;
  /// One complete message. The view is valid only during the call, and at least
  /// `WebSocketClient::message_padding` bytes after its end are readable (the receive
  /// buffer's slack), so a parser that reads ahead (simdjson) can work in place.
  virtual void on_message(std::string_view message, bool binary) = 0;
  /// The connection is gone (`reason` says why); a reconnect follows after `retry_in`
  /// unless the client was stopped.
  virtual void on_disconnect(std::string_view reason, Duration retry_in) = 0;
};

struct WebSocketConfig {
  Duration connect_timeout = 10 * ns_per_s;  ///< resolve + TCP + TLS + upgrade
  Duration ping_interval = 30 * ns_per_s;    ///< we ping this often
  Duration stall_timeout = 60 * ns_per_s;    ///< no frame at all (data, ping, pong) this long: reconnect
  BackoffConfig backoff;
  std::size_t max_message_bytes = 16u << 20;
};

/// A TLS WebSocket client that stays connected: text and binary messages, answers the
/// server's pings, pings on its own, treats a silent connection as dead, and reconnects
/// with jittered exponential backoff (the handler resubscribes in `on_open`). Lives on
/// the reactor's thread; no callback runs after `stop` returns or after destruction.
class WebSocketClient {
 public:
  /// Readable bytes guaranteed after every message handed to `on_message`.
  static constexpr std::size_t message_padding = 64;
  WebSocketClient(Reactor& reactor, Url url, TlsConfig tls, WebSocketConfig config, WebSocketHandler& handler,
                  std::uint64_t seed);
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  /// Connects (and keeps reconnecting) until `stop`.
  void start();
  /// Closes gracefully (a close frame, bounded by the timeout) and stops reconnecting.
  void stop();
  /// Queues a text message; dropped (false) when not connected.
  bool send(std::string message);
  /// The path and query used by the next connection (a new listen key, new streams).
  void set_target(std::string target);
  /// How the target is named in errors and logs, for a target that carries a secret (a
  /// listen key in the path): "/ws/<listen key>". Default: the target itself.
  void set_shown_target(std::string shown);
  /// Drops the current connection now and reconnects after the backoff.
  void reconnect(std::string_view reason);

  [[nodiscard]] bool connected() const noexcept;
  [[nodiscard]] std::uint64_t connects() const noexcept;
  [[nodiscard]] std::uint64_t messages() const noexcept;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace symphony::net
