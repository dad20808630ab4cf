#include <symphony/app/config.hpp>

#include <symphony/agents/agent_kinds.hpp>
#include <symphony/config/reader.hpp>

#include "app/config_sections.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace symphony::app {

using json = nlohmann::json;
using config::Reader;
using config::type_name;
using namespace sections;  // the readers of each section (config_*.cpp)

namespace {

void read_regime_rules(Reader& r, agents::RegimeRulesConfig& g) {
  r.integer("activity_bars", g.activity_bars, 1, 240);
  r.integer("volatility_bars", g.volatility_bars, 2, 240);
  r.integer("trend_max_bars", g.trend_max_bars, 2, 1000);
  r.integer("warm_up_bars", g.warm_up_bars, 0, 10'000);
  r.number("trending_activity", g.trending_activity, 1.01, 100.0);
  r.number("volatile_activity", g.volatile_activity, 1.01, 100.0);
  r.number("trending_volatility", g.trending_volatility, 1.01, 100.0);
  r.number("volatile_volatility", g.volatile_volatility, 1.01, 100.0);
  r.number("volatility_weight", g.volatility_weight, 0.0, 100.0);
  r.number("learning_rate", g.learning_rate, 0.0001, 0.5);
  if (g.volatile_activity <= g.trending_activity)
    throw ConfigError(r.at("volatile_activity"), "must be above trending_activity");
  if (g.volatile_volatility <= g.trending_volatility)
    throw ConfigError(r.at("volatile_volatility"), "must be above trending_volatility");
}

void read_risk(Reader& r, risk::RiskConfig& k, engine::EngineConfig& e) {
  const Ratio one = Ratio::from_units(1);
  r.decimal("risk_per_trade", k.risk_per_trade, Ratio::from_raw(1), Ratio::from_raw(fixed_scale / 10));
  r.decimal("max_leverage", k.max_leverage, Ratio::from_raw(fixed_scale / 100), Ratio::from_units(125));
  r.decimal("max_position_notional", k.max_position_notional, Money::from_units(1), Money::from_units(1'000'000'000));
  r.decimal("max_total_exposure", k.max_total_exposure, Money::from_units(1), Money::from_units(1'000'000'000));
  r.decimal("daily_loss_limit", k.daily_loss_limit, Ratio::from_raw(1), one);
  r.decimal("max_drawdown", k.max_drawdown, Ratio::from_raw(1), one);
  r.integer("max_trades_per_day", k.max_trades_per_day, 1, 100'000);
  r.integer("max_open_positions", k.max_open_positions, 1, 1000);
  r.decimal("min_stop_distance", k.min_stop_distance, Ratio{}, one);
  r.decimal("max_stop_distance", k.max_stop_distance, Ratio::from_raw(1), one);
  r.decimal("max_margin_ratio", e.max_margin_ratio, Ratio::from_raw(1), one);
  if (k.min_stop_distance >= k.max_stop_distance)
    throw ConfigError(r.at("min_stop_distance"), "must be less than max_stop_distance");
}

}  // namespace

const agents::AgentKind* Config::agent(std::string_view id) const {
  for (const auto& k : agents)
    if (k->id() == id) return k.get();
  return nullptr;
}

const venue::VenueFactory* Config::venue(std::string_view name) const {
  for (const auto& f : venues)
    if (f->name() == name) return f.get();
  return nullptr;
}

Config default_config() {
  Config c;
  for (auto& f : venue_factories()) c.venues.push_back(std::move(f));
  for (auto& k : agents::all_agent_kinds()) c.agents.push_back(std::move(k));
  c.instruments = {
      make_instrument(0, "BTCUSDT", "0.1", "0.001", "60000", 1.0, 60'000),
      make_instrument(1, "ETHUSDT", "0.01", "0.001", "3000", 1.3, 40'000),
      make_instrument(2, "SOLUSDT", "0.001", "0.01", "150", 1.8, 20'000),
  };
  return c;
}

Config parse_config(const std::string& text) {
  json j;
  try {
    j = json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::exception& e) {
    // nlohmann's message carries the line and column (a number too large for a double is
    // an out_of_range error, not a parse_error).
    throw ConfigError("$", std::string("not valid JSON: ") + e.what());
  }
  Config c = default_config();
  c.source_text = text;
  Reader root(j, "$");
  std::vector<std::string> venue_names{"sim"};
  root.section("venues", [&](Reader& v) {
    v.section("sim", [&](Reader& s) { read_sim(s, c.sim); });
    for (auto& shared : c.venues) {
      // Each adapter reads its own section, into a fresh copy of its factory.
      std::unique_ptr<venue::VenueFactory> f = shared->fresh();
      v.section(std::string(f->name()), [&](Reader& a) { f->read_config(a); });
      shared = std::move(f);
    }
  });
  for (const auto& f : c.venues) venue_names.emplace_back(f->name());
  if (const json* arr = root.get("instruments")) {
    if (!arr->is_array()) throw ConfigError("$.instruments", "must be an array, got " + type_name(*arr));
    if (arr->empty()) throw ConfigError("$.instruments", "must list at least one instrument");
    if (arr->size() > 64) throw ConfigError("$.instruments", "at most 64 instruments");
    c.instruments.clear();
    std::set<std::string> symbols;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = fmt::format("$.instruments[{}]", i);
      venue::sim::SimInstrumentSpec s =
          make_instrument(static_cast<InstrumentId>(i), "", "0.01", "0.001", "100", 1.0, 25'000);
      Reader r((*arr)[i], path);
      read_instrument(r, s, venue_names);
      r.finish();
      if (!symbols.insert(s.instrument.venue + "\n" + s.instrument.symbol).second)
        throw ConfigError(path + ".symbol",
                          "'" + s.instrument.symbol + "' is listed twice on venue '" + s.instrument.venue + "'");
      c.instruments.push_back(std::move(s));
    }
  }
  root.section("market", [&](Reader& r) { read_market(r, c.market); });
  root.section("loop", [&](Reader& r) {
    r.duration("period", c.engine.loop_period, 100 * ns_per_ms, ns_per_hour);
    r.duration("stale_after", c.engine.stale_after, ns_per_s, ns_per_hour);
    r.duration("ack_timeout", c.engine.ack_timeout, 100 * ns_per_ms, 10 * ns_per_min);
    r.duration("venue_down_after", c.engine.venue_down_after, ns_per_s, ns_per_hour);
  });
  root.section("agents", [&](Reader& r) {
    r.number("confidence_threshold", c.engine.consensus.threshold, 0.0, 1.0);
    r.section("consensus", [&](Reader& k) {
      std::string mode(agents::to_string(c.engine.consensus.mode));
      std::string policy(agents::to_string(c.engine.consensus.policy));
      std::string pick(agents::to_string(c.engine.consensus.pick));
      std::string weights(agents::to_string(c.engine.consensus.weights));
      k.text("mode", mode, {"independent", "majority", "confidence_weighted", "unanimous"});
      k.text("conflict_policy", policy, {"highest_confidence", "conservative", "risk_override", "weighted_average"});
      k.text("pick", pick, {"round_robin", "random"});
      k.text("weights", weights, {"equal", "track_record"});
      c.engine.consensus.mode = *agents::consensus_mode_from_string(mode);
      c.engine.consensus.policy = *agents::conflict_policy_from_string(policy);
      c.engine.consensus.pick = *agents::agent_pick_from_string(pick);
      c.engine.consensus.weights = *agents::vote_weights_from_string(weights);
    });
    r.duration("regime_interval", c.engine.conductor.interval, ns_per_min, ns_per_day);
    r.section("regime_rules", [&](Reader& g) { read_regime_rules(g, c.engine.conductor.rules); });
    r.decimal("daily_loss_limit", c.agent_daily_loss_limit, Ratio::from_raw(1), Ratio::from_units(1));
    for (auto& shared : c.agents) {
      // Each agent reads its own section, into a fresh copy of its kind.
      std::unique_ptr<agents::AgentKind> kind = shared->fresh();
      r.section(std::string(kind->id()), [&](Reader& a) { kind->read_config(a); });
      shared = std::move(kind);
    }
    r.section("regime_llm", [&](Reader& g) {
      g.boolean("enabled", c.engine.conductor.llm.enabled);
      agents::read_provider_choice(g, c.engine.conductor.llm.provider);
      g.number("below_confidence", c.engine.conductor.llm.below_confidence, 0.0, 1.0);
    });
  });
  root.section("risk", [&](Reader& r) { read_risk(r, c.risk, c.engine); });
  root.section("llm", [&](Reader& r) { read_llm(r, c.llm, c.llm_cache_auto); });
  root.section("trading", [&](Reader& r) {
    r.decimal("partial_take_profit", c.trading.partial_take_profit, Ratio{}, Ratio::from_units(1));
    r.boolean("breakeven_after_tp1", c.trading.breakeven_after_tp1);
    r.integer("stop_retry_limit", c.trading.stop_retry_limit, 0, 100);
    r.duration("entry_timeout", c.trading.entry_timeout, ns_per_s, ns_per_hour);
  });
  root.section("store", [&](Reader& r) {
    r.text("backend", c.store.backend, {"sqlite"});
    r.text("path", c.store.path, {});
    if (c.store.path.empty()) throw ConfigError("$.store.path", "must not be empty");
    r.integer("ring_capacity", c.store.ring_capacity, 1024, 1 << 24);
  });
  root.section("log", [&](Reader& r) {
    r.text("level", c.log.level, {"trace", "debug", "info", "warn", "error"});
    r.text("format", c.log.format, {"text", "json"});
    r.duration("status_interval", c.engine.status_interval, ns_per_s, ns_per_day);
  });
  root.section("paper",
               [&](Reader& r) { r.section("exchange", [&](Reader& x) { read_exchange(x, c.paper.exchange); }); });
  root.section("live", [&](Reader& r) {
    r.boolean("enabled", c.live.enabled);
    r.boolean("keep_protective_orders_on_shutdown", c.live.keep_protective_orders_on_shutdown);
    r.duration("bootstrap_timeout", c.live.bootstrap_timeout, ns_per_s, 10 * ns_per_min);
    r.duration("shutdown_grace", c.live.shutdown_grace, 100 * ns_per_ms, ns_per_min);
  });
  root.finish();
  c.engine.maintenance_margin_rate = c.sim.exchange.maintenance_margin_rate;
  return c;
}

std::string list_agents_json() {
  json out = json::array();
  for (const auto& kind : agents::all_agent_kinds()) {
    const agents::AgentInfo& info = kind->info();
    json schema;
    const json none = json::object();  // the Reader keeps a reference
    Reader r(none, "$.agents." + std::string(info.id), &schema);
    kind->read_config(r);
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    json regimes = json::object();
    for (int i = 0; i < regime_count; ++i) {
      const agents::RegimeStance& s = info.regimes[static_cast<std::size_t>(i)];
      regimes[agents::regime_key(static_cast<Regime>(i))] = {{"longs", s.longs}, {"shorts", s.shorts}};
    }
    out.push_back({{"id", info.id},
                   {"name", info.name},
                   {"emoji", info.emoji},
                   {"description", info.description},
                   {"regime_affinity", regimes},
                   {"config_schema", schema}});
  }
  return out.dump(2) + "\n";
}

Config load_config(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, "$", "cannot read the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw ConfigError(file, "$", "cannot read the file");
  try {
    return parse_config(buf.str());
  } catch (const ConfigError& e) {
    throw ConfigError(file, e.path(), e.why());  // every error names the file it is in
  }
}

}  // namespace symphony::app
