#pragma once

#include <symphony/agents/regime_rules.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>
#include <symphony/llm/llm.hpp>
#include <symphony/market/market_state.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace symphony::agents {

/// One classification of the conductor: of an instrument, or of the whole market.
struct RegimeClassification {
  static constexpr InstrumentId market_scope = 0xFFFFFFFF;
  InstrumentId instrument = market_scope;
  Regime regime = Regime::range_bound;
  double confidence = 0;
  double trend_strength = 0;    ///< signed t-statistic of the move (see `RegimeReading`)
  double volatility_level = 0;  ///< realized volatility over the instrument's quiet level
  std::int64_t ts_us = 0;       ///< when it was made, µs since the Unix epoch
  std::string source = "rules";
};

/// Where the conductor's classifications go for the rest of the system (agents, the
/// dashboard, other processes). Implementations must be quick: `publish` is called on the
/// hot thread.
class RegimeBus {
 public:
  virtual ~RegimeBus() = default;
  virtual void publish(const RegimeClassification& c) = 0;
};

/// The bus inside one process: keeps the latest classification per scope and calls every
/// subscriber synchronously, in the publisher's thread. Thread-safe: subscribers and
/// readers may live on other threads (a subscriber must then be thread-safe itself).
class InProcessRegimeBus final : public RegimeBus {
 public:
  using Subscriber = std::function<void(const RegimeClassification&)>;
  /// Returns a handle for `unsubscribe`.
  std::uint64_t subscribe(Subscriber s);
  void unsubscribe(std::uint64_t handle);
  void publish(const RegimeClassification& c) override;
  /// The latest classification of an instrument, or of the market (`market_scope`).
  [[nodiscard]] std::optional<RegimeClassification> latest(InstrumentId scope) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::uint64_t, Subscriber>> subscribers_;
  std::vector<RegimeClassification> latest_;
  std::uint64_t next_handle_ = 1;
};

/// The optional LLM refinement of the market regime (config `agents.regime_llm`).
struct RegimeLlmConfig {
  bool enabled = false;
  llm::Provider provider = llm::Provider::openai;
  /// Only rule labels at most this sure are sent for refinement (1: every round).
  double below_confidence = 1.0;
};

/// Conductor settings (config `agents.regime_interval`, `agents.regime_rules`,
/// `agents.regime_llm`).
struct ConductorConfig {
  Duration interval = 5 * ns_per_min;
  RegimeRulesConfig rules;
  RegimeLlmConfig llm;
};

/// The regime conductor: every `interval` it classifies each instrument from its 1-minute
/// candles with the rule classifier, then the market as the confidence-weighted vote, and
/// publishes each classification on the bus. With `regime_llm` enabled and an LLM
/// available, the rules' market label and readings then go to the LLM (structured
/// output); its answer, arriving on a later tick, is a second market classification with
/// source "llm:<model>" that replaces the rules' label until the next round. Not
/// thread-safe; lives on the hot thread.
class Conductor {
 public:
  Conductor(const ConductorConfig& config, std::size_t instrument_count, RegimeBus* bus = nullptr,
            llm::LlmGateway* gateway = nullptr);

  /// True when a classification round is due at `now`.
  [[nodiscard]] bool due(Timestamp now) const noexcept { return now >= next_ts_; }
  /// Runs a round: the instruments with a reading, then the market (last) if any has one.
  /// Schedules the next round `interval` later.
  std::vector<RegimeClassification> classify(const market::MarketState& market, Timestamp now);
  /// The same from each instrument's 1-minute candles (one per instrument, by id).
  std::vector<RegimeClassification> classify(std::span<const market::CandleSeries* const> m1, Timestamp now);
  /// The latest market regime, empty until the first instrument is classified.
  [[nodiscard]] std::optional<Regime> market_regime() const noexcept { return market_regime_; }
  [[nodiscard]] const ConductorConfig& config() const noexcept { return config_; }
  /// LLM refinements that arrived since the last call (already published on the bus).
  std::vector<RegimeClassification> take_refined();
  /// The JSON Schema of the LLM's answer.
  static const char* answer_schema() noexcept;

 private:
  void refine(const std::vector<RegimeClassification>& round, std::span<const market::CandleSeries* const> m1);
  ConductorConfig config_;
  RegimeBus* bus_;
  llm::LlmGateway* gateway_;
  bool refining_ = false;
  std::uint64_t round_ = 0;
  std::vector<RegimeClassification> refined_;
  std::vector<RegimeClassifier> classifiers_;
  Timestamp next_ts_ = 0;
  std::optional<Regime> market_regime_;
};

}  // namespace symphony::agents
