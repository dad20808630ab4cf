#include <symphony/llm/protocol.hpp>

#include <symphony/core/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace symphony::llm {

using nlohmann::json;

namespace {

// The first 200 characters of a provider's message, for reasons and logs.
// The start of a provider's text, for a reason that is stored and logged: credentials
// echoed in it (OpenAI's 401 names the masked key) are redacted first.
std::string excerpt(std::string_view s) {
  std::string out = redact_credentials(s.substr(0, 200));
  if (s.size() > 200) out += "…";
  return out;
}

// The outcome of a non-2xx status, before the body refines it.
Outcome outcome_of_status(int status) {
  if (status == 401 || status == 403) return Outcome::auth;
  if (status == 429) return Outcome::rate_limited;
  if (status == 408 || status == 409 || status >= 500) return Outcome::server_error;
  return Outcome::bad_request;
}

// "7s", "2.500s": a protobuf Duration.
std::optional<Duration> proto_duration(std::string_view s) {
  if (s.empty() || s.back() != 's') return std::nullopt;
  double v = 0;
  const auto* end = s.data() + s.size() - 1;
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || !(v >= 0) || v > 86'400) return std::nullopt;
  return static_cast<Duration>(std::llround(v * 1e9));
}

json parse_or_null(std::string_view body) { return json::parse(body.begin(), body.end(), nullptr, false); }

std::string_view type_of(const json& v) {
  if (v.is_object()) return "object";
  if (v.is_array()) return "array";
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "boolean";
  if (v.is_null()) return "null";
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  return "number";
}

bool has_type(const json& v, std::string_view t) {
  const std::string_view actual = type_of(v);
  return actual == t || (t == "number" && actual == "integer") ||
         (t == "integer" && v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
}

std::optional<std::string> check(const json& v, const json& s, const std::string& path) {
  if (!s.is_object()) return std::nullopt;
  if (const auto t = s.find("type"); t != s.end()) {
    bool ok = false;
    if (t->is_string()) ok = has_type(v, t->get<std::string>());
    if (t->is_array())
      for (const auto& one : *t) ok = ok || (one.is_string() && has_type(v, one.get<std::string>()));
    if (!ok) return fmt::format("{}: expected {}, got {}", path, t->dump(), type_of(v));
  }
  if (const auto e = s.find("enum"); e != s.end() && e->is_array()) {
    bool found = false;
    for (const auto& one : *e) found = found || one == v;
    if (!found) return fmt::format("{}: {} is not one of {}", path, excerpt(v.dump()), e->dump());
  }
  if (v.is_number()) {
    const double x = v.get<double>();
    if (const auto m = s.find("minimum"); m != s.end() && m->is_number() && x < m->get<double>())
      return fmt::format("{}: {} is below {}", path, x, m->get<double>());
    if (const auto m = s.find("maximum"); m != s.end() && m->is_number() && x > m->get<double>())
      return fmt::format("{}: {} is above {}", path, x, m->get<double>());
  }
  if (v.is_object()) {
    const auto props = s.find("properties");
    if (const auto r = s.find("required"); r != s.end() && r->is_array())
      for (const auto& key : *r)
        if (key.is_string() && !v.contains(key.get<std::string>()))
          return fmt::format("{}: missing '{}'", path, key.get<std::string>());
    for (const auto& [key, value] : v.items()) {
      if (props != s.end() && props->is_object() && props->contains(key)) {
        if (auto err = check(value, (*props)[key], path + "." + key)) return err;
      } else if (const auto a = s.find("additionalProperties"); a != s.end() && a->is_boolean() && !a->get<bool>()) {
        return fmt::format("{}: unexpected '{}'", path, key);
      }
    }
  }
  if (v.is_array())
    if (const auto items = s.find("items"); items != s.end())
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto err = check(v[i], *items, fmt::format("{}[{}]", path, i))) return err;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_json(std::string_view json_text, std::string_view schema) {
  const json v = parse_or_null(json_text);
  if (v.is_discarded()) return "not JSON: " + excerpt(json_text);
  const json s = parse_or_null(schema);
  if (s.is_discarded()) return std::string("the schema is not JSON");
  return check(v, s, "$");
}

std::optional<Duration> retry_after_header(const net::HttpResponse& reply) {
  // A whole non-negative number below a day, in the unit given.
  const auto read = [](std::string_view text, double unit_ns) -> std::optional<Duration> {
    double v = 0;
    const auto* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || p != end || !(v >= 0) || v * unit_ns >= 86'400e9) return std::nullopt;
    return static_cast<Duration>(v * unit_ns);
  };
  if (auto ms = read(reply.header("retry-after-ms"), 1e6)) return ms;
  return read(reply.header("retry-after"), 1e9);
}

std::string openai_request_body(std::string_view model, const LlmRequest& r) {
  json schema = parse_or_null(r.schema);
  if (schema.is_discarded()) schema = json::object();
  json body = {
      {"model", model},
      {"messages",
       json::array({{{"role", "system"}, {"content", r.system}}, {{"role", "user"}, {"content", r.prompt}}})},
      {"response_format",
       {{"type", "json_schema"}, {"json_schema", {{"name", r.schema_name}, {"strict", true}, {"schema", schema}}}}},
      {"max_completion_tokens", r.max_output_tokens},
      {"n", 1},
      {"store", false},
  };
  return body.dump();
}

std::string gemini_request_body(const LlmRequest& r) {
  json schema = parse_or_null(r.schema);
  if (schema.is_discarded()) schema = json::object();
  json body = {
      {"systemInstruction", {{"parts", json::array({{{"text", r.system}}})}}},
      {"contents", json::array({{{"role", "user"}, {"parts", json::array({{{"text", r.prompt}}})}}})},
      {"generationConfig",
       {{"responseMimeType", "application/json"},
        {"responseJsonSchema", schema},
        {"maxOutputTokens", r.max_output_tokens},
        {"candidateCount", 1}}},
  };
  return body.dump();
}

namespace {

// Readers that never throw on a reply of another shape: the value when it has the type
// wanted, else the fallback.
std::uint64_t count_of(const json& o, const char* key) {
  if (!o.is_object()) return 0;
  const auto it = o.find(key);
  return it != o.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}
std::string string_of(const json& o, const char* key, std::string fallback = {}) {
  if (!o.is_object()) return fallback;
  const auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : fallback;
}
bool flag_of(const json& o, const char* key) {
  if (!o.is_object()) return false;
  const auto it = o.find(key);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}
// Cached tokens are a part of the input tokens.
void settle(Usage& u) { u.cached = std::min(u.cached, u.input); }

}  // namespace

ParsedReply parse_openai_reply(const net::HttpResponse& reply) {
  const int status = reply.status;
  const std::string_view body = reply.body;
  ParsedReply out;
  const json j = parse_or_null(body);
  if (status < 200 || status >= 300) {
    out.outcome = outcome_of_status(status);
    out.retry_after = retry_after_header(reply);
    std::string message, code;
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
      const json& e = j["error"];
      if (e.contains("message") && e["message"].is_string()) message = e["message"].get<std::string>();
      if (e.contains("code") && e["code"].is_string()) code = e["code"].get<std::string>();
      if (code.empty() && e.contains("type") && e["type"].is_string()) code = e["type"].get<std::string>();
    }
    if (status == 429 && code == "insufficient_quota") out.outcome = Outcome::quota_exhausted;
    if (code == "invalid_api_key") out.outcome = Outcome::auth;
    out.reason = fmt::format("HTTP {}{}{}", status, code.empty() ? "" : " " + code,
                             message.empty() ? "" : ": " + excerpt(message));
    return out;
  }
  if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) {
    out.reason = "reply without choices: " + excerpt(body);
    return out;
  }
  if (j.contains("model") && j["model"].is_string()) out.model = j["model"].get<std::string>();
  if (const auto u = j.find("usage"); u != j.end() && u->is_object()) {
    out.usage.input = count_of(*u, "prompt_tokens");
    out.usage.output = count_of(*u, "completion_tokens");
    if (const auto d = u->find("prompt_tokens_details"); d != u->end())
      out.usage.cached = count_of(*d, "cached_tokens");
    settle(out.usage);
  }
  const json& choice = j["choices"][0];
  const json message = choice.is_object() && choice.contains("message") && choice["message"].is_object()
                           ? choice["message"]
                           : json::object();
  const std::string finish = choice.contains("finish_reason") && choice["finish_reason"].is_string()
                                 ? choice["finish_reason"].get<std::string>()
                                 : std::string();
  if (message.contains("refusal") && message["refusal"].is_string()) {
    out.outcome = Outcome::refusal;
    out.reason = "refused: " + excerpt(message["refusal"].get<std::string>());
    return out;
  }
  if (finish == "length") {
    out.outcome = Outcome::truncated;
    out.reason = "output truncated at the token limit";
    return out;
  }
  if (finish == "content_filter") {
    out.outcome = Outcome::safety_block;
    out.reason = "output blocked by the content filter";
    return out;
  }
  if (!message.contains("content") || !message["content"].is_string()) {
    out.reason = "reply without content (finish_reason '" + finish + "')";
    return out;
  }
  out.outcome = Outcome::ok;
  out.text = message["content"].get<std::string>();
  return out;
}

ParsedReply parse_gemini_reply(const net::HttpResponse& reply) {
  const int status = reply.status;
  const std::string_view body = reply.body;
  ParsedReply out;
  const json j = parse_or_null(body);
  if (status < 200 || status >= 300) {
    out.outcome = outcome_of_status(status);
    out.retry_after = retry_after_header(reply);
    std::string message, code, reason;
    bool per_day = false;
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
      const json& e = j["error"];
      if (e.contains("message") && e["message"].is_string()) message = e["message"].get<std::string>();
      if (e.contains("status") && e["status"].is_string()) code = e["status"].get<std::string>();
      if (e.contains("details") && e["details"].is_array())
        for (const auto& d : e["details"]) {
          if (!d.is_object()) continue;
          if (d.contains("retryDelay") && d["retryDelay"].is_string())
            if (auto delay = proto_duration(d["retryDelay"].get<std::string>())) out.retry_after = delay;
          if (d.contains("reason") && d["reason"].is_string()) reason = d["reason"].get<std::string>();
          if (d.contains("violations") && d["violations"].is_array())
            for (const auto& v : d["violations"])
              if (string_of(v, "quotaId").find("PerDay") != std::string::npos) per_day = true;
        }
    }
    // Gemini says a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
    if (reason == "API_KEY_INVALID") out.outcome = Outcome::auth;
    if (status == 429 && per_day) out.outcome = Outcome::quota_exhausted;  // waiting minutes will not help
    out.reason = fmt::format("HTTP {}{}{}", status, code.empty() ? "" : " " + code,
                             message.empty() ? "" : ": " + excerpt(message));
    return out;
  }
  if (!j.is_object()) {
    out.reason = "reply is not a JSON object: " + excerpt(body);
    return out;
  }
  if (j.contains("modelVersion") && j["modelVersion"].is_string()) out.model = j["modelVersion"].get<std::string>();
  if (const auto u = j.find("usageMetadata"); u != j.end() && u->is_object()) {
    out.usage.input = count_of(*u, "promptTokenCount");
    out.usage.cached = count_of(*u, "cachedContentTokenCount");
    out.usage.output = count_of(*u, "candidatesTokenCount") + count_of(*u, "thoughtsTokenCount");
    settle(out.usage);
  }
  if (const auto f = j.find("promptFeedback"); f != j.end() && f->is_object() && f->contains("blockReason")) {
    out.outcome = Outcome::safety_block;
    out.reason = "prompt blocked: " + string_of(*f, "blockReason", "?");
    return out;
  }
  if (!j.contains("candidates") || !j["candidates"].is_array() || j["candidates"].empty()) {
    out.reason = "reply without candidates";
    return out;
  }
  const json& c = j["candidates"][0];
  const std::string finish = string_of(c, "finishReason");
  if (finish == "MAX_TOKENS") {
    out.outcome = Outcome::truncated;
    out.reason = "output truncated at the token limit";
    return out;
  }
  // No finishReason at all (older unary replies) is a normal end; the schema check follows.
  if (!finish.empty() && finish != "STOP") {
    out.outcome = finish == "SAFETY" || finish == "PROHIBITED_CONTENT" || finish == "SPII" || finish == "BLOCKLIST" ||
                          finish == "RECITATION"
                      ? Outcome::safety_block
                      : Outcome::malformed;
    out.reason = "output stopped: " + finish;
    return out;
  }
  std::string text;
  if (c.contains("content") && c["content"].is_object() && c["content"].contains("parts") &&
      c["content"]["parts"].is_array())
    for (const auto& p : c["content"]["parts"])
      if (p.is_object() && p.contains("text") && p["text"].is_string() && !flag_of(p, "thought"))
        text += p["text"].get<std::string>();
  if (text.empty()) {
    out.reason = "reply without text";
    return out;
  }
  out.outcome = Outcome::ok;
  out.text = std::move(text);
  return out;
}

}  // namespace symphony::llm
