#include "fake_llm.hpp"

#include "data_file.hpp"

#include <nlohmann/json.hpp>

namespace symphony::test {

FakeLlm::FakeLlm(const TestPki& pki, Kind kind, std::string api_key)
    : kind_(kind),
      key_(std::move(api_key)),
      fallback_(ServerReply::json(R"({"error": {"message": "no reply queued", "type": "server_error"}})", 500)),
      server_(pki, {[this](const ServerRequest& r) { return handle(r); }, {}, {}, {}}) {}

std::string FakeLlm::base_url() const { return server_.https_url() + (kind_ == Kind::openai ? "/v1" : "/v1beta"); }

void FakeLlm::push(ServerReply reply) {
  const std::lock_guard lock(mutex_);
  queue_.push_back(std::move(reply));
}

void FakeLlm::set_fallback(ServerReply reply) {
  const std::lock_guard lock(mutex_);
  fallback_ = std::move(reply);
}

ServerReply FakeLlm::answer(const std::string& text, std::uint64_t in, std::uint64_t out) const {
  using nlohmann::json;
  json body;
  if (kind_ == Kind::openai) {
    body = {{"id", "chatcmpl-fake"},
            {"object", "chat.completion"},
            {"model", "gpt-4o-mini-2024-07-18"},
            {"choices", json::array({{{"index", 0},
                                      {"message", {{"role", "assistant"}, {"content", text}, {"refusal", nullptr}}},
                                      {"finish_reason", "stop"}}})},
            {"usage", {{"prompt_tokens", in}, {"completion_tokens", out}, {"total_tokens", in + out}}}};
  } else {
    body = {{"candidates", json::array({{{"content", {{"role", "model"}, {"parts", json::array({{{"text", text}}})}}},
                                         {"finishReason", "STOP"},
                                         {"index", 0}}})},
            {"usageMetadata", {{"promptTokenCount", in}, {"candidatesTokenCount", out}, {"totalTokenCount", in + out}}},
            {"modelVersion", "gemini-2.5-flash"}};
  }
  return ServerReply::json(body.dump());
}

ServerReply FakeLlm::sample(const std::string& file, int status,
                            std::vector<std::pair<std::string, std::string>> headers) const {
  ServerReply r = ServerReply::json(read_data_file((kind_ == Kind::openai ? "openai/" : "gemini/") + file), status);
  r.headers = std::move(headers);
  return r;
}

std::vector<ServerRequest> FakeLlm::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FakeLlm::hits() const {
  const std::lock_guard lock(mutex_);
  return requests_.size();
}

ServerReply FakeLlm::handle(const ServerRequest& r) {
  const std::lock_guard lock(mutex_);
  requests_.push_back(r);
  const bool openai = kind_ == Kind::openai;
  const bool authorized = openai ? r.header("authorization") == "Bearer " + key_ : r.header("x-goog-api-key") == key_;
  if (!authorized)
    return openai ? ServerReply::json(read_data_file("openai/error_401_invalid_api_key.json"), 401)
                  : ServerReply::json(read_data_file("gemini/error_400_api_key_invalid.json"), 400);
  const std::string path = r.path();
  const bool path_ok = openai ? path == "/v1/chat/completions"
                              : path.starts_with("/v1beta/models/") && path.ends_with(":generateContent");
  if (r.method != "POST" || !path_ok)
    return ServerReply::json(R"({"error": {"message": "no such endpoint: )" + r.path() + R"("}})", 404);
  if (queue_.empty()) return fallback_;
  ServerReply next = std::move(queue_.front());
  queue_.pop_front();
  return next;
}

}  // namespace symphony::test
