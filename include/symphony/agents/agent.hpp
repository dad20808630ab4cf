#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/regime.hpp>
#include <symphony/market/market_state.hpp>

#include <array>
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

/// How an agent may trade in one regime: a factor on the confidence of its longs and one
/// on its shorts. 0 forbids that side; below 1 is more cautious, above 1 more aggressive
/// (more of its signals pass the threshold). Confidence stays within [0, 1].
struct RegimeStance {
  double longs = 1;
  double shorts = 1;
  friend constexpr bool operator==(const RegimeStance&, const RegimeStance&) noexcept = default;
};
/// An agent's stance in each regime, indexed by `Regime`.
using RegimeTable = std::array<RegimeStance, regime_count>;

/// `d` as the regime table lets it stand: the confidence scaled by the stance for its side
/// in `regime`; a side the table forbids becomes HOLD, saying why.
Decision apply_regime(const RegimeTable& table, Regime regime, Decision d);

/// What an agent is, for listings (`symphonyd --list-agents`) and dashboards.
struct AgentInfo {
  std::string_view id;           ///< stable identifier used in config, events and reports: "momentum_hunter"
  std::string_view name;         ///< "Momentum Hunter"
  std::string_view emoji;        ///< a one-glyph badge
  std::string_view description;  ///< what it trades on, in a sentence
  RegimeTable regimes;           ///< its default regime table
};

/// What an agent sees when asked to decide: the instrument's market state and the regime.
struct AgentContext {
  const Instrument& instrument;
  const market::InstrumentState& state;
  Regime regime;
  Timestamp now;
};

/// Where an agent assumes it enters: the book's mid, else the last 1-minute close.
double entry_price(const AgentContext& context);

/// A BUY or SELL at `entry` with its protective stop `risk` away and its targets
/// `target1_r` and `target2_r` times `risk` beyond the entry, the confidence clamped to [0, 1].
Decision bracket(Action side, double confidence, double entry, double risk, double target1_r, double target2_r,
                 std::string reason);

/// A trading agent. `decide` is called once per loop tick per instrument on the hot
/// thread and must be quick; agents keep their own incremental state.
class Agent {
 public:
  virtual ~Agent() = default;
  [[nodiscard]] virtual const AgentInfo& info() const noexcept = 0;
  /// Stable identifier used in config, events and reports: "momentum_hunter".
  [[nodiscard]] std::string_view id() const noexcept { return info().id; }
  /// Human name: "Momentum Hunter".
  [[nodiscard]] std::string_view name() const noexcept { return info().name; }
  virtual Decision decide(const AgentContext& context) = 0;
  /// Told when a decision of this agent passed the threshold and the risk gate and became a
  /// trade, so the agent does not act on the same signal twice.
  virtual void acted(const Instrument& instrument, const Decision& decision) {
    static_cast<void>(instrument);
    static_cast<void>(decision);
  }
};

}  // namespace symphony::agents
