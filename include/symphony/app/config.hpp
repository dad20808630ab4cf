#pragma once

#include <symphony/agents/breakout_sniper.hpp>
#include <symphony/agents/grok_alpha.hpp>
#include <symphony/agents/mean_reversion.hpp>
#include <symphony/agents/momentum_hunter.hpp>
#include <symphony/agents/trend_surfer.hpp>
#include <symphony/agents/volatility_harvester.hpp>
#include <symphony/agents/whale_tracker.hpp>
#include <symphony/engine/engine.hpp>
#include <symphony/llm/llm_service.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/risk/risk_engine.hpp>
#include <symphony/trading/trade_manager.hpp>
#include <symphony/venue/aster/aster_venue.hpp>
#include <symphony/venue/sim/regime_generator.hpp>
#include <symphony/venue/sim/sim_exchange.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace symphony::app {

/// A bad configuration: `path` is the JSON path of the offending key ("$.risk.risk_per_trade").
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string path, const std::string& why)
      : std::runtime_error(path + ": " + why), path_(std::move(path)), why_(why) {}
  /// The same error, located in `file` (what() then reads "'file' at $.x: why").
  ConfigError(std::string file, std::string path, const std::string& why)
      : std::runtime_error("'" + file + "' at " + path + ": " + why),
        path_(std::move(path)),
        why_(why),
        file_(std::move(file)) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const std::string& why() const noexcept { return why_; }
  /// The config file the error is in; empty for text parsed without a file.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  std::string path_;
  std::string why_;
  std::string file_;
};

/// The simulated venue's settings (`venues.sim`).
struct SimVenueConfig {
  venue::sim::ExchangeConfig exchange;
  venue::sim::GeneratorConfig generator;
  Timestamp start_time = 1'767'225'600LL * ns_per_s;  ///< 2026-01-01T00:00:00Z
};

/// Paper trading (`paper`): real market data from `venue`, fills from the simulated
/// matcher walking the real book, on a simulated account. No random rejections or
/// partial fills unless configured.
struct PaperConfig {
  std::string venue = "aster";
  venue::sim::ExchangeConfig exchange = [] {
    venue::sim::ExchangeConfig e;
    e.partial_fill_probability = 0;
    e.reject_probability = 0;
    return e;
  }();
};

/// Live trading (`live`). Real orders need `enabled`, `--mode live`, the venue's keys in
/// the environment and `--confirm-live`.
struct LiveConfig {
  bool enabled = false;
  std::string venue = "aster";
  /// Leave protective stops and take-profits at the venue when the daemon stops.
  bool keep_protective_orders_on_shutdown = true;
  Duration bootstrap_timeout = 30 * ns_per_s;  ///< also used by paper mode
  Duration shutdown_grace = 5 * ns_per_s;      ///< for the venue to answer the last cancels
};

/// Where events go (`store`).
struct StoreConfig {
  std::string backend = "sqlite";
  std::string path = "symphony.db";  ///< relative to the data directory
  std::size_t ring_capacity = 16384;
};

/// Logging (`log`).
struct LogConfig {
  std::string level = "info";
  std::string format = "text";
};

/// The LLM defaults: OpenAI (gpt-4o-mini routine, gpt-4o high stakes) and Gemini
/// (gemini-2.5-flash-lite, gemini-2.5-flash), their list prices, 1 USD per agent and 5 USD
/// in all per UTC day.
llm::LlmConfig default_llm_config();

/// The whole configuration, every key with its default. Secrets are never here: they come
/// from the environment only.
struct Config {
  SimVenueConfig sim;
  venue::aster::AsterConfig aster;
  PaperConfig paper;
  LiveConfig live;
  std::vector<venue::sim::SimInstrumentSpec> instruments;
  market::MarketConfig market;
  engine::EngineConfig engine;
  Ratio agent_daily_loss_limit = Ratio::from_raw(2'000'000);  ///< of starting equity: 0.02
  agents::MomentumHunterConfig momentum_hunter;
  agents::BreakoutSniperConfig breakout_sniper;
  agents::TrendSurferConfig trend_surfer;
  agents::VolatilityHarvesterConfig volatility_harvester;
  agents::MeanReversionConfig mean_reversion;
  agents::WhaleTrackerConfig whale_tracker;
  agents::GrokAlphaConfig grok_alpha;
  /// The LLM clients; `llm.cache` "auto" (`llm_cache_auto`) replays in sim and validate
  /// mode and records in paper and live mode.
  llm::LlmConfig llm = default_llm_config();
  bool llm_cache_auto = true;
  risk::RiskConfig risk;
  trading::TradeManagerConfig trading;
  StoreConfig store;
  LogConfig log;
  std::string source_text = "{}";  ///< the file as read, kept with the run in the store
};

/// The built-in defaults: the simulated venue with BTCUSDT, ETHUSDT and SOLUSDT.
Config default_config();
/// Parses and validates a config document (JSON, comments allowed). Throws ConfigError.
Config parse_config(const std::string& text);
/// Reads and validates a config file. Throws ConfigError (path "$" for unreadable files).
Config load_config(const std::string& file);

/// `symphonyd --list-agents`: every agent's metadata — id, name, emoji, description, its
/// default regime table (`regime_affinity`) and the JSON Schema of its config section
/// (`config_schema`, with the defaults) — as a JSON array.
std::string list_agents_json();

}  // namespace symphony::app
