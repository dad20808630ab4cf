// The providers' wire formats, read from the sample payloads in tests/data/{openai,gemini}.
#include <symphony/llm/protocol.hpp>

#include <data_file.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace symphony::llm {
namespace {

using nlohmann::json;
using test::read_data_file;

const char* const signal_schema = R"({"type": "object", "additionalProperties": false,
  "required": ["action", "confidence", "reason"],
  "properties": {"action": {"type": "string", "enum": ["BUY", "SELL", "HOLD"]},
                 "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                 "reason": {"type": "string"}, "levels": {"type": "array", "items": {"type": "number"}}}})";

net::HttpResponse reply(int status, std::string body, net::Headers headers = {}) {
  return {status, std::move(headers), std::move(body)};
}

LlmRequest request() {
  LlmRequest r;
  r.agent = "grok_alpha";
  r.system = "You are a trading analyst.";
  r.prompt = "BTCUSDT: up 2% in an hour on rising volume.";
  r.schema_name = "signal";
  r.schema = signal_schema;
  r.max_output_tokens = 300;
  return r;
}

TEST(OpenAiProtocol, RequestAsksForStrictStructuredOutput) {
  const json b = json::parse(openai_request_body("gpt-4o-mini", request()));
  EXPECT_EQ(b["model"], "gpt-4o-mini");
  ASSERT_EQ(b["messages"].size(), 2u);
  EXPECT_EQ(b["messages"][0]["role"], "system");
  EXPECT_EQ(b["messages"][1]["content"], "BTCUSDT: up 2% in an hour on rising volume.");
  EXPECT_EQ(b["response_format"]["type"], "json_schema");
  EXPECT_EQ(b["response_format"]["json_schema"]["name"], "signal");
  EXPECT_EQ(b["response_format"]["json_schema"]["strict"], true);
  EXPECT_EQ(b["response_format"]["json_schema"]["schema"]["required"][1], "confidence");
  EXPECT_EQ(b["max_completion_tokens"], 300);
  EXPECT_FALSE(b.contains("max_tokens"));  // deprecated; reasoning models reject it
}

TEST(OpenAiProtocol, ReadsEverySampleReply) {
  const ParsedReply ok =
      parse_openai_reply(reply(200, read_data_file("openai/chat_completion_response_structured_output.json")));
  EXPECT_EQ(ok.outcome, Outcome::ok);
  EXPECT_EQ(ok.text, R"({"city":"San Francisco","temperature":65,"units":"f"})");
  EXPECT_EQ(ok.model, "gpt-4o-2024-08-06");
  EXPECT_EQ(ok.usage.input, 79u);
  EXPECT_EQ(ok.usage.output, 14u);

  const ParsedReply refusal =
      parse_openai_reply(reply(200, read_data_file("openai/chat_completion_response_refusal.json")));
  EXPECT_EQ(refusal.outcome, Outcome::refusal);
  EXPECT_EQ(refusal.reason, "refused: I'm very sorry, but I can't assist with that.");
  EXPECT_EQ(refusal.usage.output, 12u);  // refusals are billed too

  const ParsedReply cut =
      parse_openai_reply(reply(200, read_data_file("openai/chat_completion_response_finish_length.json")));
  EXPECT_EQ(cut.outcome, Outcome::truncated);

  const ParsedReply key = parse_openai_reply(reply(401, read_data_file("openai/error_401_invalid_api_key.json")));
  EXPECT_EQ(key.outcome, Outcome::auth);
  EXPECT_NE(key.reason.find("HTTP 401 invalid_api_key"), std::string::npos) << key.reason;

  const ParsedReply rate =
      parse_openai_reply(reply(429, read_data_file("openai/error_429_rate_limit_tokens.json"), {{"Retry-After", "2"}}));
  EXPECT_EQ(rate.outcome, Outcome::rate_limited);
  EXPECT_EQ(rate.retry_after, 2 * ns_per_s);
  EXPECT_NE(rate.reason.find("rate_limit_exceeded: Rate limit reached for o4-mini"), std::string::npos) << rate.reason;

  const ParsedReply quota = parse_openai_reply(reply(429, read_data_file("openai/error_429_insufficient_quota.json")));
  EXPECT_EQ(quota.outcome, Outcome::quota_exhausted);
  EXPECT_FALSE(retryable(quota.outcome));

  EXPECT_EQ(parse_openai_reply(reply(503, "<html>overloaded</html>")).outcome, Outcome::server_error);
  EXPECT_EQ(parse_openai_reply(reply(400, "{}")).outcome, Outcome::bad_request);
  EXPECT_EQ(parse_openai_reply(reply(200, "not json")).outcome, Outcome::malformed);
  EXPECT_EQ(parse_openai_reply(reply(200, R"({"choices": []})")).outcome, Outcome::malformed);
}

TEST(GeminiProtocol, RequestAsksForJsonAgainstTheSchema) {
  const json b = json::parse(gemini_request_body(request()));
  EXPECT_EQ(b["systemInstruction"]["parts"][0]["text"], "You are a trading analyst.");
  EXPECT_EQ(b["contents"][0]["role"], "user");
  EXPECT_EQ(b["contents"][0]["parts"][0]["text"], "BTCUSDT: up 2% in an hour on rising volume.");
  EXPECT_EQ(b["generationConfig"]["responseMimeType"], "application/json");
  EXPECT_EQ(b["generationConfig"]["responseJsonSchema"]["properties"]["action"]["enum"][2], "HOLD");
  EXPECT_EQ(b["generationConfig"]["maxOutputTokens"], 300);
  EXPECT_FALSE(b["generationConfig"].contains("responseSchema"));  // never both
}

TEST(GeminiProtocol, ReadsEverySampleReply) {
  const ParsedReply basic =
      parse_gemini_reply(reply(200, read_data_file("gemini/generateContent_response_basic.json")));
  EXPECT_EQ(basic.outcome, Outcome::ok);
  EXPECT_FALSE(basic.text.empty());

  const ParsedReply usage =
      parse_gemini_reply(reply(200, read_data_file("gemini/response_generateContent_with_usage.json")));
  EXPECT_EQ(usage.outcome, Outcome::ok);
  EXPECT_EQ(usage.model, "gemini-2.5-flash");
  EXPECT_EQ(usage.usage.input, 41u);
  EXPECT_EQ(usage.usage.output, 27u + 180u);  // thinking tokens are billed as output
  EXPECT_EQ(json::parse(usage.text)["direction"], "bullish");

  const ParsedReply out =
      parse_gemini_reply(reply(200, read_data_file("gemini/generateContent_response_finish_safety.json")));
  EXPECT_EQ(out.outcome, Outcome::safety_block);
  EXPECT_EQ(out.reason, "output stopped: SAFETY");

  const ParsedReply in =
      parse_gemini_reply(reply(200, read_data_file("gemini/generateContent_response_prompt_blocked.json")));
  EXPECT_EQ(in.outcome, Outcome::safety_block);
  EXPECT_EQ(in.reason, "prompt blocked: SAFETY");

  // A per-day quota: waiting the 7 s it suggests will not help.
  const ParsedReply day = parse_gemini_reply(reply(429, read_data_file("gemini/error_429_resource_exhausted.json")));
  EXPECT_EQ(day.outcome, Outcome::quota_exhausted);
  EXPECT_EQ(day.retry_after, 7 * ns_per_s);
  const ParsedReply minute = parse_gemini_reply(
      reply(429, R"({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "slow down", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2.500s"}]}})"));
  EXPECT_EQ(minute.outcome, Outcome::rate_limited);
  EXPECT_EQ(minute.retry_after, 2'500 * ns_per_ms);

  const ParsedReply key = parse_gemini_reply(reply(400, read_data_file("gemini/error_400_api_key_invalid.json")));
  EXPECT_EQ(key.outcome, Outcome::auth);
  EXPECT_EQ(parse_gemini_reply(reply(400, read_data_file("gemini/error_400_invalid_argument.json"))).outcome,
            Outcome::bad_request);
  EXPECT_EQ(parse_gemini_reply(reply(500, "{}")).outcome, Outcome::server_error);
  EXPECT_EQ(parse_gemini_reply(reply(200, R"({"candidates": [{"finishReason": "MAX_TOKENS"}]})")).outcome,
            Outcome::truncated);
}

// Found by fuzz_llm_reply: fields of another type (a string token count, a numeric
// finishReason or thought flag, a choice that is not an object) threw out of the parsers.
TEST(ReplyParsers, RepliesOfAnotherShapeNeverThrow) {
  const auto o = parse_openai_reply(reply(200, R"({"choices":[1],"usage":{"prompt_tokens":"9"}})"));
  EXPECT_EQ(o.outcome, Outcome::malformed);
  EXPECT_FALSE(o.reason.empty());
  const auto g = parse_gemini_reply(
      reply(200, R"({"candidates":[{"finishReason":7,"content":{"parts":[{"text":"{}","thought":"no"}]}}],
              "usageMetadata":{"promptTokenCount":3,"cachedContentTokenCount":9}})"));
  EXPECT_EQ(g.outcome, Outcome::ok);
  EXPECT_EQ(g.text, "{}");
  EXPECT_EQ(g.usage.cached, 3u);  // never more cached than input tokens
  const auto b = parse_gemini_reply(reply(200, R"({"promptFeedback":{"blockReason":1}})"));
  EXPECT_EQ(b.outcome, Outcome::safety_block);
}

TEST(RetryAfter, SecondsOrMillisecondsFromTheHeaders) {
  EXPECT_EQ(retry_after_header(reply(429, "", {{"retry-after", "3"}})), 3 * ns_per_s);
  EXPECT_EQ(retry_after_header(reply(429, "", {{"Retry-After", "3"}, {"retry-after-ms", "250"}})), 250 * ns_per_ms);
  EXPECT_FALSE(retry_after_header(reply(429, "", {{"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}})).has_value());
  EXPECT_FALSE(retry_after_header(reply(429, "", {{"Retry-After", "-1"}})).has_value());
  EXPECT_FALSE(retry_after_header(reply(429, "")).has_value());
}

TEST(JsonSchema, ValidatesTheAnswer) {
  EXPECT_FALSE(validate_json(R"({"action": "BUY", "confidence": 0.7, "reason": "x"})", signal_schema));
  EXPECT_FALSE(
      validate_json(R"({"action": "HOLD", "confidence": 1, "reason": "", "levels": [1, 2.5]})", signal_schema));
  EXPECT_EQ(validate_json(R"({"action": "BUY", "confidence": 1.7, "reason": "x"})", signal_schema),
            "$.confidence: 1.7 is above 1");
  EXPECT_EQ(validate_json(R"({"action": "BUY", "reason": "x"})", signal_schema), "$: missing 'confidence'");
  EXPECT_EQ(validate_json(R"({"action": "LONG", "confidence": 0.5, "reason": "x"})", signal_schema),
            R"($.action: "LONG" is not one of ["BUY","SELL","HOLD"])");
  EXPECT_EQ(validate_json(R"({"action": "BUY", "confidence": "high", "reason": "x"})", signal_schema),
            R"($.confidence: expected "number", got string)");
  EXPECT_EQ(validate_json(R"({"action": "BUY", "confidence": 0.5, "reason": "x", "extra": 1})", signal_schema),
            "$: unexpected 'extra'");
  EXPECT_EQ(validate_json(R"({"action": "BUY", "confidence": 0.5, "reason": "x", "levels": [1, "a"]})", signal_schema),
            R"($.levels[1]: expected "number", got string)");
  EXPECT_EQ(validate_json("[1, 2]", signal_schema), R"($: expected "object", got array)");
  EXPECT_EQ(validate_json("{\"action\": ", signal_schema), "not JSON: {\"action\": ");
}

}  // namespace
}  // namespace symphony::llm
