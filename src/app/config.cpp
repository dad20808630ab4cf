#include <symphony/app/config.hpp>

#include <symphony/config/reader.hpp>

#include <symphony/net/url.hpp>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace symphony::app {

using json = nlohmann::json;
using config::Reader;
using config::type_name;

namespace {

venue::sim::SimInstrumentSpec make_instrument(InstrumentId id, const char* symbol, const char* tick, const char* step,
                                              const char* price, double vol, double level_notional) {
  venue::sim::SimInstrumentSpec s;
  s.instrument.id = id;
  s.instrument.symbol = symbol;
  s.instrument.venue = "sim";
  s.instrument.kind = InstrumentKind::perpetual;
  s.instrument.tick_size = Price::parse(tick).value();
  s.instrument.step_size = Qty::parse(step).value();
  s.instrument.min_qty = s.instrument.step_size;
  s.instrument.min_notional = Money::from_units(5);
  s.initial_price = Price::parse(price).value();
  s.volatility_scale = vol;
  s.level_notional = level_notional;
  return s;
}

// The simulated matcher's knobs, shared by sim and paper mode.
void read_exchange(Reader& r, venue::sim::ExchangeConfig& x) {
  r.decimal("starting_balance", x.starting_balance, Money::from_units(1), Money::from_units(1'000'000'000));
  r.decimal("maker_fee", x.maker_fee, Ratio::from_raw(-fixed_scale / 100), Ratio::from_raw(fixed_scale / 100));
  r.decimal("taker_fee", x.taker_fee, Ratio{}, Ratio::from_raw(fixed_scale / 100));
  r.duration("latency", x.latency, 1, 10 * ns_per_s);
  r.number("partial_fill_probability", x.partial_fill_probability, 0.0, 1.0);
  r.number("reject_probability", x.reject_probability, 0.0, 0.5);
  r.integer("leverage", x.leverage, 1, 125);
  r.decimal("maintenance_margin_rate", x.maintenance_margin_rate, Ratio::from_raw(1), Ratio::from_raw(fixed_scale / 2));
}

void read_sim(Reader& r, SimVenueConfig& c) {
  auto& g = c.generator;
  read_exchange(r, c.exchange);
  r.duration("step", g.step, 10 * ns_per_ms, ns_per_min);
  Duration mean_regime = static_cast<Duration>(g.mean_regime_hours * static_cast<double>(ns_per_hour));
  r.duration("mean_regime_duration", mean_regime, ns_per_min, 365 * ns_per_day);
  g.mean_regime_hours = static_cast<double>(mean_regime) / static_cast<double>(ns_per_hour);
  std::string initial(to_string(g.initial_regime));
  r.text("initial_regime", initial,
         {"BULL_TRENDING", "BULL_VOLATILE", "BEAR_TRENDING", "BEAR_VOLATILE", "RANGE_BOUND"});
  g.initial_regime = *parse_regime(initial);
  r.integer("book_levels", g.book_levels, 1, 64);
  r.number("correlation", g.correlation, 0.0, 1.0);
  std::string start = format_iso8601(c.start_time);
  start = start.substr(0, 19) + "Z";
  r.text("start_time", start, {});
  auto ts = parse_iso8601(start);
  if (!ts) throw ConfigError(r.at("start_time"), "'" + start + "' is " + ts.error().message());
  c.start_time = *ts;
}

void read_instrument(Reader& r, venue::sim::SimInstrumentSpec& s, const std::vector<std::string>& venues) {
  auto& ins = s.instrument;
  if (!r.get("symbol")) throw ConfigError(r.at("symbol"), "is required");
  r.text("symbol", ins.symbol, {});
  if (ins.symbol.empty() || ins.symbol.size() > 20) throw ConfigError(r.at("symbol"), "must be 1 to 20 characters");
  r.text("venue", ins.venue, venues);
  const Price big = Price::from_units(10'000'000);
  r.decimal("tick_size", ins.tick_size, Price::from_raw(1), Price::from_units(1000));
  r.decimal("step_size", ins.step_size, Qty::from_raw(1), Qty::from_units(1000));
  ins.min_qty = ins.step_size;
  r.decimal("min_qty", ins.min_qty, Qty::from_raw(1), Qty::from_units(1'000'000));
  r.decimal("min_notional", ins.min_notional, Money{}, Money::from_units(1'000'000));
  r.decimal("initial_price", s.initial_price, Price::from_raw(1), big);
  r.number("volatility_scale", s.volatility_scale, 0.01, 20.0);
  r.number("level_notional", s.level_notional, 1.0, 1e9);
  r.number("trade_notional", s.trade_notional, 1.0, 1e9);
  if (!ins.min_qty.is_multiple_of(ins.step_size)) throw ConfigError(r.at("min_qty"), "must be a multiple of step_size");
  if (!s.initial_price.is_multiple_of(ins.tick_size))
    throw ConfigError(r.at("initial_price"), "must be a multiple of tick_size");
}

// The conductor's rule classifier. The states' levels must rise from quiet to volatile.
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

// A regime as a config key: "bull_trending".
std::string regime_key(int regime) {
  std::string key(to_string(static_cast<Regime>(regime)));
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return key;
}

// An agent's regime table: `regimes.<regime>.{longs, shorts}`, confidence factors in [0, 2].
void read_regime_table(Reader& r, agents::RegimeTable& table) {
  r.section("regimes", [&](Reader& g) {
    for (int i = 0; i < regime_count; ++i) {
      auto& stance = table[static_cast<std::size_t>(i)];
      g.section(regime_key(i), [&](Reader& one) {
        one.number("longs", stance.longs, 0.0, 2.0);
        one.number("shorts", stance.shorts, 0.0, 2.0);
      });
    }
  });
}

// Every agent's stop and targets: the stop in ATRs, the targets in multiples of it.
void read_bracket(Reader& r, double& stop_atr, double& target1_r, double& target2_r) {
  r.number("stop_atr", stop_atr, 0.1, 50.0);
  r.number("target1_r", target1_r, 0.1, 50.0);
  r.number("target2_r", target2_r, 0.1, 100.0);
  if (target1_r > target2_r) throw ConfigError(r.at("target1_r"), "must not exceed target2_r");
}

void read_breakout(Reader& r, agents::BreakoutSniperConfig& b) {
  r.boolean("enabled", b.enabled);
  r.integer("channel_bars", b.channel_bars, 2, 1000);
  r.number("volume_multiple", b.volume_multiple, 1.0, 100.0);
  r.integer("volume_bars", b.volume_bars, 2, 1000);
  r.number("min_break_atr", b.min_break_atr, 0.0, 10.0);
  read_bracket(r, b.stop_atr, b.target1_r, b.target2_r);
  read_regime_table(r, b.regimes);
}

void read_trend_surfer(Reader& r, agents::TrendSurferConfig& t) {
  r.boolean("enabled", t.enabled);
  r.number("adx_min", t.adx_min, 5.0, 100.0);
  r.number("di_spread_min", t.di_spread_min, 0.0, 100.0);
  r.number("max_extension_atr", t.max_extension_atr, 0.1, 50.0);
  r.integer("cooldown_bars", t.cooldown_bars, 0, 10'000);
  read_bracket(r, t.stop_atr, t.target1_r, t.target2_r);
  read_regime_table(r, t.regimes);
}

void read_volatility_harvester(Reader& r, agents::VolatilityHarvesterConfig& v) {
  r.boolean("enabled", v.enabled);
  r.integer("squeeze_lookback", v.squeeze_lookback, 10, 10'000);
  r.number("squeeze_ratio", v.squeeze_ratio, 1.0, 10.0);
  r.integer("squeeze_memory", v.squeeze_memory, 1, 1000);
  r.number("spike_atr", v.spike_atr, 1.0, 50.0);
  r.number("spike_rsi", v.spike_rsi, 50.0, 100.0);
  read_bracket(r, v.stop_atr, v.target1_r, v.target2_r);
  read_regime_table(r, v.regimes);
}

void read_mean_reversion(Reader& r, agents::MeanReversionConfig& m) {
  r.boolean("enabled", m.enabled);
  r.number("zscore_entry", m.zscore_entry, 0.5, 10.0);
  r.number("rsi_overbought", m.rsi_overbought, 50.0, 100.0);
  r.number("rsi_oversold", m.rsi_oversold, 0.0, 50.0);
  r.number("adx_max", m.adx_max, 5.0, 100.0);
  r.number("stop_atr", m.stop_atr, 0.1, 50.0);
  read_regime_table(r, m.regimes);
}

void read_whale_tracker(Reader& r, agents::WhaleTrackerConfig& w) {
  r.boolean("enabled", w.enabled);
  r.duration("print_max_age", w.print_max_age, ns_per_s, ns_per_hour);
  r.number("min_imbalance", w.min_imbalance, 0.0, 1.0);
  r.integer("wall_levels", w.wall_levels, 3, 1000);
  r.number("wall_multiple", w.wall_multiple, 1.0, 1000.0);
  read_bracket(r, w.stop_atr, w.target1_r, w.target2_r);
  read_regime_table(r, w.regimes);
}

void read_provider_choice(Reader& r, llm::Provider& p) {
  std::string name(llm::to_string(p));
  r.text("provider", name, {"openai", "gemini"});
  p = *llm::provider_from_string(name);
}

void read_grok_alpha(Reader& r, agents::GrokAlphaConfig& g) {
  r.boolean("enabled", g.enabled);
  read_provider_choice(r, g.provider);
  r.duration("ask_interval", g.ask_interval, ns_per_min, ns_per_day);
  r.duration("answer_ttl", g.answer_ttl, ns_per_min, ns_per_day);
  r.boolean("high_stakes_when_volatile", g.high_stakes_when_volatile);
  r.number("rule_score_min", g.rule_score_min, 0.0, 1.0);
  r.integer("max_output_tokens", g.max_output_tokens, 16, 32'000);
  read_bracket(r, g.stop_atr, g.target1_r, g.target2_r);
  read_regime_table(r, g.regimes);
}

void read_llm_provider(Reader& r, llm::ProviderConfig& p) {
  r.text("base_url", p.base_url, {});
  {
    std::string err;
    const auto u = net::parse_url(p.base_url, err);
    if (!u) throw ConfigError(r.at("base_url"), err);
    if (u->scheme != "https") throw ConfigError(r.at("base_url"), "must be an https:// URL");
  }
  r.text("routine_model", p.routine_model, {});
  r.text("high_stakes_model", p.high_stakes_model, {});
  if (p.routine_model.empty()) throw ConfigError(r.at("routine_model"), "must not be empty");
  if (p.high_stakes_model.empty()) throw ConfigError(r.at("high_stakes_model"), "must not be empty");
  r.duration("timeout", p.timeout, ns_per_s, 10 * ns_per_min);
  r.integer("max_retries", p.max_retries, 0, 10);
  r.duration("backoff_initial", p.backoff.initial, 10 * ns_per_ms, ns_per_min);
  r.duration("backoff_max", p.backoff.max, 10 * ns_per_ms, 10 * ns_per_min);
  if (p.backoff.initial > p.backoff.max) throw ConfigError(r.at("backoff_initial"), "must not exceed backoff_max");
  r.duration("max_retry_after", p.max_retry_after, 0, ns_per_hour);
  r.section("breaker", [&](Reader& b) {
    b.integer("failures", p.breaker.failures_to_open, 1, 1000);
    b.duration("open_for", p.breaker.open_for, ns_per_s, ns_per_day);
  });
  r.text("ca_file", p.tls.ca_file, {});
}

void read_llm(Reader& r, llm::LlmConfig& l, bool& cache_auto) {
  std::string cache = cache_auto ? "auto" : std::string(llm::to_string(l.cache));
  r.text("cache", cache, {"auto", "off", "record", "replay"});
  cache_auto = cache == "auto";
  if (cache == "off") l.cache = llm::CacheMode::off;
  if (cache == "record") l.cache = llm::CacheMode::record;
  if (cache == "replay") l.cache = llm::CacheMode::replay;
  r.text("cache_file", l.cache_path, {});
  if (l.cache_path.empty()) throw ConfigError(r.at("cache_file"), "must not be empty");
  r.section("budget", [&](Reader& b) {
    b.decimal("per_agent_daily", l.budget.per_agent_daily, Money{}, Money::from_units(100'000));
    b.decimal("daily", l.budget.daily, Money{}, Money::from_units(100'000));
  });
  for (auto& p : l.providers)
    r.section(std::string(llm::to_string(p.provider)), [&](Reader& one) { read_llm_provider(one, p); });
  // The price table replaces the default one when given: every model used must be in it.
  if (const json* prices = r.get("prices")) {
    if (!prices->is_object()) throw ConfigError(r.at("prices"), "must be an object, got " + type_name(*prices));
    l.prices.clear();
    for (auto it = prices->begin(); it != prices->end(); ++it) {
      llm::ModelPrice mp;
      Reader one(it.value(), r.at("prices") + "." + it.key());
      one.number("input", mp.input, 0.0, 10'000.0);
      one.number("cached_input", mp.cached_input, 0.0, 10'000.0);
      one.number("output", mp.output, 0.0, 10'000.0);
      one.finish();
      l.prices[it.key()] = mp;
    }
  }
  for (const auto& p : l.providers)
    for (const std::string* m : {&p.routine_model, &p.high_stakes_model})
      if (!l.prices.count(*m))
        throw ConfigError(r.at("prices"), fmt::format("no price for {} model '{}': calls could not be budgeted",
                                                      llm::to_string(p.provider), *m));
}

void read_momentum(Reader& r, agents::MomentumHunterConfig& m) {
  r.boolean("enabled", m.enabled);
  r.number("rsi_overbought", m.rsi_overbought, 50.0, 100.0);
  r.number("rsi_oversold", m.rsi_oversold, 0.0, 50.0);
  r.integer("cross_lookback", m.cross_lookback, 1, 100);
  read_bracket(r, m.stop_atr, m.target1_r, m.target2_r);
  read_regime_table(r, m.regimes);
}

// "HH:MM" (UTC) as minutes after midnight.
int read_clock_time(Reader& r, const std::string& key, int current) {
  std::string text = fmt::format("{:02}:{:02}", current / 60, current % 60);
  r.text(key, text, {});
  int h = 0, m = 0;
  char colon = 0;
  std::istringstream in(text);
  if (text.size() != 5 || !(in >> h >> colon >> m) || colon != ':' || h < 0 || h > 23 || m < 0 || m > 59)
    throw ConfigError(r.at(key), "'" + text + "' is not a UTC time of day like \"07:30\"");
  return h * 60 + m;
}

void read_market(Reader& r, market::MarketConfig& c) {
  r.section("book", [&](Reader& b) {
    b.integer("window_ticks", c.book.window_ticks, 128, 1'048'576);
    b.integer("buffered_diffs", c.book.buffered_diffs, 16, 1'000'000);
    b.integer("buffered_levels", c.book.buffered_levels, 1024, 10'000'000);
  });
  r.section("trades", [&](Reader& t) {
    t.duration("window", c.trades.window, ns_per_s, ns_per_day);
    t.integer("buckets", c.trades.buckets, 1, 100'000);
    t.number("large_multiple", c.trades.large_multiple, 1.0, 1e6);
    t.integer("large_min_trades", c.trades.large_min_trades, 1, 1'000'000);
    t.decimal("large_min_notional", c.trades.large_min_notional, Money{}, Money::from_units(1'000'000'000));
    if (c.trades.window / static_cast<Duration>(c.trades.buckets) < ns_per_ms)
      throw ConfigError(t.at("buckets"), "window / buckets must be at least 1ms");
  });
  r.section("mark", [&](Reader& m) {
    m.number("max_deviation", c.mark.max_deviation, 0.001, 1.0);
    m.duration("max_age", c.mark.max_age, ns_per_s, ns_per_day);
  });
  r.section("candles_kept", [&](Reader& k) {
    for (const market::Timeframe tf : market::all_timeframes)
      k.integer(std::string(market::to_string(tf)), c.candles_kept[market::index_of(tf)], 10, 100'000);
  });
  r.section("indicators", [&](Reader& i) {
    auto& x = c.indicators;
    for (auto [key, field] :
         std::initializer_list<std::pair<const char*, std::size_t*>>{{"sma", &x.sma},
                                                                     {"ema_fast", &x.ema_fast},
                                                                     {"ema_slow", &x.ema_slow},
                                                                     {"rsi", &x.rsi},
                                                                     {"macd_fast", &x.macd_fast},
                                                                     {"macd_slow", &x.macd_slow},
                                                                     {"macd_signal", &x.macd_signal},
                                                                     {"bollinger", &x.bollinger},
                                                                     {"atr", &x.atr},
                                                                     {"adx", &x.adx},
                                                                     {"donchian", &x.donchian},
                                                                     {"vwap", &x.vwap},
                                                                     {"realized_volatility", &x.realized_volatility},
                                                                     {"zscore", &x.zscore},
                                                                     {"roc", &x.roc}})
      i.integer(key, *field, 2, 1000);
    i.number("bollinger_width", x.bollinger_width, 0.1, 10.0);
    if (x.ema_fast >= x.ema_slow) throw ConfigError(i.at("ema_fast"), "must be less than ema_slow");
    if (x.macd_fast >= x.macd_slow) throw ConfigError(i.at("macd_fast"), "must be less than macd_slow");
  });
  r.section("patterns", [&](Reader& p) {
    auto& x = c.patterns;
    if (const json* d = p.get("detectors")) {
      // Which detectors run; swings always do, the others are built on them.
      const std::vector<std::pair<std::string, unsigned>> names = {
          {"levels", market::pattern_set::levels},
          {"double_tops", market::pattern_set::double_tops},
          {"head_and_shoulders", market::pattern_set::head_and_shoulders},
          {"range_breakouts", market::pattern_set::range_breakouts}};
      if (!d->is_array()) throw ConfigError(p.at("detectors"), "must be an array of names, got " + type_name(*d));
      x.detectors = 0;
      for (std::size_t i = 0; i < d->size(); ++i) {
        const std::string where = fmt::format("{}[{}]", p.at("detectors"), i);
        if (!(*d)[i].is_string()) throw ConfigError(where, "must be a string, got " + type_name((*d)[i]));
        const auto name = (*d)[i].get<std::string>();
        const auto it = std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == name; });
        if (it == names.end())
          throw ConfigError(where,
                            "'" + name + "' is not one of: levels, double_tops, head_and_shoulders, range_breakouts");
        x.detectors |= it->second;
      }
    }
    p.integer("swing_strength", x.swing_strength, 1, static_cast<std::int64_t>(market::PatternDetector::max_strength));
    p.number("level_tolerance", x.level_tolerance, 0.0, 0.2);
    p.integer("level_min_touches", x.level_min_touches, 1, 100);
    p.number("min_depth", x.min_depth, 0.0, 0.5);
    p.number("shoulder_tolerance", x.shoulder_tolerance, 0.0, 0.5);
    p.number("head_margin", x.head_margin, 0.0, 0.5);
    p.integer("range_bars", x.range_bars, 2, 1000);
    p.number("range_max_width", x.range_max_width, 0.0, 1.0);
    p.number("breakout_margin", x.breakout_margin, 0.0, 0.5);
  });
  r.section("flash", [&](Reader& f) {
    auto& x = c.flash;
    f.integer("imbalance_levels", x.imbalance_levels, 1, 1000);
    f.duration("sample_interval", x.sample_interval, 10 * ns_per_ms, ns_per_min);
    f.duration("momentum_window", x.momentum_window, 10 * ns_per_ms, ns_per_hour);
    f.duration("volatility_short", x.volatility_short, 10 * ns_per_ms, ns_per_hour);
    f.duration("volatility_long", x.volatility_long, 10 * ns_per_ms, ns_per_day);
    f.duration("cooldown", x.cooldown, Duration{0}, ns_per_day);
    const auto samples = [&](Duration d) { return d / x.sample_interval; };
    if (samples(x.momentum_window) < 1)
      throw ConfigError(f.at("momentum_window"), "must be at least one sample_interval");
    if (samples(x.volatility_short) < 3)
      throw ConfigError(f.at("volatility_short"), "must span at least 3 sample intervals");
    if (x.volatility_long <= x.volatility_short)
      throw ConfigError(f.at("volatility_long"), "must be longer than volatility_short");
    if (samples(x.volatility_long) > 1'000'000) throw ConfigError(f.at("volatility_long"), "too many samples");
    f.section("sessions", [&](Reader& ss) {
      for (const market::Session session : {market::Session::asia, market::Session::europe, market::Session::us}) {
        auto& t = x.sessions[static_cast<std::size_t>(session)];
        ss.section(std::string(market::to_string(session)), [&](Reader& one) {
          t.start_minute = read_clock_time(one, "start", t.start_minute);
          one.number("imbalance", t.imbalance, 0.0, 1.0);
          one.number("momentum_bps", t.momentum_bps, 0.0, 10'000.0);
          one.number("volatility_burst", t.volatility_burst, 1.0, 1000.0);
        });
      }
      const auto& s3 = x.sessions;
      if (s3[0].start_minute == s3[1].start_minute || s3[1].start_minute == s3[2].start_minute ||
          s3[0].start_minute == s3[2].start_minute)
        throw ConfigError(ss.at("us.start"), "sessions must start at different times");
    });
  });
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

llm::LlmConfig default_llm_config() {
  llm::LlmConfig l;
  llm::ProviderConfig openai;  // its defaults are OpenAI's
  llm::ProviderConfig gemini;
  gemini.provider = llm::Provider::gemini;
  gemini.base_url = "https://generativelanguage.googleapis.com/v1beta";
  gemini.routine_model = "gemini-2.5-flash-lite";
  gemini.high_stakes_model = "gemini-2.5-flash";
  l.providers = {openai, gemini};
  // USD per million tokens (input, cached input, output): list prices as of 2026.
  l.prices = {{"gpt-4o-mini", {0.15, 0.075, 0.60}},
              {"gpt-4o", {2.50, 1.25, 10.00}},
              {"gemini-2.5-flash-lite", {0.10, 0.01, 0.40}},
              {"gemini-2.5-flash", {0.30, 0.03, 2.50}}};
  return l;
}

const venue::VenueFactory* Config::venue(std::string_view name) const {
  for (const auto& f : venues)
    if (f->name() == name) return f.get();
  return nullptr;
}

Config default_config() {
  Config c;
  for (auto& f : venue_factories()) c.venues.push_back(std::move(f));
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
    r.section("momentum_hunter", [&](Reader& m) { read_momentum(m, c.momentum_hunter); });
    r.section("breakout_sniper", [&](Reader& a) { read_breakout(a, c.breakout_sniper); });
    r.section("trend_surfer", [&](Reader& a) { read_trend_surfer(a, c.trend_surfer); });
    r.section("volatility_harvester", [&](Reader& a) { read_volatility_harvester(a, c.volatility_harvester); });
    r.section("mean_reversion", [&](Reader& a) { read_mean_reversion(a, c.mean_reversion); });
    r.section("whale_tracker", [&](Reader& a) { read_whale_tracker(a, c.whale_tracker); });
    r.section("grok_alpha", [&](Reader& a) { read_grok_alpha(a, c.grok_alpha); });
    r.section("regime_llm", [&](Reader& g) {
      g.boolean("enabled", c.engine.conductor.llm.enabled);
      read_provider_choice(g, c.engine.conductor.llm.provider);
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
  const auto entry = [&](const agents::AgentInfo& info, const auto& read) {
    json schema;
    const json none = json::object();  // the Reader keeps a reference
    Reader r(none, "$.agents." + std::string(info.id), &schema);
    read(r);
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    json regimes = json::object();
    for (int i = 0; i < regime_count; ++i) {
      const agents::RegimeStance& s = info.regimes[static_cast<std::size_t>(i)];
      regimes[regime_key(i)] = {{"longs", s.longs}, {"shorts", s.shorts}};
    }
    out.push_back({{"id", info.id},
                   {"name", info.name},
                   {"emoji", info.emoji},
                   {"description", info.description},
                   {"regime_affinity", regimes},
                   {"config_schema", schema}});
  };
  agents::MomentumHunterConfig momentum;
  entry(agents::momentum_hunter_info(), [&](Reader& r) { read_momentum(r, momentum); });
  agents::BreakoutSniperConfig breakout;
  entry(agents::breakout_sniper_info(), [&](Reader& r) { read_breakout(r, breakout); });
  agents::TrendSurferConfig surfer;
  entry(agents::trend_surfer_info(), [&](Reader& r) { read_trend_surfer(r, surfer); });
  agents::VolatilityHarvesterConfig harvester;
  entry(agents::volatility_harvester_info(), [&](Reader& r) { read_volatility_harvester(r, harvester); });
  agents::MeanReversionConfig reversion;
  entry(agents::mean_reversion_info(), [&](Reader& r) { read_mean_reversion(r, reversion); });
  agents::WhaleTrackerConfig whale;
  entry(agents::whale_tracker_info(), [&](Reader& r) { read_whale_tracker(r, whale); });
  agents::GrokAlphaConfig grok;
  entry(agents::grok_alpha_info(), [&](Reader& r) { read_grok_alpha(r, grok); });
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
