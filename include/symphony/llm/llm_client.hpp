#pragma once

#include <symphony/llm/answer_cache.hpp>
#include <symphony/llm/circuit_breaker.hpp>
#include <symphony/llm/cost_meter.hpp>
#include <symphony/llm/llm.hpp>
#include <symphony/net/backoff.hpp>
#include <symphony/net/tls.hpp>

#include <functional>
#include <memory>
#include <string>

namespace symphony::net {
class Reactor;
}

namespace symphony::llm {

/// One provider's settings (config `llm.openai`, `llm.gemini`).
struct ProviderConfig {
  Provider provider = Provider::openai;
  /// `https://api.openai.com/v1`, any OpenAI-compatible HTTPS base, or
  /// `https://generativelanguage.googleapis.com/v1beta`.
  std::string base_url = "https://api.openai.com/v1";
  std::string routine_model = "gpt-4o-mini";
  std::string high_stakes_model = "gpt-4o";
  Duration timeout = 30 * ns_per_s;  ///< per attempt
  unsigned max_retries = 2;
  net::BackoffConfig backoff{500 * ns_per_ms, 8 * ns_per_s, 2.0, 0.25};
  Duration max_retry_after = 120 * ns_per_s;  ///< a longer Retry-After is not waited for
  BreakerConfig breaker;
  net::TlsConfig tls;
  [[nodiscard]] const std::string& model(Tier t) const noexcept {
    return t == Tier::routine ? routine_model : high_stakes_model;
  }
};

/// Something worth an event besides the calls themselves.
struct LlmNotice {
  enum class Kind : std::uint8_t { breaker, budget, cache };
  Kind kind = Kind::breaker;
  Provider provider = Provider::openai;
  std::string
      detail;  ///< "openai circuit open after 5 failures: …", "daily LLM budget exhausted: …", a cache write error
};

/// A client of one provider, run on an LLM thread's reactor (never the hot thread's).
///
/// A call: in replay mode it is answered from the cache or fails `not_cached`, with no
/// network. Otherwise it needs the API key, budget left and a closed (or trial) circuit,
/// then goes out over HTTPS with a deadline; 429s, 5xx, timeouts and broken connections
/// are retried up to `max_retries` times after the provider's `Retry-After` (or
/// `retryDelay`) or a jittered backoff. The answer must be JSON matching the request's
/// schema. Every reply's tokens are charged; a good answer is recorded in record mode.
/// `done` runs on the reactor's thread, exactly once per call, unless the client is
/// destroyed first; a call refused at once (replay, no key, budget, open circuit) is
/// answered before `complete` returns.
class LlmClient {
 public:
  using Callback = std::function<void(LlmResult&&)>;
  using NoticeListener = std::function<void(const LlmNotice&)>;
  /// `api_key` empty: every call fails `disabled` (replay mode still answers from the cache).
  LlmClient(net::Reactor& reactor, ProviderConfig config, std::string api_key, CostMeter& meter, AnswerCache* cache,
            std::uint64_t seed);
  ~LlmClient();
  LlmClient(const LlmClient&) = delete;
  LlmClient& operator=(const LlmClient&) = delete;

  void complete(LlmRequest request, Callback done);
  void set_notice_listener(NoticeListener l) { notice_ = std::move(l); }

  [[nodiscard]] const ProviderConfig& config() const noexcept { return config_; }
  [[nodiscard]] CircuitBreaker::State breaker_state() const noexcept { return breaker_.state(); }
  [[nodiscard]] bool enabled() const noexcept { return !api_key_.empty(); }

 private:
  struct call;
  void attempt(std::shared_ptr<call> c);
  void finish(const std::shared_ptr<call>& c, LlmResult&& r);

  net::Reactor& reactor_;
  ProviderConfig config_;
  std::string api_key_;
  CostMeter& meter_;
  AnswerCache* cache_;
  std::uint64_t seed_;
  std::uint64_t calls_ = 0;
  CircuitBreaker breaker_;
  NoticeListener notice_;
  struct http;
  std::unique_ptr<http> http_;
  std::shared_ptr<bool> alive_;
};

}  // namespace symphony::llm
