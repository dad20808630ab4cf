#pragma once

#include <symphony/agents/regime_rules.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>
#include <symphony/market/market_state.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
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

/// Conductor settings (config `agents.regime_interval` and `agents.regime_rules`).
struct ConductorConfig {
  Duration interval = 5 * ns_per_min;
  RegimeRulesConfig rules;
};

/// The regime conductor: every `interval` it classifies each instrument from its 1-minute
/// candles with the rule classifier, then the market as the confidence-weighted vote, and
/// publishes each classification on the bus. Not thread-safe; lives on the hot thread.
class Conductor {
 public:
  Conductor(const ConductorConfig& config, std::size_t instrument_count, RegimeBus* bus = nullptr);

  /// True when a classification round is due at `now`.
  [[nodiscard]] bool due(Timestamp now) const noexcept { return now >= next_ts_; }
  /// Runs a round: the instruments with a reading, then the market (last) if any has one.
  /// Schedules the next round `interval` later.
  std::vector<RegimeClassification> classify(const market::MarketState& market, Timestamp now);
  /// The latest market regime, empty until the first instrument is classified.
  [[nodiscard]] std::optional<Regime> market_regime() const noexcept { return market_regime_; }
  [[nodiscard]] const ConductorConfig& config() const noexcept { return config_; }

 private:
  ConductorConfig config_;
  RegimeBus* bus_;
  std::vector<RegimeClassifier> classifiers_;
  Timestamp next_ts_ = 0;
  std::optional<Regime> market_regime_;
};

}  // namespace symphony::agents
