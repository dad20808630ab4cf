#include "venue/aster/rest_client.hpp"

#include "venue/aster/errors.hpp"

#include <spdlog/spdlog.h>

#include <strings.h>
#include <cstdlib>

namespace symphony::venue::aster {

std::string RestResult::describe() const {
  std::string out;
  if (status != 0) out = "HTTP " + std::to_string(status);
  if (error) out += (out.empty() ? "" : ", ") + std::string("venue ") + std::to_string(error->code) + ": " + error->msg;
  if (!failure.empty()) out += (out.empty() ? "" : ", ") + failure;
  return out.empty() ? "no answer" : out;
}

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

RestClient::RestClient(net::Reactor& reactor, net::Url origin, net::TlsConfig tls, net::HttpsClientConfig http,
                       SigningScheme api, const Signer* signer, double rate_headroom)
    : api_(api),
      reactor_(reactor),
      http_(reactor, std::move(origin), std::move(tls), http),
      signer_(signer),
      limiter_(
          {{net::RateLimit::Kind::request_weight, ns_per_min, 2400}, {net::RateLimit::Kind::orders, ns_per_min, 1200}},
          rate_headroom) {}

RestClient::~RestClient() { close(); }

void RestClient::close() {
  *alive_ = false;
  queue_.clear();
  http_.close();
}

void RestClient::call(RestCall c, callback done) {
  if (c.signed_call && !signer_) {
    RestResult r;
    r.failure = "signed call " + c.path + " without credentials";
    r.code = VenueErrc::auth_failed;
    done(std::move(r));
    return;
  }
  queue_.push_back({std::move(c), std::move(done), 0});
  queue_.back().deadline = now() + queue_.back().call.max_wait;
  pump();
}

// Sends queued calls in order while the limiter admits them; otherwise comes back when
// it says to. Calls that waited past their deadline fail unsent (safe to retry later).
void RestClient::pump() {
  while (!queue_.empty()) {
    Queued& q = queue_.front();
    const Timestamp t = now();
    const auto retry = limiter_.admit(t, q.call.weight, q.call.orders);
    if (!retry) {
      Queued next = std::move(q);
      queue_.pop_front();
      send(std::move(next));
      continue;
    }
    if (*retry > q.deadline) {
      Queued dead = std::move(q);
      queue_.pop_front();
      RestResult r;
      r.failure = "not sent: rate limit (the venue's limits or a 429/418 pause) until " + format_iso8601(*retry);
      r.code = VenueErrc::rate_limited;
      dead.done(std::move(r));
      continue;
    }
    if (!pump_scheduled_) {
      pump_scheduled_ = true;
      reactor_.schedule_at(*retry, [this, alive = alive_] {
        if (!*alive) return;
        pump_scheduled_ = false;
        pump();
      });
    }
    return;
  }
}

void RestClient::send(Queued q) {
  net::HttpRequest req;
  req.method = q.call.method;
  std::string params;
  if (q.call.signed_call) {
    // Signed at the last moment so the nonce is fresh; venue time corrects our skew.
    const Timestamp venue_now = skew_.venue_time(now());
    const SignedRequest s = signer_->sign(q.call.params, nonces_.next(static_cast<std::uint64_t>(venue_now / 1000)));
    params = s.params;
    req.headers = s.headers;
  } else {
    params = q.call.params.str();
  }
  const bool in_body = q.call.method == net::HttpMethod::post || q.call.method == net::HttpMethod::put;
  req.target = q.call.path;
  if (in_body) {
    req.body = std::move(params);
    req.content_type = "application/x-www-form-urlencoded";
  } else if (!params.empty()) {
    req.target += "?" + params;
  }
  const Timestamp sent = now();
  auto shared = std::make_shared<Queued>(std::move(q));
  http_.request(std::move(req), [this, alive = alive_, shared, sent](net::HttpResult&& r) {
    if (!*alive) return;
    on_response(*shared, sent, std::move(r));
  });
}

void RestClient::on_response(const Queued& q, Timestamp sent, net::HttpResult&& r) {
  RestResult out;
  out.sent_ts = sent;
  out.received_ts = now();
  out.sent = r.request_sent;
  if (!r.ok()) {
    out.failure = std::string(net::to_string(r.failure)) + ": " + r.error;
    out.outcome_unknown = r.request_sent;
    out.code = r.request_sent ? VenueErrc::outcome_unknown : VenueErrc::not_sent;
    q.done(std::move(out));
    return;
  }
  const net::HttpResponse& res = *r.response;
  out.sent = true;
  out.status = res.status;
  // The venue's own usage counters: X-MBX-USED-WEIGHT-1M, X-MBX-ORDER-COUNT-10S, ...
  for (const auto& [name, value] : res.headers) {
    auto usage = [&](std::string_view prefix, net::RateLimit::Kind kind) {
      if (name.size() <= prefix.size() || strncasecmp(name.data(), prefix.data(), prefix.size()) != 0) return;
      const auto interval = net::parse_usage_interval(std::string_view(name).substr(prefix.size()));
      const auto used = std::strtoul(value.c_str(), nullptr, 10);
      if (interval) limiter_.on_usage(out.received_ts, kind, *interval, static_cast<std::uint32_t>(used));
    };
    usage("X-MBX-USED-WEIGHT-", net::RateLimit::Kind::request_weight);
    usage("X-MBX-ORDER-COUNT-", net::RateLimit::Kind::orders);
  }
  out.body = res.body;
  if (res.status == 429 || res.status == 418) {
    const auto retry_after = net::parse_retry_after(res.header("Retry-After"));
    limiter_.on_rate_limited(out.received_ts, res.status, retry_after);
    spdlog::warn("aster: HTTP {} on {} {}: pausing requests until {}", res.status, net::to_string(q.call.method),
                 q.call.path, format_iso8601(limiter_.paused_until()));
  } else if (out.ok()) {
    limiter_.on_success();
  }
  if (!out.ok()) {
    out.error = parse_error(res.body);
    out.outcome_unknown = outcome_unknown(res.status, out.error);
    out.code = classify(res.status, out.error);
  }
  q.done(std::move(out));
}

void RestClient::sync_time(std::function<void(const std::string&)> done) {
  RestCall c;
  c.path = path("time");
  std::string what = "GET " + c.path;
  call(std::move(c), [this, what = std::move(what), done = std::move(done)](RestResult&& r) {
    if (!r.ok()) {
      done(what + ": " + r.describe());
      return;
    }
    std::string err;
    const auto server = parse_server_time(r.body, err);
    if (!server) {
      done(what + ": " + err);
      return;
    }
    skew_.add_sample(r.sent_ts, *server, r.received_ts);
    done("");
  });
}

}  // namespace symphony::venue::aster
