#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/regime.hpp>
#include <symphony/core/time.hpp>
#include <symphony/store/fixed_string.hpp>

#include <array>
#include <cstdint>
#include <variant>

namespace symphony::store {

/// The event schema. Every fact the daemon learns or decides is one of these; the store
/// persists them in order and derives its tables from them. Events are plain values
/// (trivially copyable) so the hot thread can hand them to the store thread through a
/// lock-free ring. Money, prices and quantities are fixed-point (1e-8 units).

using AgentName = FixedString<24>;
using ShortText = FixedString<32>;
/// Room for the longest reason the daemon composes (an agent's reason or an LLM's bounded
/// one, the consensus turn, a risk refusal, a venue block) so that each is stored whole.
using Reason = FixedString<480>;

/// A run began: what it is, so a report can be built from the store alone.
struct RunStarted {
  ShortText mode;
  std::uint64_t seed = 0;
  Money equity_start;
};

/// A run ended. `stopped_ts` is when trading stopped; the event itself is stamped after
/// the shutdown grace period in which the venue answered the last cancels.
struct RunEnded {
  Money equity_end;
  Timestamp stopped_ts = 0;
};

/// One agent's verdict on one instrument at one loop tick (type "agent_decision").
struct DecisionEvent {
  AgentName agent;
  InstrumentId instrument = 0;
  ShortText action;  ///< BUY, SELL or HOLD
  double confidence = 0;
  Price entry;
  Price stop;
  Price target1;
  Price target2;
  bool acted = false;  ///< backed the consensus result that passed the risk gate
  Reason reason;
};

/// How the votes on one instrument at one loop tick combined (type "agent_coordination").
struct CoordinationEvent {
  InstrumentId instrument = 0;
  ShortText mode;    ///< independent, majority, confidence_weighted, unanimous
  ShortText policy;  ///< the conflict policy
  ShortText action;  ///< BUY, SELL or HOLD
  double confidence = 0;
  AgentName lead;  ///< the agent whose levels were used; empty for HOLD
  std::uint32_t voters = 0;
  std::uint32_t backers = 0;
  bool conflict = false;  ///< qualifying votes on both sides
  bool acted = false;     ///< a trade was opened
  Reason reason;
};

/// An order was created or changed state.
struct OrderEvent {
  ShortText client_order_id;
  std::uint64_t venue_order_id = 0;
  InstrumentId instrument = 0;
  ShortText side;
  ShortText type;
  ShortText time_in_force;
  ShortText status;
  ShortText purpose;  ///< entry, stop, take_profit_1, take_profit_2, flatten, …
  AgentName agent;
  Qty qty;
  Price price;
  Price trigger_price;
  Qty filled_qty;
  Price avg_price;
  bool reduce_only = false;
  Reason reason;
};

/// An execution, with the P&L it realized by our books.
struct FillEvent {
  std::uint64_t fill_id = 0;
  ShortText client_order_id;
  InstrumentId instrument = 0;
  ShortText side;
  Qty qty;
  Price price;
  Money fee;
  ShortText liquidity;
  Money realized_pnl;
};

/// A position after a change.
struct PositionEvent {
  InstrumentId instrument = 0;
  Qty qty;
  Price entry_price;
  Money realized_pnl;  ///< cumulative on this instrument
  Money fees;          ///< cumulative on this instrument
};

/// A round trip closed: entered by an agent, exited by stop, target or flatten.
struct TradeEvent {
  std::uint64_t trade_id = 0;
  AgentName agent;
  InstrumentId instrument = 0;
  ShortText side;
  Qty qty;
  Price entry_price;
  Price exit_price;
  Timestamp opened_ts = 0;
  Money pnl_gross;
  Money fees;
  Money pnl_net;
  ShortText exit_reason;
};

/// A regime classification. `instrument` is `market_scope` for the whole market.
struct RegimeEvent {
  static constexpr InstrumentId market_scope = 0xFFFFFFFF;
  InstrumentId instrument = market_scope;
  Regime regime = Regime::range_bound;
  double confidence = 0;
  double trend_strength = 0;     ///< signed t-statistic of the move
  double volatility_level = 0;   ///< realized volatility over the instrument's quiet level
  std::int64_t ts_us = 0;        ///< when it was classified, µs since the epoch
  ShortText source = "rules";    ///< "rules", or "llm:<model>" for an LLM refinement
  bool has_true_regime = false;  ///< sim only: what the generator was really doing
  Regime true_regime = Regime::range_bound;
};

/// The account's equity at a point in time: wallet (cash) + unrealized P&L.
struct EquityEvent {
  Money equity;
  Money wallet;
  Money unrealized;
  Money exposure;
};

/// One pass of the trading loop: how late it started and what each phase cost.
struct LoopTickEvent {
  static constexpr std::size_t phase_count = 7;
  std::uint64_t tick = 0;
  Duration lateness_ns = 0;
  bool regime_known = false;  ///< false until the classifier has a full window
  Regime regime = Regime::range_bound;
  std::array<std::int64_t, phase_count> phase_ns{};  ///< CPU cost, real nanoseconds
};

/// An agent moved between Active, DailyLossBreached and Paused.
struct AgentStateEvent {
  AgentName agent;
  ShortText from;
  ShortText to;
  Reason reason;
};

/// A risk or integrity event: a breach, a kill switch, a reconciliation mismatch.
struct RiskEvent {
  ShortText kind;
  Reason detail;
};

/// One LLM call as it ended (the "tool execution" feed): who asked which model, the
/// tokens and their price, how long it took and how it ended.
struct LlmCallEvent {
  AgentName agent;
  ShortText provider;
  ShortText model;
  ShortText tier;
  ShortText outcome;  ///< `llm::Outcome` name: "ok", "refusal", "timeout", …
  std::uint64_t tokens_in = 0;
  std::uint64_t tokens_cached = 0;
  std::uint64_t tokens_out = 0;
  Money cost;  ///< USD
  Duration latency_ns = 0;
  std::uint32_t attempts = 0;
  bool from_cache = false;
  Reason reason;
};

/// An operator-relevant change kept for audit: `mode_change` when a session starts in a
/// mode (with what enabled it), `venue` for venue connectivity milestones.
struct AuditEvent {
  ShortText kind;
  Reason detail;
};

using EventBody = std::variant<RunStarted, RunEnded, DecisionEvent, CoordinationEvent, OrderEvent, FillEvent,
                               PositionEvent, TradeEvent, RegimeEvent, EquityEvent, LoopTickEvent, AgentStateEvent,
                               RiskEvent, AuditEvent, LlmCallEvent>;

/// One event: when it happened (on the run's clock) and what.
struct Event {
  Timestamp ts = 0;
  EventBody body;
};

/// The name of an event's type as stored: "decision", "order", "fill", …
std::string_view event_type_name(const EventBody& body) noexcept;

/// Where the hot thread sends events. Implementations never block the caller.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void publish(const Event& event) = 0;
  /// False while events cannot be persisted (the writer's commits fail); the engine opens
  /// no new positions meanwhile, and resumes when it is true again.
  [[nodiscard]] virtual bool healthy() const noexcept { return true; }
};

}  // namespace symphony::store
