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

}  // namespace symphony::agents
