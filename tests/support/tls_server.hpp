#pragma once

#include <symphony/core/time.hpp>

#include "test_pki.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symphony::test {

struct ServerRequest {
  std::string method;
  std::string target;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  [[nodiscard]] std::string header(std::string_view name) const;
  [[nodiscard]] std::string path() const { return target.substr(0, target.find('?')); }
  [[nodiscard]] std::string query() const {
    const auto q = target.find('?');
    return q == std::string::npos ? std::string() : target.substr(q + 1);
  }
};

struct ServerReply {
  enum class Action {
    respond,  ///< send the reply
    drop,     ///< close the connection without an answer
    stall,    ///< keep the connection open and never answer
  };
  Action action = Action::respond;
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  Duration delay = 0;  ///< answer this much later
  static ServerReply json(std::string body, int status = 200) {
    ServerReply r;
    r.body = std::move(body);
    r.status = status;
    return r;
  }
};

/// An HTTPS + WSS server on 127.0.0.1 (an ephemeral port) running on its own thread,
/// with the certificate of a `TestPki`. HTTP requests go to `http`; an upgrade request is
/// offered to `ws_open` (false refuses it with 404), and each WebSocket message to
/// `ws_message`. Handlers run on the server's thread. The control calls (`send`, `drop`,
/// …) are safe from any thread.
class TlsServer {
 public:
  struct Handlers {
    std::function<ServerReply(const ServerRequest&)> http;
    std::function<bool(std::uint64_t session, const std::string& target)> ws_open;
    std::function<void(std::uint64_t session, const std::string& message)> ws_message;
    std::function<void(std::uint64_t session)> ws_closed;
  };
  TlsServer(const TestPki& pki, Handlers handlers);
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept;
  [[nodiscard]] std::string https_url() const { return "https://127.0.0.1:" + std::to_string(port()); }
  [[nodiscard]] std::string wss_url() const { return "wss://127.0.0.1:" + std::to_string(port()); }

  /// Sends a text message to one WebSocket session (ignored if it is gone).
  void send(std::uint64_t session, std::string message);
  /// Closes a session with a close frame.
  void close(std::uint64_t session);
  /// Cuts a session's TCP connection without a close frame.
  void drop(std::uint64_t session);
  /// Stops reading from and writing to a session (no pongs either) until it is dropped.
  void stall(std::uint64_t session);
  /// Cuts every connection, HTTP and WebSocket.
  void drop_all();
  /// Stops the server's thread (joins it); after this no handler runs. Idempotent.
  void stop();
  /// Runs `fn` on the server's thread every `period` until the server is destroyed.
  void every(Duration period, std::function<void()> fn);

  /// Number of HTTPS connections accepted and of open WebSocket sessions.
  [[nodiscard]] std::uint64_t connections_accepted() const noexcept;
  [[nodiscard]] std::size_t ws_sessions() const;

  struct Impl;

 private:
  struct Io;
  // The reactor outlives the state: its pending coroutines hold `impl_`, and destroying
  // it (after `impl_`, by member order) destroys them and with them the state.
  std::unique_ptr<Io> io_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace symphony::test
