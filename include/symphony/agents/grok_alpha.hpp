#pragma once

#include <symphony/agents/agent.hpp>
#include <symphony/llm/llm.hpp>

#include <string>
#include <vector>

namespace symphony::agents {

/// Grok Alpha's metadata and default regime table.
const AgentInfo& grok_alpha_info() noexcept;

/// Grok Alpha settings (config `agents.grok_alpha`).
struct GrokAlphaConfig {
  bool enabled = true;
  llm::Provider provider = llm::Provider::openai;
  Duration ask_interval = 5 * ns_per_min;  ///< per instrument: how often the LLM is asked
  Duration answer_ttl = 10 * ns_per_min;   ///< how long an answer is acted on
  bool high_stakes_when_volatile = true;   ///< volatile regimes ask the strong model
  double rule_score_min = 0.75;            ///< the rule fallback acts on |score| above this
  double stop_atr = 2.0;
  double target1_r = 1.5;
  double target2_r = 3.0;
  std::uint32_t max_output_tokens = 300;
  RegimeTable regimes = grok_alpha_info().regimes;
};

/// LLM reasoning over a compact market context: every `ask_interval` it sends the
/// instrument's regime, trend, momentum, volatility, flow and book state to the LLM and
/// asks for BUY, SELL or HOLD with a confidence and a reason (structured output); a fresh
/// answer is traded once, with the stop and targets in ATRs (prices are never taken from
/// the model). Asking never blocks: the answer comes on a later tick. When there is no LLM
/// (no key, failure, budget spent, open circuit, not in the replay cache) it falls back to
/// its rule logic — a vote of EMA trend, MACD, RSI and rate of change — and says so in its
/// reason. Not thread-safe; the LLM's callbacks arrive on the hot thread.
class GrokAlpha final : public Agent {
 public:
  /// `gateway` may be null: rules only.
  GrokAlpha(GrokAlphaConfig config, std::size_t instrument_count, llm::LlmGateway* gateway);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

  /// The JSON Schema of the answer.
  static const char* answer_schema() noexcept;
  /// The market context sent to the LLM for `context`.
  static std::string market_context(const AgentContext& context);

 private:
  struct answer {
    Action action = Action::hold;
    double confidence = 0;
    std::string reason;
    std::string model;
    Timestamp ts = 0;
  };
  struct series {
    Timestamp asked_ts = 0;
    bool pending = false;
    std::optional<answer> latest;
    Timestamp acted_answer_ts = -1;
    std::string llm_status = "not asked yet";
    std::uint64_t bars_seen = 0;
    std::uint64_t acted_bar = 0;
    bool last_from_llm = false;  // whether the last decision was the LLM's answer (else the rules')
  };
  void ask(const AgentContext& context, series& s);
  Decision rules(const AgentContext& context, const market::IndicatorValues& v, series& s, const std::string& why);

  GrokAlphaConfig config_;
  llm::LlmGateway* gateway_;
  std::vector<series> series_;
};

}  // namespace symphony::agents
