#pragma once

#include <symphony/llm/llm.hpp>
#include <symphony/net/https_client.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace symphony::llm {

/// A reply of a provider, read: the outcome, the answer text (JSON, not yet checked against
/// the schema), the tokens, and how long the provider asks to wait before a retry.
struct ParsedReply {
  Outcome outcome = Outcome::malformed;
  std::string reason;
  std::string text;
  Usage usage;
  std::string model;  ///< the model that answered, when the reply says
  std::optional<Duration> retry_after;
};

/// `POST {base}/chat/completions` body with strict Structured Outputs.
std::string openai_request_body(std::string_view model, const LlmRequest& request);
/// `POST {base}/models/{model}:generateContent` body with `responseJsonSchema`.
std::string gemini_request_body(const LlmRequest& request);

/// Reads an OpenAI reply (any status); its headers give `Retry-After` / `retry-after-ms`.
ParsedReply parse_openai_reply(const net::HttpResponse& reply);
/// Reads a Gemini reply (any status); a 429's delay is its `RetryInfo.retryDelay`.
ParsedReply parse_gemini_reply(const net::HttpResponse& reply);

/// The delay a reply asks for: `retry-after-ms`, else `Retry-After` in seconds (an HTTP
/// date is not honoured).
std::optional<Duration> retry_after_header(const net::HttpResponse& reply);

/// Checks `json_text` against the JSON Schema `schema`: `type` (one or a list), `properties`,
/// `required`, `additionalProperties: false`, `enum`, `items`, `minimum`, `maximum`. Empty
/// when it matches, else what is wrong, with the JSON path ("$.confidence: above 1").
std::optional<std::string> validate_json(std::string_view json_text, std::string_view schema);

}  // namespace symphony::llm
