#pragma once

// Private to venue/aster: Aster's REST API, a `venue::RestSession` with Aster's policy:
// request-weight and order-count limits and their usage headers, signing with the
// configured scheme at skew-corrected time, `{code,msg}` error bodies and their meaning.

#include <symphony/net/clock_skew.hpp>
#include <symphony/net/https_client.hpp>
#include <symphony/net/rate_limiter.hpp>
#include <symphony/net/reactor.hpp>
#include <symphony/venue/rest_session.hpp>

#include "venue/aster/rest_parser.hpp"
#include "venue/aster/signer.hpp"

#include <functional>
#include <optional>
#include <string>
#include <system_error>

namespace symphony::venue::aster {

using venue::RestCall;
using venue::RestResult;

/// The path of `endpoint` ("order", "balance", "positionSide/dual") in the API that
/// `scheme` belongs to: `/fapi/v3/...` for V3 (either signature), and for V1 `/fapi/v1/...`
/// except `balance` and `positionRisk` (`/fapi/v2/...`) and `account` (`/fapi/v4/account`).
std::string api_path(SigningScheme scheme, std::string_view endpoint);

/// What makes a REST session Aster's.
class AsterPolicy final : public RestPolicy {
 public:
  explicit AsterPolicy(const Signer* signer) : signer_(signer) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "aster"; }
  [[nodiscard]] bool can_sign() const noexcept override { return signer_ != nullptr; }
  /// The nonce (µs) comes from `venue_now`, unique and rising within the process.
  [[nodiscard]] SignedForm sign(const FormParams& params, Timestamp venue_now) override;
  /// `X-MBX-USED-WEIGHT-<interval>` and `X-MBX-ORDER-COUNT-<interval>`.
  void read_usage(const net::HttpResponse& response, Timestamp now, net::RateLimiter& limiter) override;
  [[nodiscard]] std::optional<ApiError> parse_error(std::string_view body) const override;
  [[nodiscard]] bool outcome_unknown(int status, const std::optional<ApiError>& error) const override;
  [[nodiscard]] std::error_code classify(int status, const std::optional<ApiError>& error) const override;

 private:
  const Signer* signer_;
  NonceSource nonces_;
};

/// Aster's limits before exchangeInfo states them: 2400 weight and 1200 orders a minute.
std::vector<net::RateLimit> default_limits();

class RestClient {
 public:
  using callback = RestSession::callback;
  /// `api` picks the path family (see `api_path`), also for unsigned calls.
  RestClient(net::Reactor& reactor, net::Url origin, net::TlsConfig tls, net::HttpsClientConfig http, SigningScheme api,
             const Signer* signer, double rate_headroom);

  void call(RestCall call, callback done) { session_.call(std::move(call), std::move(done)); }
  void set_limits(std::vector<net::RateLimit> limits) { session_.set_limits(std::move(limits)); }
  /// `api_path` in this client's API.
  [[nodiscard]] std::string path(std::string_view endpoint) const { return api_path(api_, endpoint); }
  /// Measures the clock offset with `GET .../time`; `done` with what failed, if anything.
  void sync_time(std::function<void(result<void, Failure>&&)> done);

  [[nodiscard]] const net::ClockSkew& skew() const noexcept { return session_.skew(); }
  [[nodiscard]] const net::RateLimiter& limiter() const noexcept { return session_.limiter(); }
  [[nodiscard]] bool can_sign() const noexcept { return session_.can_sign(); }
  /// Drops queued calls and closes connections; no callback runs afterwards.
  void close() { session_.close(); }

 private:
  SigningScheme api_;
  AsterPolicy policy_;
  RestSession session_;
};

}  // namespace symphony::venue::aster
