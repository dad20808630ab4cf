#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/regime.hpp>
#include <symphony/market/market_state.hpp>

#include <string>
#include <string_view>

namespace symphony::agents {

/// What an agent proposes for one instrument.
enum class Action : std::uint8_t { buy, sell, hold };
std::string_view to_string(Action a) noexcept;  ///< "BUY", "SELL", "HOLD"

/// An agent's verdict: an action with a confidence in [0, 1], the entry it assumes, a
/// protective stop, two profit targets (target 1 nearer than target 2) and a reason.
struct Decision {
  Action action = Action::hold;
  double confidence = 0;
  Price entry;
  Price stop;
  Price target1;
  Price target2;
  std::string reason;
};

/// What an agent sees when asked to decide: the instrument's market state and the regime.
struct AgentContext {
  const Instrument& instrument;
  const market::InstrumentState& state;
  Regime regime;
  Timestamp now;
};

/// A trading agent. `decide` is called once per loop tick per instrument on the hot
/// thread and must be quick; agents keep their own incremental state.
class Agent {
 public:
  virtual ~Agent() = default;
  /// Stable identifier used in config, events and reports: "momentum_hunter".
  [[nodiscard]] virtual std::string_view id() const noexcept = 0;
  /// Human name: "Momentum Hunter".
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  virtual Decision decide(const AgentContext& context) = 0;
  /// Told when a decision of this agent passed the threshold and the risk gate and became a
  /// trade, so the agent does not act on the same signal twice.
  virtual void acted(const Instrument& instrument, const Decision& decision) {
    static_cast<void>(instrument);
    static_cast<void>(decision);
  }
};

}  // namespace symphony::agents
