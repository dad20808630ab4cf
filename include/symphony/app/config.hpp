#pragma once

#include <symphony/agents/agent_kinds.hpp>
#include <symphony/config/reader.hpp>
#include <symphony/engine/engine.hpp>
#include <symphony/llm/llm_service.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/risk/risk_engine.hpp>
#include <symphony/trading/trade_manager.hpp>
#include <symphony/venue/sim/regime_generator.hpp>
#include <symphony/venue/sim/sim_exchange.hpp>
#include <symphony/venue/venue.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::app {

/// A bad configuration (the config reader's error).
using ConfigError = config::ConfigError;

/// The simulated venue's settings (`venues.sim`).
struct SimVenueConfig {
  venue::sim::ExchangeConfig exchange;
  venue::sim::GeneratorConfig generator;
  Timestamp start_time = 1'767'225'600LL * ns_per_s;  ///< 2026-01-01T00:00:00Z
};

/// Paper trading (`paper`): each instrument's venue's real market data, fills from the
/// simulated matcher walking that real book, on a simulated account per venue. No random
/// rejections or partial fills unless configured.
struct PaperConfig {
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
  /// The venue adapters of this build, each with its section `venues.<name>` read in.
  std::vector<std::shared_ptr<const venue::VenueFactory>> venues;
  /// The adapter named `name`, or null (the simulated venue is not an adapter).
  [[nodiscard]] const venue::VenueFactory* venue(std::string_view name) const;
  PaperConfig paper;
  LiveConfig live;
  std::vector<venue::sim::SimInstrumentSpec> instruments;
  market::MarketConfig market;
  engine::EngineConfig engine;
  Ratio agent_daily_loss_limit = Ratio::from_raw(2'000'000);  ///< of starting equity: 0.02
  /// Every agent of this build (`agents::all_agent_kinds`), each with its section
  /// `agents.<id>` read in, in roster order.
  std::vector<std::shared_ptr<const agents::AgentKind>> agents;
  /// The agent kind `id`, or null.
  [[nodiscard]] const agents::AgentKind* agent(std::string_view id) const;
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

/// Every venue adapter of this build, with its defaults (`venues.cpp`: the one place
/// that names them).
std::vector<std::unique_ptr<venue::VenueFactory>> venue_factories();

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
