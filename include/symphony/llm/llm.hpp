#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/time.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace symphony::llm {

/// The LLM APIs spoken: OpenAI Chat Completions (also any OpenAI-compatible server, e.g. a
/// local model) and Gemini `generateContent`.
enum class Provider : std::uint8_t { openai, gemini };
std::string_view to_string(Provider p) noexcept;  ///< "openai", "gemini"
std::optional<Provider> provider_from_string(std::string_view s) noexcept;

/// Which model of a provider answers: the cheap one for routine calls, the strong one when
/// more is at stake.
enum class Tier : std::uint8_t { routine, high_stakes };
std::string_view to_string(Tier t) noexcept;

/// One structured-output question. The answer must be a JSON object matching `schema`
/// (a JSON Schema document, as text).
struct LlmRequest {
  std::string agent;  ///< who asks: budgets and events are per agent
  Tier tier = Tier::routine;
  std::string system;       ///< instructions
  std::string prompt;       ///< the question, with its context
  std::string schema_name;  ///< [a-zA-Z0-9_-], at most 64 characters
  std::string schema;       ///< JSON Schema of the answer object
  std::uint32_t max_output_tokens = 512;
};

/// How a call ended. Everything but `ok` is a failure, with its reason.
enum class Outcome : std::uint8_t {
  ok,
  refusal,           ///< the model declined (OpenAI `refusal`)
  truncated,         ///< the output hit the token limit
  safety_block,      ///< the prompt or the output was blocked (Gemini safety)
  malformed,         ///< no JSON, or JSON not matching the schema
  rate_limited,      ///< 429 that may be retried
  quota_exhausted,   ///< 429 that will not pass by retrying (billing, daily quota)
  auth,              ///< bad or missing key
  bad_request,       ///< 400/404/…: the request is wrong; retrying will not help
  server_error,      ///< 5xx, 408, 409
  timeout,           ///< no answer within the deadline
  network,           ///< connect, TLS or connection failure
  circuit_open,      ///< the provider's circuit breaker refused the call
  budget_exhausted,  ///< the agent's or the day's budget is spent
  disabled,          ///< no API key: LLM features are off
  not_cached,        ///< replay mode and the answer was never recorded
};
std::string_view to_string(Outcome o) noexcept;
/// Whether a failure of this kind may pass on a later attempt of the same call.
bool retryable(Outcome o) noexcept;

/// Tokens of one call as the provider counted them.
struct Usage {
  std::uint64_t input = 0;   ///< prompt tokens, cached ones included
  std::uint64_t cached = 0;  ///< of those, served from the provider's prompt cache
  std::uint64_t output = 0;  ///< completion tokens, reasoning/thinking included
};

/// The result of a call, and the record of it ("tool execution" feed).
struct LlmResult {
  Outcome outcome = Outcome::disabled;
  std::string reason;  ///< why it failed; empty when ok
  std::string answer;  ///< the answer object as JSON text, when ok
  Provider provider = Provider::openai;
  std::string model;
  Usage usage;
  Money cost;  ///< USD, from the config's price table
  Duration latency = 0;
  unsigned attempts = 0;
  bool from_cache = false;
  [[nodiscard]] bool ok() const noexcept { return outcome == Outcome::ok; }
};

/// What asks an LLM, as agents and the conductor see it: the hot thread submits and, on a
/// later loop tick, gets the answer through its callback. Nothing here blocks.
class LlmGateway {
 public:
  using Done = std::function<void(const LlmResult&)>;
  virtual ~LlmGateway() = default;
  /// Whether `p` can answer at all (a key, or replay from the cache). When false, a call
  /// fails `disabled` and the caller should use its rules.
  [[nodiscard]] virtual bool available(Provider p) const = 0;
  virtual void submit(Provider p, LlmRequest request, Done done) = 0;
};

}  // namespace symphony::llm
