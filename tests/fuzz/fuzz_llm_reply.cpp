// Fuzzes the OpenAI and Gemini reply parsers and the JSON Schema check the answers go
// through. The first byte picks the provider and the HTTP status; the rest is the body.
// Checks: an "ok" reply carries exactly the answer text the reference (nlohmann) reads at
// the documented place, with cached tokens never above input tokens; anything else says
// why; the schema check of Grok Alpha's answers accepts exactly the documents of the
// schema's shape.
#include <symphony/llm/protocol.hpp>
#include "printable.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace symphony;
using nlohmann::json;

[[noreturn]] void fail(const std::string& what, std::string_view text) {
  std::fprintf(stderr, "fuzz_llm_reply: %s\n  body: %s\n", what.c_str(), symphony::fuzz::printable(text).c_str());
  std::abort();
}

constexpr const char* schema = R"({"type": "object", "additionalProperties": false,
 "required": ["action", "confidence", "reason"],
 "properties": {"action": {"type": "string", "enum": ["BUY", "SELL", "HOLD"]},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "reason": {"type": "string"}}})";

// The reference of that schema.
bool matches(const json& j) {
  if (!j.is_object() || j.size() != 3 || !j.contains("action") || !j.contains("confidence") || !j.contains("reason"))
    return false;
  const json& a = j["action"];
  const json& c = j["confidence"];
  if (!a.is_string() || (a != "BUY" && a != "SELL" && a != "HOLD")) return false;
  if (!c.is_number()) return false;
  const double v = c.get<double>();
  return v >= 0 && v <= 1 && j["reason"].is_string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 16384) return 0;
  const bool gemini = (data[0] & 1) != 0;
  static constexpr int statuses[] = {200, 200, 200, 200, 400, 429, 500, 503};
  net::HttpResponse reply;
  reply.status = statuses[(data[0] >> 1) & 7];
  reply.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 0x10) reply.headers.emplace_back("Retry-After", "3");
  const llm::ParsedReply r = gemini ? llm::parse_gemini_reply(reply) : llm::parse_openai_reply(reply);
  const std::string_view body = reply.body;
  if (r.outcome != llm::Outcome::ok && r.reason.empty()) fail("a failed reply says nothing", body);
  if (r.usage.cached > r.usage.input) fail("more cached tokens than input tokens", body);
  if (r.retry_after && *r.retry_after < 0) fail("a negative retry delay", body);
  if (r.outcome == llm::Outcome::ok) {
    if (reply.status != 200) fail("a non-200 reply was ok", body);
    const json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) fail("an unreadable body was ok", body);
    std::string want;
    try {
      if (gemini) {
        // Text parts, thoughts left out.
        for (const auto& part : j.at("candidates").at(0).at("content").at("parts")) {
          const bool thought = part.contains("thought") && part["thought"].is_boolean() && part["thought"].get<bool>();
          if (part.is_object() && part.contains("text") && part["text"].is_string() && !thought)
            want += part["text"].get<std::string>();
        }
      } else {
        want = j.at("choices").at(0).at("message").at("content").get<std::string>();
      }
    } catch (const json::exception& e) {
      fail(std::string("ok, but the answer is not where the reference reads it: ") + e.what(), body);
    }
    if (want != r.text) fail("the answer text differs from the reference's", body);
  }
  // The schema check on the body as an answer.
  const auto verdict = llm::validate_json(body, schema);
  const json answer = json::parse(body, nullptr, false);
  const bool want_ok = !answer.is_discarded() && matches(answer);
  if (want_ok != !verdict.has_value())
    fail(want_ok ? "the schema check refused a matching answer: " + *verdict : "the schema check accepted a mismatch",
         body);
  if (verdict && verdict->empty()) fail("the schema check refused without a reason", body);
  return 0;
}
