#pragma once

#include <symphony/core/time.hpp>
#include <symphony/net/tls.hpp>
#include <symphony/net/url.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symphony::net {

class Reactor;

enum class HttpMethod : std::uint8_t { get, post, put, del };
std::string_view to_string(HttpMethod m) noexcept;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  HttpMethod method = HttpMethod::get;
  std::string target;  ///< path and query, e.g. "/fapi/v3/time"
  std::string body;
  std::string content_type;  ///< set when `body` is not empty
  Headers headers;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  /// The first header named `name` (case-insensitive), or empty.
  [[nodiscard]] std::string_view header(std::string_view name) const noexcept;
};

/// What went wrong with a request that got no HTTP response.
enum class HttpFailure : std::uint8_t {
  connect,    ///< resolve or TCP connect failed
  tls,        ///< handshake or certificate verification failed
  timeout,    ///< a step passed its deadline
  io,         ///< the connection broke
  shut_down,  ///< the client was closed
};
std::string_view to_string(HttpFailure f) noexcept;

/// The outcome of one request: a response (any status) or a failure. `request_sent`
/// says whether any byte of the request may have reached the server: when it did, the
/// outcome at the server is unknown (an order may exist) and the caller must reconcile
/// rather than resend.
struct HttpResult {
  std::optional<HttpResponse> response;
  HttpFailure failure = HttpFailure::io;
  bool request_sent = false;
  std::string error;  ///< when there is no response
  Duration elapsed = 0;
  [[nodiscard]] bool ok() const noexcept { return response.has_value(); }
};

struct HttpsClientConfig {
  std::size_t max_connections = 4;           ///< keep-alive connections to the host
  Duration connect_timeout = 5 * ns_per_s;   ///< resolve + connect + TLS handshake
  Duration request_timeout = 10 * ns_per_s;  ///< write + read of one exchange
  Duration idle_timeout = 30 * ns_per_s;     ///< idle connections are closed after this
  std::size_t max_queued = 256;              ///< requests waiting for a connection
  std::size_t max_body_bytes = 16u << 20;
};

/// An HTTPS/1.1 client for one host: a pool of keep-alive TLS connections, a deadline on
/// every step, requests queued when every connection is busy. A request that fails on a
/// reused connection before any response byte arrives is retried once on a fresh one only
/// when it is idempotent (GET). Callbacks run on the reactor's thread; none runs after
/// `close` returns or the client is destroyed.
class HttpsClient {
 public:
  using callback = std::function<void(HttpResult&&)>;
  HttpsClient(Reactor& reactor, Url origin, TlsConfig tls, HttpsClientConfig config);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  void request(HttpRequest request, callback done);
  /// Closes every connection. Requests still pending are abandoned: their callbacks never run.
  void close();

  struct Stats {
    std::uint64_t requests = 0;
    std::uint64_t connections_opened = 0;
    std::uint64_t reused = 0;
    std::uint64_t failures = 0;
    std::uint64_t retries = 0;
  };
  [[nodiscard]] const Stats& stats() const noexcept;
  [[nodiscard]] const Url& origin() const noexcept;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace symphony::net
