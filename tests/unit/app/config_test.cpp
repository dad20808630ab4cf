#include <symphony/agents/grok_alpha.hpp>
#include <symphony/agents/momentum_hunter.hpp>
#include <symphony/app/config.hpp>
#include <symphony/venue/aster/aster_venue.hpp>

#include <gtest/gtest.h>

namespace symphony::app {
namespace {

// The JSON path in the error of parsing `text`, or "" if it parsed.
std::string error_path(const std::string& text, std::string* message = nullptr) {
  try {
    parse_config(text);
  } catch (const ConfigError& e) {
    if (message) *message = e.what();
    return e.path();
  }
  return "";
}

TEST(Config, DefaultsAreTheDocumentedOnes) {
  const Config c = default_config();
  ASSERT_EQ(c.instruments.size(), 3u);
  EXPECT_EQ(c.instruments[0].instrument.symbol, "BTCUSDT");
  EXPECT_EQ(c.instruments[1].instrument.symbol, "ETHUSDT");
  EXPECT_EQ(c.instruments[2].instrument.symbol, "SOLUSDT");
  EXPECT_EQ(c.sim.exchange.starting_balance, Money::from_units(100'000));
  EXPECT_EQ(c.engine.loop_period, 5 * ns_per_s);
  EXPECT_DOUBLE_EQ(c.engine.consensus.threshold, 0.65);
  EXPECT_EQ(c.engine.consensus.mode, agents::ConsensusMode::independent);
  EXPECT_EQ(c.engine.consensus.policy, agents::ConflictPolicy::conservative);
  EXPECT_EQ(c.engine.consensus.pick, agents::AgentPick::round_robin);
  EXPECT_DOUBLE_EQ(c.sim.exchange.partial_fill_probability, 0.2);
  EXPECT_DOUBLE_EQ(c.sim.exchange.reject_probability, 0.05);
  ASSERT_EQ(c.agents.size(), 7u);
  EXPECT_EQ(c.agents.front()->id(), "momentum_hunter");
  EXPECT_TRUE(c.agent("momentum_hunter")->enabled());
  EXPECT_FALSE(c.live.enabled);
}

TEST(Config, ReadsTheConsensus) {
  const Config c = parse_config(
      R"({"agents": {"consensus": {"mode": "unanimous", "conflict_policy": "risk_override", "pick": "random",
                                   "weights": "track_record"}}})");
  EXPECT_EQ(c.engine.consensus.mode, agents::ConsensusMode::unanimous);
  EXPECT_EQ(c.engine.consensus.policy, agents::ConflictPolicy::risk_override);
  EXPECT_EQ(c.engine.consensus.pick, agents::AgentPick::random);
  EXPECT_EQ(c.engine.consensus.weights, agents::VoteWeights::track_record);
}

TEST(Config, TheSameSymbolMayTradeOnTwoVenues) {
  const Config c = parse_config(
      R"({"instruments": [{"symbol": "BTCUSDT", "venue": "sim"}, {"symbol": "BTCUSDT", "venue": "aster"}],
          "loop": {"venue_down_after": "45s"}})");
  ASSERT_EQ(c.instruments.size(), 2u);
  EXPECT_EQ(c.instruments[1].instrument.venue, "aster");
  EXPECT_EQ(c.engine.venue_down_after, 45 * ns_per_s);
}

TEST(Config, ReadsTheRegimeRules) {
  const Config d = default_config();
  EXPECT_EQ(d.engine.conductor.interval, 5 * ns_per_min);
  EXPECT_EQ(d.engine.conductor.rules.activity_bars, 3u);
  const Config c = parse_config(R"({"agents": {"regime_interval": "15m", "regime_rules": {"activity_bars": 5,
      "volatility_bars": 20, "trend_max_bars": 240, "warm_up_bars": 0, "trending_activity": 1.5, "volatile_activity": 3,
      "trending_volatility": 2, "volatile_volatility": 4, "volatility_weight": 0, "learning_rate": 0.002}}})");
  const auto& r = c.engine.conductor.rules;
  EXPECT_EQ(c.engine.conductor.interval, 15 * ns_per_min);
  EXPECT_EQ(r.activity_bars, 5u);
  EXPECT_EQ(r.volatility_bars, 20u);
  EXPECT_EQ(r.trend_max_bars, 240u);
  EXPECT_EQ(r.warm_up_bars, 0u);
  EXPECT_DOUBLE_EQ(r.trending_activity, 1.5);
  EXPECT_DOUBLE_EQ(r.volatile_activity, 3);
  EXPECT_DOUBLE_EQ(r.trending_volatility, 2);
  EXPECT_DOUBLE_EQ(r.volatile_volatility, 4);
  EXPECT_DOUBLE_EQ(r.volatility_weight, 0);
  EXPECT_DOUBLE_EQ(r.learning_rate, 0.002);
}

TEST(Config, ReadsTheLlmSection) {
  const Config d = default_config();
  EXPECT_TRUE(d.llm_cache_auto);
  ASSERT_EQ(d.llm.providers.size(), 2u);
  EXPECT_EQ(d.llm.providers[0].routine_model, "gpt-4o-mini");
  EXPECT_EQ(d.llm.budget.daily, Money::from_units(5));
  const Config c = parse_config(R"({"llm": {"cache": "off", "cache_file": "a.jsonl",
      "budget": {"per_agent_daily": "0.25", "daily": "2"},
      "openai": {"base_url": "https://llm.internal:8443/v1", "routine_model": "local-small", "high_stakes_model": "local-big",
                 "timeout": "2m", "max_retries": 0, "breaker": {"failures": 2, "open_for": "10m"}},
      "prices": {"local-small": {"input": 0, "output": 0}, "local-big": {"input": 0.1, "output": 0.2},
                 "gemini-2.5-flash-lite": {"input": 0.1, "output": 0.4}, "gemini-2.5-flash": {"input": 0.3, "output": 2.5}}},
      "agents": {"grok_alpha": {"provider": "gemini", "ask_interval": "15m"}, "regime_llm": {"enabled": true}}})");
  EXPECT_FALSE(c.llm_cache_auto);
  EXPECT_EQ(c.llm.cache, llm::CacheMode::off);
  EXPECT_EQ(c.llm.cache_path, "a.jsonl");
  EXPECT_EQ(c.llm.budget.per_agent_daily, Money::parse("0.25").value());
  const llm::ProviderConfig& o = c.llm.providers[0];
  EXPECT_EQ(o.base_url, "https://llm.internal:8443/v1");
  EXPECT_EQ(o.high_stakes_model, "local-big");
  EXPECT_EQ(o.timeout, 2 * ns_per_min);
  EXPECT_EQ(o.max_retries, 0u);
  EXPECT_EQ(o.breaker.failures_to_open, 2u);
  EXPECT_EQ(c.llm.prices.size(), 4u);
  EXPECT_DOUBLE_EQ(c.llm.prices.at("local-big").output, 0.2);
  const auto* grok = agents::config_of<agents::GrokAlphaConfig>(*c.agent("grok_alpha"));
  ASSERT_NE(grok, nullptr);
  EXPECT_EQ(grok->provider, llm::Provider::gemini);
  EXPECT_EQ(grok->ask_interval, 15 * ns_per_min);
  EXPECT_TRUE(c.agent("grok_alpha")->uses_llm());
  EXPECT_EQ(agents::config_of<agents::MomentumHunterConfig>(*c.agent("grok_alpha")), nullptr);
  EXPECT_TRUE(c.engine.conductor.llm.enabled);
}

TEST(Config, ReadsAnAgentsRegimeTable) {
  const Config c = parse_config(R"({"agents": {"momentum_hunter": {"regimes": {
      "bear_trending": {"longs": 0}, "range_bound": {"longs": 0.5, "shorts": 0.4}}}}})");
  const auto& t = c.agent("momentum_hunter")->regimes();
  EXPECT_EQ(t[static_cast<std::size_t>(Regime::bear_trending)], (agents::RegimeStance{0.0, 1.0}));
  EXPECT_EQ(t[static_cast<std::size_t>(Regime::range_bound)], (agents::RegimeStance{0.5, 0.4}));
  EXPECT_EQ(t[static_cast<std::size_t>(Regime::bull_trending)], (agents::RegimeStance{1.0, 0.8}));  // default
}

TEST(Config, EmptyObjectIsTheDefaults) {
  const Config c = parse_config("{}");
  EXPECT_EQ(c.instruments.size(), 3u);
}

TEST(Config, AcceptsCommentsDecimalsAsStringsOrNumbers) {
  const Config c = parse_config(R"({
    // line comment
    "loop": { "period": "10s" },  /* block comment */
    "risk": { "risk_per_trade": 0.01, "max_position_notional": "25000.5" },
    "venues": { "sim": { "taker_fee": "0.0004", "latency": "5ms" } }
  })");
  EXPECT_EQ(c.engine.loop_period, 10 * ns_per_s);
  EXPECT_EQ(c.risk.risk_per_trade, Ratio::parse("0.01").value());
  EXPECT_EQ(c.risk.max_position_notional, Money::parse("25000.5").value());
  EXPECT_EQ(c.sim.exchange.taker_fee, Ratio::parse("0.0004").value());
  EXPECT_EQ(c.sim.exchange.latency, 5 * ns_per_ms);
}

TEST(Config, ReadsTheMarketSection) {
  const Config c = parse_config(R"({"market": {
    "book": {"window_ticks": 4096},
    "trades": {"window": "5m", "buckets": 300, "large_min_notional": "250000"},
    "candles_kept": {"1h": 720},
    "indicators": {"ema_fast": 12, "ema_slow": 26, "bollinger_width": 2.5},
    "patterns": {"detectors": ["levels", "range_breakouts"], "range_bars": 30},
    "flash": {"momentum_window": "30s", "sessions": {"us": {"start": "14:00", "momentum_bps": 8}}}}})");
  const auto& m = c.market;
  EXPECT_EQ(m.book.window_ticks, 4096u);
  EXPECT_EQ(m.trades.window, 5 * ns_per_min);
  EXPECT_EQ(m.trades.buckets, 300u);
  EXPECT_EQ(m.trades.large_min_notional, Money::from_units(250'000));
  EXPECT_EQ(m.candles_kept[market::index_of(market::Timeframe::h1)], 720u);
  EXPECT_EQ(m.candles_kept[market::index_of(market::Timeframe::m1)], 1440u);
  EXPECT_EQ(m.indicators.ema_fast, 12u);
  EXPECT_DOUBLE_EQ(m.indicators.bollinger_width, 2.5);
  EXPECT_EQ(m.patterns.detectors, market::pattern_set::levels | market::pattern_set::range_breakouts);
  EXPECT_EQ(m.patterns.range_bars, 30u);
  EXPECT_EQ(m.flash.momentum_window, 30 * ns_per_s);
  const auto& us = m.flash.sessions[static_cast<std::size_t>(market::Session::us)];
  EXPECT_EQ(us.start_minute, 14 * 60);
  EXPECT_DOUBLE_EQ(us.momentum_bps, 8);
  EXPECT_DOUBLE_EQ(us.imbalance, 0.55);  // untouched keys keep their defaults
}

TEST(Config, InstrumentsReplaceTheDefaults) {
  const Config c = parse_config(R"({"instruments": [
    {"symbol": "DOGEUSDT", "tick_size": "0.00001", "step_size": "1", "initial_price": "0.15"}]})");
  ASSERT_EQ(c.instruments.size(), 1u);
  EXPECT_EQ(c.instruments[0].instrument.symbol, "DOGEUSDT");
  EXPECT_EQ(c.instruments[0].instrument.min_qty, Qty::from_units(1));
}

struct BadConfig {
  const char* text;
  const char* path;
  const char* says;
};

void PrintTo(const BadConfig& b, std::ostream* os) { *os << b.path; }

class ConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigErrors, NameTheKeyPathAndWhy) {
  std::string message;
  EXPECT_EQ(error_path(GetParam().text, &message), GetParam().path) << message;
  EXPECT_NE(message.find(GetParam().says), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigErrors,
    ::testing::Values(
        BadConfig{R"({"loop": {"period": "5s",})", "$", "not valid JSON"},
        // A number too large for a double: an out_of_range error of the JSON library,
        // which used to escape as something other than a ConfigError.
        BadConfig{R"({"risk": {"max_trades_per_day": 1e999}})", "$", "not valid JSON"},
        BadConfig{R"([1, 2])", "$", "must be an object"},
        BadConfig{R"({"risk": {"risk_per_trade": 0.01, "max_levrage": 3}})", "$.risk.max_levrage", "unknown key"},
        BadConfig{R"({"colour": "blue"})", "$.colour", "unknown key"},
        BadConfig{R"({"risk": {"max_trades_per_day": "ten"}})", "$.risk.max_trades_per_day", "whole number"},
        BadConfig{R"({"risk": {"risk_per_trade": -0.01}})", "$.risk.risk_per_trade", "out of range"},
        BadConfig{R"({"risk": {"max_position_notional": "-5"}})", "$.risk.max_position_notional", "out of range"},
        BadConfig{R"({"risk": {"risk_per_trade": "0.01.2"}})", "$.risk.risk_per_trade", "not a plain decimal"},
        BadConfig{R"({"risk": {"risk_per_trade": true}})", "$.risk.risk_per_trade", "got a boolean"},
        BadConfig{R"({"loop": {"period": 5}})", "$.loop.period", "duration string"},
        BadConfig{R"({"loop": {"period": "5 seconds"}})", "$.loop.period", "not a duration"},
        BadConfig{R"({"loop": {"period": "1ms"}})", "$.loop.period", "out of range"},
        BadConfig{R"({"loop": []})", "$.loop", "must be an object"},
        BadConfig{R"({"instruments": []})", "$.instruments", "at least one"},
        BadConfig{R"({"instruments": [{"tick_size": "0.1"}]})", "$.instruments[0].symbol", "required"},
        BadConfig{R"({"instruments": [{"symbol": "A", "step_size": "-1"}]})", "$.instruments[0].step_size",
                  "out of range"},
        BadConfig{R"({"instruments": [{"symbol": "A", "venue": "binance"}]})", "$.instruments[0].venue", "not one of"},
        BadConfig{R"({"instruments": [{"symbol": "A"}, {"symbol": "A"}]})", "$.instruments[1].symbol", "listed twice"},
        BadConfig{R"({"instruments": [{"symbol": "A", "tick_size": "0.1", "initial_price": "100.05"}]})",
                  "$.instruments[0].initial_price", "multiple of tick_size"},
        BadConfig{R"({"market": {"indicators": {"ema_fast": 30, "ema_slow": 20}}})", "$.market.indicators.ema_fast",
                  "less than ema_slow"},
        BadConfig{R"({"agents": {"momentum_hunter": {"fast_period": 9}}})", "$.agents.momentum_hunter.fast_period",
                  "unknown key"},
        BadConfig{R"({"market": {"flash": {"sessions": {"asia": {"start": "25:00"}}}}})",
                  "$.market.flash.sessions.asia.start", "not a UTC time of day"},
        BadConfig{R"({"market": {"flash": {"sessions": {"us": {"start": "07:00"}}}}})",
                  "$.market.flash.sessions.us.start", "different times"},
        BadConfig{R"({"market": {"flash": {"volatility_long": "10s"}}})", "$.market.flash.volatility_long",
                  "longer than volatility_short"},
        BadConfig{R"({"market": {"candles_kept": {"2m": 10}}})", "$.market.candles_kept.2m", "unknown key"},
        BadConfig{R"({"market": {"patterns": {"detectors": ["double_tops", "triangles"]}}})",
                  "$.market.patterns.detectors[1]", "not one of"},
        BadConfig{R"({"market": {"book": {"window_ticks": 5}}})", "$.market.book.window_ticks", "out of range"},
        BadConfig{R"({"venues": {"sim": {"reject_probability": 0.9}}})", "$.venues.sim.reject_probability",
                  "out of range"},
        BadConfig{R"({"venues": {"sim": {"start_time": "2026-02-30T00:00:00Z"}}})", "$.venues.sim.start_time",
                  "UTC time"},
        BadConfig{R"({"venues": {"kraken": {}}})", "$.venues.kraken", "unknown key"},
        BadConfig{R"({"log": {"level": "loud"}})", "$.log.level", "not one of"},
        BadConfig{R"({"store": {"backend": "mysql"}})", "$.store.backend", "not one of"},
        BadConfig{R"({"risk": {"risk_per_trade": 1e-9}})", "$.risk.risk_per_trade", "plain decimal"},
        BadConfig{R"({"venues": {"aster": {"rest_url": "http://fapi.asterdex.com"}}})", "$.venues.aster.rest_url",
                  "https or wss"},
        BadConfig{R"({"venues": {"aster": {"ws_url": "https://fstream.asterdex.com"}}})", "$.venues.aster.ws_url",
                  "must be a wss:// URL"},
        BadConfig{R"({"venues": {"aster": {"rest_url": "https://x.com/fapi"}}})", "$.venues.aster.rest_url",
                  "must not carry a path"},
        BadConfig{R"({"venues": {"aster": {"signing": "v2"}}})", "$.venues.aster.signing", "not one of"},
        BadConfig{R"({"venues": {"aster": {"depth_limit": 30}}})", "$.venues.aster.depth_limit", "must be one of"},
        BadConfig{R"({"venues": {"aster": {"ca_file": "/nonexistent/ca.pem"}}})", "$.venues.aster.ca_file",
                  "not a readable file"},
        BadConfig{R"({"venues": {"aster": {"margin_type": "cross"}}})", "$.venues.aster.margin_type", "not one of"},
        BadConfig{R"({"venues": {"aster": {"websocket": {"reconnect_initial": "1m", "reconnect_max": "1s"}}}})",
                  "$.venues.aster.websocket.reconnect_initial", "must not exceed"},
        BadConfig{R"({"paper": {"exchange": {"reject_probability": 0.9}}})", "$.paper.exchange.reject_probability",
                  "out of range"},
        BadConfig{R"({"live": {"enabled": "yes"}})", "$.live.enabled", "true or false"},
        BadConfig{R"({"live": {"venue": "aster"}})", "$.live.venue", "unknown key"},
        BadConfig{R"({"instruments": [{"symbol": "BTC", "venue": "mexc"}]})", "$.instruments[0].venue", "not one of"},
        BadConfig{R"({"agents": {"consensus": {"mode": "plurality"}}})", "$.agents.consensus.mode", "not one of"},
        BadConfig{R"({"agents": {"consensus": {"conflict_policy": 1}}})", "$.agents.consensus.conflict_policy",
                  "must be a string"},
        BadConfig{R"({"agents": {"consensus": {"pick": "first"}}})", "$.agents.consensus.pick", "not one of"},
        BadConfig{R"({"agents": {"consensus": {"quorum": 3}}})", "$.agents.consensus.quorum", "unknown key"},
        BadConfig{R"({"agents": {"momentum_hunter": {"regimes": {"range_bound": {"longs": 3}}}}})",
                  "$.agents.momentum_hunter.regimes.range_bound.longs", "out of range"},
        BadConfig{R"({"llm": {"openai": {"base_url": "http://localhost:11434/v1"}}})", "$.llm.openai.base_url",
                  "TLS is required"},
        BadConfig{R"({"llm": {"openai": {"routine_model": "gpt-9"}}})", "$.llm.prices",
                  "no price for openai model 'gpt-9'"},
        BadConfig{R"({"llm": {"prices": {"gpt-4o": {"input": "cheap"}}}})", "$.llm.prices.gpt-4o.input",
                  "must be a number"},
        BadConfig{R"({"llm": {"cache": "sometimes"}})", "$.llm.cache", "not one of"},
        BadConfig{R"({"llm": {"budget": {"daily": "-1"}}})", "$.llm.budget.daily", "out of range"},
        BadConfig{R"({"llm": {"anthropic": {}}})", "$.llm.anthropic", "unknown key"},
        BadConfig{R"({"agents": {"grok_alpha": {"provider": "grok"}}})", "$.agents.grok_alpha.provider", "not one of"},
        BadConfig{R"({"agents": {"trend_surfer": {"target1_r": 5, "target2_r": 2}}})",
                  "$.agents.trend_surfer.target1_r", "must not exceed target2_r"},
        BadConfig{R"({"agents": {"whale_tracker": {"print_max_age": "2h"}}})", "$.agents.whale_tracker.print_max_age",
                  "out of range"},
        BadConfig{R"({"agents": {"mean_reversion": {"enabled": 1}}})", "$.agents.mean_reversion.enabled",
                  "true or false"},
        BadConfig{R"({"agents": {"regime_rules": {"trending_activity": 2, "volatile_activity": 1.5}}})",
                  "$.agents.regime_rules.volatile_activity", "must be above trending_activity"},
        BadConfig{R"({"agents": {"regime_rules": {"trending_volatility": 6}}})",
                  "$.agents.regime_rules.volatile_volatility", "must be above trending_volatility"},
        BadConfig{R"({"agents": {"regime_rules": {"activity_bars": 0}}})", "$.agents.regime_rules.activity_bars",
                  "out of range"},
        BadConfig{R"({"agents": {"regime_rules": {"learning_rate": 1}}})", "$.agents.regime_rules.learning_rate",
                  "out of range"},
        BadConfig{R"({"agents": {"regime_rules": {"window_bars": 60}}})", "$.agents.regime_rules.window_bars",
                  "unknown key"},
        BadConfig{R"({"agents": {"momentum_hunter": {"regimes": {"sideways": {}}}}})",
                  "$.agents.momentum_hunter.regimes.sideways", "unknown key"}));

TEST(Config, TheExampleFileHoldsTheDefaultsOfTheVenueSections) {
  const Config d = default_config();
  const Config e = load_config(std::string(SYMPHONY_SOURCE_DIR) + "/config/symphony.example.json");
  // Each adapter's section, read by the adapter's own reader.
  const config::json example = config::json::parse(e.source_text, nullptr, true, /*ignore_comments=*/true);
  venue::aster::AsterConfig a;
  config::Reader section(example.at("venues").at("aster"), "$.venues.aster");
  venue::aster::read_config(section, a);
  section.finish();
  const venue::aster::AsterConfig da;
  EXPECT_EQ(e.venue("aster")->describe(), d.venue("aster")->describe());
  EXPECT_EQ(a.rest_url, da.rest_url);
  EXPECT_EQ(a.ws_url, da.ws_url);
  EXPECT_EQ(a.signing, da.signing);
  EXPECT_EQ(a.chain_id, da.chain_id);
  EXPECT_EQ(a.depth_limit, da.depth_limit);
  EXPECT_EQ(a.depth_speed, da.depth_speed);
  EXPECT_EQ(a.warm_up_bars, da.warm_up_bars);
  EXPECT_EQ(a.time_sync_interval, da.time_sync_interval);
  EXPECT_EQ(a.listen_key_keepalive, da.listen_key_keepalive);
  EXPECT_EQ(a.order_max_wait, da.order_max_wait);
  EXPECT_EQ(a.ws.stall_timeout, da.ws.stall_timeout);
  EXPECT_EQ(a.ws.backoff.initial, da.ws.backoff.initial);
  EXPECT_EQ(a.ws.backoff.max, da.ws.backoff.max);
  EXPECT_DOUBLE_EQ(a.ws.backoff.jitter, da.ws.backoff.jitter);
  EXPECT_EQ(e.paper.exchange.starting_balance, d.paper.exchange.starting_balance);
  EXPECT_DOUBLE_EQ(e.paper.exchange.reject_probability, 0.0);
  EXPECT_DOUBLE_EQ(d.paper.exchange.reject_probability, 0.0);
  EXPECT_EQ(e.live.enabled, false);
  EXPECT_EQ(e.live.keep_protective_orders_on_shutdown, d.live.keep_protective_orders_on_shutdown);
  EXPECT_EQ(e.live.bootstrap_timeout, d.live.bootstrap_timeout);
  EXPECT_EQ(e.live.shutdown_grace, d.live.shutdown_grace);
}

TEST(Config, UnreadableFileIsAConfigError) { EXPECT_THROW(load_config("/nonexistent/symphony.json"), ConfigError); }

}  // namespace
}  // namespace symphony::app
