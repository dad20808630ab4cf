#include "venue/aster/rest_client.hpp"

#include "venue/aster/errors.hpp"

#include <strings.h>
#include <cstdlib>

namespace symphony::venue::aster {

std::string api_path(SigningScheme scheme, std::string_view endpoint) {
  std::string_view version = "/fapi/v3/";
  if (scheme == SigningScheme::v1) {
    version = "/fapi/v1/";
    if (endpoint == "balance" || endpoint == "positionRisk") version = "/fapi/v2/";
    if (endpoint == "account") version = "/fapi/v4/";
  }
  std::string out(version);
  out += endpoint;
  return out;
}

SignedForm AsterPolicy::sign(const FormParams& params, Timestamp venue_now) {
  return signer_->sign(params, nonces_.next(static_cast<std::uint64_t>(venue_now / 1000)));
}

void AsterPolicy::read_usage(const net::HttpResponse& response, Timestamp now, net::RateLimiter& limiter) {
  for (const auto& [name, value] : response.headers) {
    auto usage = [&](std::string_view prefix, std::string_view bucket) {
      if (name.size() <= prefix.size() || strncasecmp(name.data(), prefix.data(), prefix.size()) != 0) return;
      const auto interval = net::parse_usage_interval(std::string_view(name).substr(prefix.size()));
      const auto used = std::strtoul(value.c_str(), nullptr, 10);
      if (interval) limiter.on_usage(now, bucket, *interval, static_cast<std::uint32_t>(used));
    };
    usage("X-MBX-USED-WEIGHT-", "weight");
    usage("X-MBX-ORDER-COUNT-", "orders");
  }
}

std::optional<ApiError> AsterPolicy::parse_error(std::string_view body) const { return aster::parse_error(body); }

bool AsterPolicy::outcome_unknown(int status, const std::optional<ApiError>& error) const {
  return aster::outcome_unknown(status, error);
}

std::error_code AsterPolicy::classify(int status, const std::optional<ApiError>& error) const {
  return aster::classify(status, error);
}

std::vector<net::RateLimit> default_limits() {
  return {{net::RateLimit::Kind::request_weight, ns_per_min, 2400}, {net::RateLimit::Kind::orders, ns_per_min, 1200}};
}

RestClient::RestClient(net::Reactor& reactor, net::Url origin, net::TlsConfig tls, net::HttpsClientConfig http,
                       SigningScheme api, const Signer* signer, double rate_headroom)
    : api_(api),
      policy_(signer),
      session_(reactor, std::move(origin), std::move(tls), http, policy_, default_limits(), rate_headroom) {}

void RestClient::sync_time(std::function<void(result<void, Failure>&&)> done) {
  RestCall c;
  c.path = path("time");
  std::string what = "GET " + c.path;
  call(std::move(c), [this, what = std::move(what), done = std::move(done)](RestResult&& r) {
    if (!r.ok()) {
      done(r.as_failure(what));
      return;
    }
    const auto server = parse_server_time(r.body);
    if (!server) {
      done(Failure(what + ": " + server.error().what, server.error().code));
      return;
    }
    session_.add_clock_sample(r.sent_ts, *server, r.received_ts);
    done({});
  });
}

}  // namespace symphony::venue::aster
