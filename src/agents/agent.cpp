#include <symphony/agents/agent.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace symphony::agents {

std::string_view to_string(Action a) noexcept {
  switch (a) {
    case Action::buy:
      return "BUY";
    case Action::sell:
      return "SELL";
    case Action::hold:
      return "HOLD";
  }
  return "?";
}

Decision apply_regime(const RegimeTable& table, Regime regime, Decision d) {
  if (d.action == Action::hold) return d;
  const RegimeStance& stance = table[static_cast<std::size_t>(regime)];
  const bool longs = d.action == Action::buy;
  const double factor = longs ? stance.longs : stance.shorts;
  if (factor <= 0) {
    d.reason = fmt::format("{} (no {} in {})", d.reason, longs ? "longs" : "shorts", to_string(regime));
    d.action = Action::hold;
    return d;
  }
  d.confidence = std::clamp(d.confidence * factor, 0.0, 1.0);
  return d;
}

double entry_price(const AgentContext& ctx) {
  if (const auto mid = ctx.state.book().mid()) return mid->to_double();
  const auto& candles = ctx.state.candles(market::Timeframe::m1);
  return candles.size() ? candles.back().close.to_double() : 0.0;
}

Decision bracket(Action side, double confidence, double entry, double risk, double target1_r, double target2_r,
                 std::string reason) {
  const double dir = side == Action::buy ? 1.0 : -1.0;
  Decision d;
  d.action = side;
  d.confidence = std::clamp(confidence, 0.0, 1.0);
  d.entry = Price::from_double(entry);
  d.stop = Price::from_double(entry - dir * risk);
  d.target1 = Price::from_double(entry + dir * target1_r * risk);
  d.target2 = Price::from_double(entry + dir * target2_r * risk);
  d.reason = std::move(reason);
  return d;
}

}  // namespace symphony::agents
