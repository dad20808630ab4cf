#include <symphony/venue/rest_session.hpp>

#include <symphony/venue/errors.hpp>

#include <spdlog/spdlog.h>

namespace symphony::venue {

namespace {

bool unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

}  // namespace

FormParams& FormParams::add(std::string_view key, std::string_view value) {
  if (!text_.empty()) text_ += '&';
  text_ += url_encode(key);
  text_ += '=';
  text_ += url_encode(value);
  pairs_.emplace_back(key, value);
  return *this;
}

std::string url_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += digits[u >> 4];
      out += digits[u & 0xf];
    }
  }
  return out;
}

std::optional<std::string> url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      const int hi = hex(s[i + 1]);
      const int lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi << 4 | lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string RestResult::describe() const {
  std::string out;
  if (status != 0) out = "HTTP " + std::to_string(status);
  if (error) out += (out.empty() ? "" : ", ") + std::string("venue ") + std::to_string(error->code) + ": " + error->msg;
  if (!failure.empty()) out += (out.empty() ? "" : ", ") + failure;
  return out.empty() ? "no answer" : out;
}

Failure RestResult::as_failure(std::string_view what) const {
  return Failure(std::string(what) + ": " + describe(), code);
}

RestSession::RestSession(net::Reactor& reactor, net::Url origin, net::TlsConfig tls, net::HttpsClientConfig http,
                         RestPolicy& policy, std::vector<net::RateLimit> limits, double rate_headroom)
    : reactor_(reactor),
      http_(reactor, std::move(origin), std::move(tls), http),
      policy_(policy),
      limiter_(std::move(limits), rate_headroom) {}

RestSession::~RestSession() { close(); }

void RestSession::close() {
  *alive_ = false;
  queue_.clear();
  http_.close();
}

void RestSession::call(RestCall c, callback done) {
  if (c.signed_call && !policy_.can_sign()) {
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
void RestSession::pump() {
  while (!queue_.empty()) {
    Queued& q = queue_.front();
    const Timestamp t = now();
    std::optional<Timestamp> retry;
    if (q.call.costs.empty()) {
      retry = limiter_.admit(t, q.call.weight, q.call.orders);  // the common case: no allocation
    } else {
      std::vector<net::RateCost> costs{{"weight", q.call.weight}, {"orders", q.call.orders}};
      for (const auto& [bucket, units] : q.call.costs) costs.push_back({bucket, units});
      retry = limiter_.admit(t, costs);
    }
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

void RestSession::send(Queued q) {
  net::HttpRequest req;
  req.method = q.call.method;
  std::string params;
  if (q.call.signed_call) {
    // Signed at the last moment so the nonce is fresh; venue time corrects our skew.
    const Timestamp venue_now = skew_.venue_time(now());
    const SignedForm s = policy_.sign(q.call.params, venue_now);
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

void RestSession::on_response(const Queued& q, Timestamp sent, net::HttpResult&& r) {
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
  policy_.read_usage(res, out.received_ts, limiter_);
  out.body = res.body;
  if (res.status == 429 || res.status == 418) {
    const auto retry_after = net::parse_retry_after(res.header("Retry-After"));
    limiter_.on_rate_limited(out.received_ts, res.status, retry_after);
    spdlog::warn("{}: HTTP {} on {} {}: pausing requests until {}", policy_.name(), res.status,
                 net::to_string(q.call.method), q.call.path, format_iso8601(limiter_.paused_until()));
  } else if (out.ok()) {
    limiter_.on_success();
  }
  if (!out.ok()) {
    out.error = policy_.parse_error(res.body);
    out.outcome_unknown = policy_.outcome_unknown(res.status, out.error);
    out.code = policy_.classify(res.status, out.error);
  }
  q.done(std::move(out));
}

}  // namespace symphony::venue
