#pragma once

#include "tls_server.hpp"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace symphony::test {

/// A fake OpenAI (Chat Completions) or Gemini (`generateContent`) server on 127.0.0.1 over
/// TLS. It checks the API key header and the path, then answers with the replies queued
/// by `push`, in order, and `fallback` once they run out. Replies are built from the
/// sample payloads in tests/data/{openai,gemini} or from an answer. Thread-safe.
class FakeLlm {
 public:
  enum class Kind { openai, gemini };
  FakeLlm(const TestPki& pki, Kind kind, std::string api_key = "test-key");

  /// The base URL to configure: `https://127.0.0.1:<port>/v1` or `/v1beta`.
  [[nodiscard]] std::string base_url() const;
  void push(ServerReply reply);
  void set_fallback(ServerReply reply);

  /// A successful structured-output reply carrying `answer` (JSON text) and token counts.
  [[nodiscard]] ServerReply answer(const std::string& answer, std::uint64_t tokens_in = 100,
                                   std::uint64_t tokens_out = 20) const;
  /// A sample payload from tests/data/<kind>/ with `status`, and extra headers.
  [[nodiscard]] ServerReply sample(const std::string& file, int status = 200,
                                   std::vector<std::pair<std::string, std::string>> headers = {}) const;

  [[nodiscard]] std::vector<ServerRequest> requests() const;
  [[nodiscard]] std::size_t hits() const;

 private:
  ServerReply handle(const ServerRequest& r);
  Kind kind_;
  std::string key_;
  mutable std::mutex mutex_;
  std::deque<ServerReply> queue_;
  ServerReply fallback_;
  std::vector<ServerRequest> requests_;
  TlsServer server_;  // last: its thread calls handle()
};

}  // namespace symphony::test
