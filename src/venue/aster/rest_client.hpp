#pragma once

// Private to venue/aster: Aster's REST API over one keep-alive HTTPS pool, with the
// request-weight and order-count limits, usage headers, 429/418 pauses, clock-skew
// corrected signing, and error bodies decoded.

#include <symphony/net/clock_skew.hpp>
#include <symphony/net/https_client.hpp>
#include <symphony/net/rate_limiter.hpp>
#include <symphony/net/reactor.hpp>

#include "venue/aster/rest_parser.hpp"
#include "venue/aster/signer.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

namespace symphony::venue::aster {

/// One REST call.
struct RestCall {
  net::HttpMethod method = net::HttpMethod::get;
  std::string path;  ///< "/fapi/v3/order": from `RestClient::path`
  Params params;
  bool signed_call = false;
  std::uint32_t weight = 1;
  std::uint32_t orders = 0;  ///< 1 for calls that place orders
  /// How long the call may wait for the rate limiter before it fails unsent.
  Duration max_wait = 30 * ns_per_s;
};

/// What became of a call.
struct RestResult {
  int status = 0;  ///< HTTP status; 0 when there was no response
  std::string body;
  std::optional<ApiError> error;  ///< the venue's `{code,msg}` on a non-2xx answer
  std::error_code code;           ///< what went wrong, as a venue error (`classify`); empty on a 2xx
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
};

/// The path of `endpoint` ("order", "balance", "positionSide/dual") in the API that
/// `scheme` belongs to: `/fapi/v3/...` for V3 (either signature), and for V1 `/fapi/v1/...`
/// except `balance` and `positionRisk` (`/fapi/v2/...`) and `account` (`/fapi/v4/account`).
std::string api_path(SigningScheme scheme, std::string_view endpoint);

class RestClient {
 public:
  using callback = std::function<void(RestResult&&)>;
  /// `api` picks the path family (see `api_path`), also for unsigned calls.
  RestClient(net::Reactor& reactor, net::Url origin, net::TlsConfig tls, net::HttpsClientConfig http, SigningScheme api,
             const Signer* signer, double rate_headroom);
  ~RestClient();

  void call(RestCall call, callback done);
  void set_limits(std::vector<net::RateLimit> limits) { limiter_.set_limits(std::move(limits)); }
  /// `api_path` in this client's API.
  [[nodiscard]] std::string path(std::string_view endpoint) const { return api_path(api_, endpoint); }
  /// Measures the clock offset with `GET .../time`; `done(error)` ("" on success).
  void sync_time(std::function<void(const std::string&)> done);

  [[nodiscard]] const net::ClockSkew& skew() const noexcept { return skew_; }
  [[nodiscard]] const net::RateLimiter& limiter() const noexcept { return limiter_; }
  [[nodiscard]] bool can_sign() const noexcept { return signer_ != nullptr; }
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
  SigningScheme api_;

  net::Reactor& reactor_;
  net::HttpsClient http_;
  const Signer* signer_;
  net::RateLimiter limiter_;
  net::ClockSkew skew_;
  NonceSource nonces_;
  std::deque<Queued> queue_;
  bool pump_scheduled_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace symphony::venue::aster
