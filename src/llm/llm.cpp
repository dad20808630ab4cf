#include <symphony/llm/llm.hpp>

namespace symphony::llm {

std::string_view to_string(Provider p) noexcept { return p == Provider::openai ? "openai" : "gemini"; }

std::optional<Provider> provider_from_string(std::string_view s) noexcept {
  if (s == "openai") return Provider::openai;
  if (s == "gemini") return Provider::gemini;
  return std::nullopt;
}

std::string_view to_string(Tier t) noexcept { return t == Tier::routine ? "routine" : "high_stakes"; }

std::string_view to_string(Outcome o) noexcept {
  switch (o) {
    case Outcome::ok:
      return "ok";
    case Outcome::refusal:
      return "refusal";
    case Outcome::truncated:
      return "truncated";
    case Outcome::safety_block:
      return "safety_block";
    case Outcome::malformed:
      return "malformed";
    case Outcome::rate_limited:
      return "rate_limited";
    case Outcome::quota_exhausted:
      return "quota_exhausted";
    case Outcome::auth:
      return "auth";
    case Outcome::bad_request:
      return "bad_request";
    case Outcome::server_error:
      return "server_error";
    case Outcome::timeout:
      return "timeout";
    case Outcome::network:
      return "network";
    case Outcome::circuit_open:
      return "circuit_open";
    case Outcome::budget_exhausted:
      return "budget_exhausted";
    case Outcome::disabled:
      return "disabled";
    case Outcome::not_cached:
      return "not_cached";
  }
  return "?";
}

bool retryable(Outcome o) noexcept {
  return o == Outcome::rate_limited || o == Outcome::server_error || o == Outcome::timeout || o == Outcome::network;
}

}  // namespace symphony::llm
