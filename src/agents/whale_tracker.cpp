#include <symphony/agents/whale_tracker.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace symphony::agents {

const AgentInfo& whale_tracker_info() noexcept {
  // Big money with the regime's trend is the stronger tell.
  static const AgentInfo info{
      "whale_tracker",
      "Whale Tracker",
      "🐋",
      "Large prints and book walls: follows a fresh large taker print backed by taker flow, unless a wall blocks it.",
      {{
          {1.1, 0.8},  // BULL_TRENDING
          {1.0, 0.8},  // BULL_VOLATILE
          {0.8, 1.1},  // BEAR_TRENDING
          {0.8, 1.0},  // BEAR_VOLATILE
          {1.0, 1.0},  // RANGE_BOUND
      }},
  };
  return info;
}

std::optional<Wall> find_wall(const market::OrderBook& book, Side side, std::size_t levels, double multiple) {
  const market::LevelsView top = book.side(side).top(levels);
  if (top.size() < 3) return std::nullopt;
  double total = 0, largest = 0;
  Price at;
  for (const market::Level& l : top) {
    const double q = l.qty.to_double();
    total += q;
    if (q > largest) {
      largest = q;
      at = l.price;
    }
  }
  const double others = (total - largest) / static_cast<double>(top.size() - 1);
  if (others <= 0 || largest < multiple * others) return std::nullopt;
  return Wall{at, largest / others};
}

const AgentInfo& WhaleTracker::info() const noexcept { return whale_tracker_info(); }

WhaleTracker::WhaleTracker(WhaleTrackerConfig config, std::size_t instrument_count)
    : config_(config), series_(instrument_count) {}

Decision WhaleTracker::decide(const AgentContext& ctx) {
  series& s = series_.at(ctx.instrument.id);
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  Decision d;
  if (!ind.atr().ready() || ind.atr().value() <= 0) {
    d.reason = "warming up";
    return d;
  }
  const auto& print = ctx.state.trades().last_large();
  if (!print || ctx.now - print->ts > config_.print_max_age) {
    d.reason = "no fresh large print";
    return d;
  }
  s.seen_print = print->trade_id;
  if (s.acted_print == print->trade_id) {
    d.reason = "large print already acted on";
    return d;
  }
  const bool up = print->aggressor == Side::buy;  // the taker's side
  const double imbalance = ctx.state.trades().taker_imbalance();
  if ((up ? imbalance : -imbalance) < config_.min_imbalance) {
    d.reason = fmt::format("large {} print but taker imbalance {:+.2f}", up ? "buy" : "sell", imbalance);
    return d;
  }
  const market::OrderBook& book = ctx.state.book();
  // A wall in the trade's way (asks above a buy) blocks it; one behind it supports it.
  const auto blocking = find_wall(book, up ? Side::sell : Side::buy, config_.wall_levels, config_.wall_multiple);
  if (blocking) {
    d.reason = fmt::format("large {} print but a {:.1f}x wall at {}", up ? "buy" : "sell", blocking->multiple,
                           blocking->price.to_string());
    return d;
  }
  const auto support = find_wall(book, up ? Side::buy : Side::sell, config_.wall_levels, config_.wall_multiple);
  const double notional = print->price.to_double() * print->qty.to_double();
  const double confidence = 0.55 + 0.25 * std::min(1.0, std::fabs(imbalance)) + (support ? 0.2 : 0.0);
  return bracket(
      up ? Action::buy : Action::sell, confidence, entry_price(ctx), config_.stop_atr * ind.atr().value(),
      config_.target1_r, config_.target2_r,
      fmt::format("large taker {} of {:.0f} notional, imbalance {:+.2f}{}, regime {}", up ? "buy" : "sell", notional,
                  imbalance,
                  support ? fmt::format(", {:.1f}x wall behind at {}", support->multiple, support->price.to_string())
                          : std::string(),
                  to_string(ctx.regime)));
}

void WhaleTracker::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  s.acted_print = s.seen_print;
}

}  // namespace symphony::agents
