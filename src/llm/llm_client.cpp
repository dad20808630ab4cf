#include <symphony/llm/llm_client.hpp>

#include <symphony/llm/protocol.hpp>
#include <symphony/net/https_client.hpp>
#include <symphony/net/reactor.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace symphony::llm {

struct LlmClient::http {
  net::Url base;
  net::HttpsClient client;
  http(net::Reactor& reactor, net::Url url, const ProviderConfig& c)
      : base(url), client(reactor, url, c.tls, [&] {
          net::HttpsClientConfig h;
          h.request_timeout = c.timeout;
          h.max_body_bytes = 4u << 20;
          return h;
        }()) {}
};

struct LlmClient::call {
  LlmRequest request;
  Callback done;
  std::string model;
  std::string key;
  Timestamp started = 0;
  unsigned attempts = 0;
  Usage usage;
  Money cost;
  net::Backoff backoff;
  call(LlmRequest r, Callback d, const net::BackoffConfig& b, std::uint64_t seed)
      : request(std::move(r)), done(std::move(d)), backoff(b, seed) {}
};

LlmClient::LlmClient(net::Reactor& reactor, ProviderConfig config, std::string api_key, CostMeter& meter,
                     AnswerCache* cache, std::uint64_t seed)
    : reactor_(reactor),
      config_(std::move(config)),
      api_key_(std::move(api_key)),
      meter_(meter),
      cache_(cache),
      seed_(seed),
      breaker_(config_.breaker),
      alive_(std::make_shared<bool>(true)) {
  const auto url = net::parse_url(config_.base_url);
  if (!url) throw std::invalid_argument(fmt::format("{} base_url: {}", to_string(config_.provider), url.error().what));
  if (!api_key_.empty()) http_ = std::make_unique<http>(reactor_, *url, config_);
}

LlmClient::~LlmClient() {
  *alive_ = false;
  if (http_) http_->client.close();
}

void LlmClient::finish(const std::shared_ptr<call>& c, LlmResult&& r) {
  r.provider = config_.provider;
  if (r.model.empty()) r.model = c->model;
  r.latency = reactor_.clock().now() - c->started;
  r.attempts = c->attempts;
  if (!r.from_cache) {
    r.usage = c->usage;
    r.cost = c->cost;
  }
  c->done(std::move(r));
}

void LlmClient::complete(LlmRequest request, Callback done) {
  auto c = std::make_shared<call>(std::move(request), std::move(done), config_.backoff, seed_ ^ ++calls_);
  c->model = config_.model(c->request.tier);
  c->started = reactor_.clock().now();
  c->key = AnswerCache::key(config_.provider, c->model, c->request);
  LlmResult r;
  if (cache_ && cache_->mode() == CacheMode::replay) {
    if (const auto hit = cache_->find(c->key)) {
      r.outcome = Outcome::ok;
      r.answer = hit->answer;
      r.usage = hit->usage;
      r.model = hit->model;
      r.from_cache = true;
    } else {
      r.outcome = Outcome::not_cached;
      r.reason = "replay mode: this question was never recorded";
    }
    return finish(c, std::move(r));
  }
  if (!http_) {
    r.outcome = Outcome::disabled;
    r.reason = fmt::format("no {} API key", to_string(config_.provider));
    return finish(c, std::move(r));
  }
  if (!meter_.priced(c->model)) {
    r.outcome = Outcome::budget_exhausted;
    r.reason = fmt::format("model '{}' has no price in llm.prices: not called", c->model);
    return finish(c, std::move(r));
  }
  attempt(std::move(c));
}

void LlmClient::attempt(std::shared_ptr<call> c) {
  const Timestamp now = reactor_.clock().now();
  LlmResult r;
  std::string why;
  if (!meter_.allows(c->request.agent, now, &why)) {
    r.outcome = Outcome::budget_exhausted;
    r.reason = why;
    return finish(c, std::move(r));
  }
  // The breaker lets a call in once; its retries belong to it (a half-open trial included).
  if (c->attempts == 0 && !breaker_.allow(now)) {
    r.outcome = Outcome::circuit_open;
    r.reason =
        fmt::format("{} circuit open after {} failures", to_string(config_.provider), breaker_.consecutive_failures());
    return finish(c, std::move(r));
  }
  ++c->attempts;
  net::HttpRequest req;
  req.method = net::HttpMethod::post;
  req.content_type = "application/json";
  std::string base = http_->base.target;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (config_.provider == Provider::openai) {
    req.target = base + "/chat/completions";
    req.body = openai_request_body(c->model, c->request);
    req.headers.emplace_back("Authorization", "Bearer " + api_key_);
  } else {
    req.target = base + "/models/" + c->model + ":generateContent";
    req.body = gemini_request_body(c->request);
    req.headers.emplace_back("x-goog-api-key", api_key_);
  }
  std::weak_ptr<bool> alive = alive_;
  http_->client.request(std::move(req), [this, alive, c](net::HttpResult&& h) {
    if (alive.expired() || !*alive.lock()) return;
    const Timestamp t = reactor_.clock().now();
    ParsedReply p;
    if (!h.ok()) {
      p.outcome = h.failure == net::HttpFailure::timeout ? Outcome::timeout : Outcome::network;
      p.reason = fmt::format("{}: {}", net::to_string(h.failure), h.error);
    } else {
      p = config_.provider == Provider::openai ? parse_openai_reply(*h.response) : parse_gemini_reply(*h.response);
    }
    // Tokens used are paid for whatever the answer was worth.
    const Money cost = meter_.price(c->model, p.usage);
    c->usage.input += p.usage.input;
    c->usage.cached += p.usage.cached;
    c->usage.output += p.usage.output;
    c->cost += cost;
    for (const auto& b : meter_.charge(c->request.agent, cost, t))
      if (notice_)
        notice_({LlmNotice::Kind::budget, config_.provider,
                 fmt::format("{} LLM budget exhausted: {} USD spent (limit {})", b.scope, b.spent.to_string(),
                             b.limit.to_string())});
    if (p.outcome == Outcome::ok)
      if (auto bad = validate_json(p.text, c->request.schema)) {
        p.outcome = Outcome::malformed;
        p.reason = "answer does not match the schema: " + *bad;
      }
    if (retryable(p.outcome) && c->attempts <= config_.max_retries) {
      Duration delay = p.retry_after ? *p.retry_after : c->backoff.next();
      if (delay <= config_.max_retry_after) {
        reactor_.schedule_at(t + delay, [this, alive, c] {
          if (!alive.expired() && *alive.lock()) attempt(c);
        });
        return;
      }
      p.reason += fmt::format(" (asked to wait {}: not retried)", format_duration(delay));
    }
    if (const auto changed = breaker_.record(!retryable(p.outcome), t); changed && notice_)
      notice_({LlmNotice::Kind::breaker, config_.provider,
               fmt::format("{} circuit {}{}", to_string(config_.provider), to_string(*changed),
                           *changed == CircuitBreaker::State::open
                               ? fmt::format(" after {} failures: {}", breaker_.consecutive_failures(), p.reason)
                               : std::string())});
    LlmResult out;
    out.outcome = p.outcome;
    out.reason = p.outcome == Outcome::ok ? std::string() : p.reason;
    out.model = p.model;
    if (p.outcome == Outcome::ok) {
      out.answer = std::move(p.text);
      if (cache_ && cache_->mode() == CacheMode::record) {
        try {
          cache_->put(c->key, {out.answer, out.model.empty() ? c->model : out.model, c->usage});
        } catch (const std::exception& e) {
          if (notice_) notice_({LlmNotice::Kind::cache, config_.provider, e.what()});
        }
      }
    }
    finish(c, std::move(out));
  });
}

}  // namespace symphony::llm
