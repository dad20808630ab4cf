#include <symphony/app/config.hpp>
#include <symphony/config/reader.hpp>

#include "app/config_sections.hpp"

#include <sstream>

namespace symphony::app::sections {

using config::ConfigError;
using config::json;
using config::Reader;
using config::type_name;

namespace {

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

}  // namespace

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

}  // namespace symphony::app::sections
