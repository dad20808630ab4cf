#include <symphony/llm/answer_cache.hpp>

#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace symphony::llm {

using nlohmann::json;

std::string_view to_string(CacheMode m) noexcept {
  switch (m) {
    case CacheMode::off:
      return "off";
    case CacheMode::record:
      return "record";
    case CacheMode::replay:
      return "replay";
  }
  return "?";
}

std::string AnswerCache::key(Provider provider, std::string_view model, const LlmRequest& r) {
  // Length-prefixed fields: no two different questions share a byte string.
  std::string material;
  for (std::string_view part : {to_string(provider), model, std::string_view(r.system), std::string_view(r.prompt),
                                std::string_view(r.schema)}) {
    material += std::to_string(part.size());
    material += ':';
    material += part;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(material.data(), material.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

AnswerCache::AnswerCache(std::string path, CacheMode mode) : path_(std::move(path)), mode_(mode) {
  if (mode_ == CacheMode::off) return;
  {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const json j = json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("key") || !j.contains("answer")) {
        ++skipped_;
        continue;
      }
      CachedAnswer a;
      a.answer = j.value("answer", std::string());
      a.model = j.value("model", std::string());
      a.usage.input = j.value("tokens_in", std::uint64_t{0});
      a.usage.cached = j.value("tokens_cached", std::uint64_t{0});
      a.usage.output = j.value("tokens_out", std::uint64_t{0});
      entries_[j.value("key", std::string())] = std::move(a);
    }
  }
  if (mode_ == CacheMode::record) {
    out_ = std::fopen(path_.c_str(), "a");
    if (!out_) throw std::runtime_error(fmt::format("LLM answer cache '{}': {}", path_, std::strerror(errno)));
  }
}

AnswerCache::~AnswerCache() {
  if (out_) std::fclose(out_);
}

std::optional<CachedAnswer> AnswerCache::find(const std::string& key) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void AnswerCache::put(const std::string& key, const CachedAnswer& a) {
  if (mode_ != CacheMode::record) return;
  entries_[key] = a;
  const std::string line = json{{"key", key},
                                {"model", a.model},
                                {"answer", a.answer},
                                {"tokens_in", a.usage.input},
                                {"tokens_cached", a.usage.cached},
                                {"tokens_out", a.usage.output}}
                               .dump() +
                           "\n";
  if (std::fwrite(line.data(), 1, line.size(), out_) != line.size() || std::fflush(out_) != 0)
    throw std::runtime_error(fmt::format("LLM answer cache '{}': write failed: {}", path_, std::strerror(errno)));
}

}  // namespace symphony::llm
