#include <symphony/app/config.hpp>
#include <symphony/config/reader.hpp>

#include "app/config_sections.hpp"

namespace symphony::app::sections {

using config::ConfigError;
using config::json;
using config::Reader;
using config::type_name;

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

}  // namespace symphony::app::sections
