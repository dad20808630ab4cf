#pragma once

#include <symphony/llm/llm.hpp>

#include <cstdio>
#include <map>
#include <optional>
#include <string>

namespace symphony::llm {

/// What the answer cache does (config `llm.cache`): `record` in live and paper mode keeps
/// every successful answer; `replay` in sim mode answers only from it, so runs with LLM
/// agents are reproducible and never touch the network; `off` does neither.
enum class CacheMode : std::uint8_t { off, record, replay };
std::string_view to_string(CacheMode m) noexcept;

/// A recorded answer.
struct CachedAnswer {
  std::string answer;
  std::string model;
  Usage usage;
};

/// Answers keyed by SHA-256 of (provider, model, system, prompt, schema), kept in memory
/// and appended to a JSON-lines file, one answer per line, flushed as written: a crash
/// loses at most the line being written, and a torn last line is skipped (and reported)
/// when the file is read. Not thread-safe: one per LLM thread.
class AnswerCache {
 public:
  /// Opens (creating it if missing) the file at `path`; throws std::runtime_error naming
  /// the path when it cannot be read or opened for appending.
  AnswerCache(std::string path, CacheMode mode);
  ~AnswerCache();
  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  /// The key of a question to one model.
  static std::string key(Provider provider, std::string_view model, const LlmRequest& request);

  [[nodiscard]] CacheMode mode() const noexcept { return mode_; }
  [[nodiscard]] std::optional<CachedAnswer> find(const std::string& key) const;
  /// Records an answer (record mode only; later answers to the same key replace earlier).
  void put(const std::string& key, const CachedAnswer& answer);
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  /// Lines of the file that could not be read (a torn last write).
  [[nodiscard]] std::size_t skipped_lines() const noexcept { return skipped_; }

 private:
  std::string path_;
  CacheMode mode_;
  std::map<std::string, CachedAnswer> entries_;
  std::FILE* out_ = nullptr;
  std::size_t skipped_ = 0;
};

}  // namespace symphony::llm
