#pragma once

#include <symphony/llm/answer_cache.hpp>
#include <symphony/llm/cost_meter.hpp>
#include <symphony/llm/llm.hpp>
#include <symphony/llm/llm_client.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace symphony {
class Clock;
}

namespace symphony::llm {

/// A call as it ended, for the "tool execution" event feed.
struct LlmCallRecord {
  std::string agent;
  Tier tier = Tier::routine;
  LlmResult result;
};

/// The LLM settings (config `llm`).
struct LlmConfig {
  std::vector<ProviderConfig> providers;  ///< at most one per `Provider`
  std::map<std::string, ModelPrice> prices;
  Budget budget;
  CacheMode cache = CacheMode::replay;
  std::string cache_path = "llm_answers.jsonl";  ///< in the data directory
};

/// The LLM clients and the thread they run on. In `replay` mode there is no thread and no
/// network: each call is answered from the answer cache at once (so sim runs are
/// reproducible). Otherwise calls run on the LLM thread's own reactor, never the hot
/// thread's. Either way callbacks run on the hot thread, inside `drain`, which the engine
/// calls every loop tick. `submit` and `drain` are for the hot thread; the rest is
/// thread-safe.
class LlmService final : public LlmGateway {
 public:
  /// `keys` are the API keys by provider (from the environment); a provider without one is
  /// off (replay still answers). Throws std::runtime_error when the cache file cannot be
  /// opened, std::invalid_argument on a bad base URL.
  LlmService(const Clock& clock, LlmConfig config, std::map<Provider, std::string> keys, std::uint64_t seed);
  ~LlmService() override;
  LlmService(const LlmService&) = delete;
  LlmService& operator=(const LlmService&) = delete;

  [[nodiscard]] bool available(Provider p) const override;
  void submit(Provider p, LlmRequest request, Done done) override;

  /// What finished since the last call: the callbacks run now, in completion order, and the
  /// calls' records and the notices (breaker, budget) are returned for events.
  struct Drained {
    std::vector<LlmCallRecord> calls;
    std::vector<LlmNotice> notices;
  };
  Drained drain();

 private:
  struct finished {
    LlmCallRecord record;
    Done done;
  };
  void finish(LlmCallRecord record, Done done);
  LlmClient* client(Provider p) const;

  LlmConfig config_;
  std::map<Provider, bool> keyed_;
  std::unique_ptr<CostMeter> meter_;
  std::unique_ptr<AnswerCache> cache_;
  struct thread_state;
  std::unique_ptr<thread_state> thread_;
  std::vector<std::unique_ptr<LlmClient>> clients_;
  mutable std::mutex mutex_;
  std::vector<finished> finished_;
  std::vector<LlmNotice> notices_;
};

}  // namespace symphony::llm
