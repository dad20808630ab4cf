#include <symphony/venue/sim/regime_generator.hpp>

#include <algorithm>
#include <cmath>

namespace symphony::venue::sim {

namespace {

// Knuth's method: fine for the small means used per step.
std::uint32_t poisson(Rng& rng, double mean) {
  const double limit = std::exp(-mean);
  double product = rng.uniform();
  std::uint32_t n = 0;
  while (product > limit && n < 1000) {
    product *= rng.uniform();
    ++n;
  }
  return n;
}

Qty qty_for_notional(const Instrument& ins, double notional, double price) {
  const Qty q = ins.round_qty(Qty::from_double(notional / price), rounding::down);
  return q < ins.min_qty ? ins.min_qty : q;
}

}  // namespace

RegimeGenerator::RegimeGenerator(GeneratorConfig config, std::vector<SimInstrumentSpec> instruments)
    : config_(config), market_rng_(config.seed), regime_(config.initial_regime) {
  paths_.reserve(instruments.size());
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    auto& spec = instruments[i];
    const double p0 = spec.initial_price.to_double();
    path p{spec, market_rng_.fork(i + 1), p0, std::log(p0), {}, {}, {}, 1, 0, {}, {}};
    p.bids.reserve(config_.book_levels);
    p.asks.reserve(config_.book_levels);
    paths_.push_back(std::move(p));
  }
  // A valid book exists before the first step, so orders placed at once can match.
  for (auto& p : paths_) build_book(p, 0.0);
}

void RegimeGenerator::maybe_switch_regime() {
  const double step_hours = static_cast<double>(config_.step) / static_cast<double>(ns_per_hour);
  const double p_switch = 1.0 - std::exp(-step_hours / config_.mean_regime_hours);
  if (!market_rng_.chance(p_switch)) return;
  // Move to one of the other four regimes, uniformly.
  auto next = static_cast<int>(market_rng_.below(regime_count - 1));
  if (next >= static_cast<int>(regime_)) ++next;
  regime_ = static_cast<Regime>(next);
  ++switches_;
  for (auto& p : paths_) p.anchor = std::log(p.price);
}

void RegimeGenerator::step(Timestamp now) {
  maybe_switch_regime();
  const RegimeParams& rp = config_.regimes[static_cast<std::size_t>(regime_)];
  const double dt = static_cast<double>(config_.step) / static_cast<double>(ns_per_hour);
  const double common = market_rng_.normal();
  const double rho = config_.correlation;
  const double idio_weight = std::sqrt(std::max(0.0, 1.0 - rho * rho));
  for (auto& p : paths_) {
    const double sigma = rp.volatility_per_sqrt_hour * p.spec.volatility_scale;
    const double shock = rho * common + idio_weight * p.rng.normal();
    double r = (rp.drift_per_hour * p.spec.volatility_scale - 0.5 * sigma * sigma) * dt + sigma * std::sqrt(dt) * shock;
    if (regime_ == Regime::range_bound) r -= config_.range_reversion_per_hour * (std::log(p.price) - p.anchor) * dt;
    p.price *= std::exp(r);
    p.ts = now;
    build_book(p, r);
    draw_trades(p, r, now);
    record_trades(p);
  }
}

void RegimeGenerator::record_trades(path& p) {
  // Hourly buckets make the 24-hour window O(1) per step: a bucket is reset when its hour
  // comes round again.
  const std::int64_t hour = p.ts / ns_per_hour;
  hour_bucket& b = p.hours[static_cast<std::size_t>(hour % 24)];
  if (b.hour != hour) b = hour_bucket{hour, {}, {}, {}, {}};
  for (const auto& t : p.trades) {
    if (b.high.is_zero() || t.price > b.high) b.high = t.price;
    if (b.low.is_zero() || t.price < b.low) b.low = t.price;
    b.volume += t.qty;
    b.quote_volume += notional(t.price, t.qty);
    p.last = t.price;
  }
}

market::Ticker RegimeGenerator::ticker(InstrumentId id) const {
  const auto& p = paths_.at(id);
  market::Ticker t;
  t.instrument = p.spec.instrument.id;
  t.ts = p.ts;
  t.last = p.last.is_zero() ? p.spec.initial_price : p.last;
  t.best_bid = p.bids.front().price;
  t.best_ask = p.asks.front().price;
  const std::int64_t hour = p.ts / ns_per_hour;
  for (const auto& b : p.hours) {
    if (b.hour < 0 || b.hour <= hour - 24 || b.volume.is_zero()) continue;
    if (t.high_24h.is_zero() || b.high > t.high_24h) t.high_24h = b.high;
    if (t.low_24h.is_zero() || b.low < t.low_24h) t.low_24h = b.low;
    t.volume_24h += b.volume;
    t.quote_volume_24h += b.quote_volume;
  }
  return t;
}

void RegimeGenerator::build_book(path& p, double step_return) {
  const Instrument& ins = p.spec.instrument;
  const double tick = ins.tick_size.to_double();
  const double half_spread = std::max(tick, p.price * config_.half_spread_bps * 1e-4);
  const double gap = std::max(tick, p.price * config_.level_gap_bps * 1e-4);
  const Price gap_ticks = std::max(ins.tick_size, ins.round_price(Price::from_double(gap), rounding::nearest));
  Price best_bid = ins.round_price(Price::from_double(p.price - half_spread), rounding::down);
  Price best_ask = ins.round_price(Price::from_double(p.price + half_spread), rounding::up);
  if (best_ask <= best_bid) best_ask = best_bid + ins.tick_size;
  // After a sharp move the side it moved toward is thinner: takers just swept it.
  const double thin = std::min(0.6, std::fabs(step_return) * 100.0);
  const double bid_factor = step_return < 0 ? 1.0 - thin : 1.0;
  const double ask_factor = step_return > 0 ? 1.0 - thin : 1.0;
  p.bids.clear();
  p.asks.clear();
  for (std::size_t k = 0; k < config_.book_levels; ++k) {
    const double depth = 1.0 + 0.15 * static_cast<double>(k);
    const Price bp = best_bid - gap_ticks * static_cast<std::int64_t>(k);
    const Price ap = best_ask + gap_ticks * static_cast<std::int64_t>(k);
    if (bp.is_positive())
      p.bids.push_back(
          {bp, qty_for_notional(ins, p.spec.level_notional * depth * bid_factor * p.rng.uniform(0.4, 1.6), p.price)});
    p.asks.push_back(
        {ap, qty_for_notional(ins, p.spec.level_notional * depth * ask_factor * p.rng.uniform(0.4, 1.6), p.price)});
  }
}

void RegimeGenerator::draw_trades(path& p, double step_return, Timestamp now) {
  const RegimeParams& rp = config_.regimes[static_cast<std::size_t>(regime_)];
  p.trades.clear();
  const std::uint32_t n = poisson(p.rng, rp.trades_per_step);
  // Buyers dominate the prints of an up-step and sellers those of a down-step.
  const double p_buy = std::clamp(0.5 + step_return * 400.0, 0.15, 0.85);
  for (std::uint32_t i = 0; i < n; ++i) {
    const Side side = p.rng.chance(p_buy) ? Side::buy : Side::sell;
    const Price price = side == Side::buy ? p.asks.front().price : p.bids.front().price;
    const Qty qty = qty_for_notional(p.spec.instrument, p.rng.exponential(p.spec.trade_notional), p.price);
    // Prints are spread across the step so candles and triggers see them in order.
    const Timestamp ts =
        now - config_.step + static_cast<Timestamp>((i + 1) * static_cast<std::uint64_t>(config_.step) / (n + 1));
    p.trades.push_back({p.spec.instrument.id, ts, price, qty, side, p.next_trade_id++});
  }
}

market::BookSnapshot RegimeGenerator::book(InstrumentId id) const {
  const auto& p = paths_.at(id);
  return {p.spec.instrument.id, p.ts, p.bids, p.asks};
}

}  // namespace symphony::venue::sim
