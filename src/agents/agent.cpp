#include <symphony/agents/agent.hpp>

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

}  // namespace symphony::agents
