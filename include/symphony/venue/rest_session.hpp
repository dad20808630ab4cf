#pragma once

#include <symphony/core/result.hpp>
#include <symphony/net/clock_skew.hpp>
#include <symphony/net/https_client.hpp>
#include <symphony/net/rate_limiter.hpp>
#include <symphony/net/reactor.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace symphony::venue {

/// Form parameters in the order given, URL-encoded as they are added.
class FormParams {
 public:
  FormParams& add(std::string_view key, std::string_view value);
  [[nodiscard]] const std::string& str() const noexcept { return text_; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& pairs() const noexcept { return pairs_; }
  [[nodiscard]] bool empty() const noexcept { return pairs_.empty(); }

 private:
  std::string text_;
  std::vector<std::pair<std::string, std::string>> pairs_;
};

/// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view s);
/// Decodes `%XX` and `+`; nothing on a malformed escape.
std::optional<std::string> url_decode(std::string_view s);

/// A venue's error as its answer states it: a code and a message.
struct ApiError {
  int code = 0;
  std::string msg;
};

/// One REST call.
struct RestCall {
  net::HttpMethod method = net::HttpMethod::get;
  std::string path;
  FormParams params;
  bool signed_call = false;
  std::uint32_t weight = 1;  ///< in the limiter's bucket "weight"
  std::uint32_t orders = 0;  ///< in the bucket "orders": 1 for calls that place orders
  /// Further buckets the call costs (per endpoint, per address).
  std::vector<std::pair<std::string, std::uint32_t>> costs;
  /// How long the call may wait for the rate limiter before it fails unsent.
  Duration max_wait = 30 * ns_per_s;
};

/// What became of a call.
struct RestResult {
  int status = 0;  ///< HTTP status; 0 when there was no response
  std::string body;
  std::optional<ApiError> error;  ///< the venue's error on a non-2xx answer
  std::error_code code;           ///< what went wrong, as a venue error; empty on a 2xx
  /// True when the request may have reached the venue but no answer says what happened
  /// (a timeout, a broken connection, a 5xx or an "unknown status" error): the caller must
  /// reconcile, never resend.
  bool outcome_unknown = false;
  bool sent = false;      ///< any byte may have reached the venue
  std::string failure;    ///< why there is no usable answer; never contains secrets
  Timestamp sent_ts = 0;  ///< local time the request went out
  Timestamp received_ts = 0;
  [[nodiscard]] bool ok() const noexcept { return status >= 200 && status < 300; }
  /// "HTTP 400, venue -2010: Order would immediately trigger." and the like.
  [[nodiscard]] std::string describe() const;
  /// As a failure of `what` ("GET /fapi/v3/balance"): "<what>: <describe()>", with `code`.
  [[nodiscard]] Failure as_failure(std::string_view what) const;
};

/// A signed call's final parameter string and the headers it needs.
struct SignedForm {
  std::string params;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What makes a session one venue's: how it signs, reads its usage headers and judges its
/// error answers. Called on the reactor's thread.
class RestPolicy {
 public:
  virtual ~RestPolicy() = default;
  /// For log lines: "aster".
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  [[nodiscard]] virtual bool can_sign() const noexcept = 0;
  /// `params` signed at the venue's time `venue_now` (our clock corrected by the skew):
  /// signed at the last moment before sending, so nonces and timestamps are fresh.
  [[nodiscard]] virtual SignedForm sign(const FormParams& params, Timestamp venue_now) = 0;
  /// The venue's own usage counters in `response`, into `limiter`.
  virtual void read_usage(const net::HttpResponse& response, Timestamp now, net::RateLimiter& limiter) {
    (void)response, (void)now, (void)limiter;
  }
  /// The venue's error in a non-2xx answer's body, when it states one.
  [[nodiscard]] virtual std::optional<ApiError> parse_error(std::string_view body) const = 0;
  /// Whether the answer leaves open what became of the request.
  [[nodiscard]] virtual bool outcome_unknown(int status, const std::optional<ApiError>& error) const = 0;
  /// What a non-2xx answer means, as a venue error.
  [[nodiscard]] virtual std::error_code classify(int status, const std::optional<ApiError>& error) const = 0;
};

/// A venue's REST API over one keep-alive HTTPS pool: calls queued in order and sent
/// while the rate limiter admits them (a call that would wait past its `max_wait` fails
/// unsent), 429/418 pauses, signed calls signed by the policy at the venue's time,
/// answers judged by the policy. Callbacks run on the reactor's thread; none after
/// `close`.
class RestSession {
 public:
  using callback = std::function<void(RestResult&&)>;
  RestSession(net::Reactor& reactor, net::Url origin, net::TlsConfig tls, net::HttpsClientConfig http,
              RestPolicy& policy, std::vector<net::RateLimit> limits, double rate_headroom);
  ~RestSession();
  RestSession(const RestSession&) = delete;
  RestSession& operator=(const RestSession&) = delete;

  void call(RestCall call, callback done);
  void set_limits(std::vector<net::RateLimit> limits) { limiter_.set_limits(std::move(limits)); }
  /// A clock sample: the venue's `server` time seen between our `sent` and `received`.
  void add_clock_sample(Timestamp sent, Timestamp server, Timestamp received) {
    skew_.add_sample(sent, server, received);
  }
  [[nodiscard]] const net::ClockSkew& skew() const noexcept { return skew_; }
  [[nodiscard]] const net::RateLimiter& limiter() const noexcept { return limiter_; }
  [[nodiscard]] bool can_sign() const noexcept { return policy_.can_sign(); }
  /// Drops queued calls and closes connections; no callback runs afterwards.
  void close();

 private:
  struct Queued {
    RestCall call;
    callback done;
    Timestamp deadline = 0;
  };
  void pump();
  void send(Queued q);
  void on_response(const Queued& q, Timestamp sent, net::HttpResult&& r);
  [[nodiscard]] Timestamp now() const { return reactor_.clock().now(); }

  net::Reactor& reactor_;
  net::HttpsClient http_;
  RestPolicy& policy_;
  net::RateLimiter limiter_;
  net::ClockSkew skew_;
  std::deque<Queued> queue_;
  bool pump_scheduled_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace symphony::venue
