#pragma once

#include <symphony/agents/agent.hpp>
#include <symphony/core/time.hpp>

#include <memory>
#include <string>
#include <vector>

namespace symphony::agents {

/// The lifecycle state of an agent. DailyLossBreached lasts until the next UTC day.
enum class AgentState : std::uint8_t { active, daily_loss_breached, paused };
std::string_view to_string(AgentState s) noexcept;

/// A change of an agent's state, to be recorded as an event.
struct AgentTransition {
  std::string agent;
  AgentState from;
  AgentState to;
  std::string reason;
};

/// An agent's closed trades so far in this run.
struct TrackRecord {
  std::uint64_t trades = 0;
  std::uint64_t wins = 0;  ///< trades with positive net P&L
  Money pnl;               ///< net, fees included
};

/// The agents of this process with their states, track records and today's P&L.
/// Not thread-safe; lives on the hot thread.
class AgentRoster {
 public:
  /// `daily_loss_limit`: an agent whose closed trades lose this much in a UTC day stops
  /// trading until the next day.
  AgentRoster(Money daily_loss_limit, Timestamp now);

  /// Adds an agent with its default regime table, or with `regimes` (from its config).
  void add(std::unique_ptr<Agent> agent);
  void add(std::unique_ptr<Agent> agent, const RegimeTable& regimes);
  /// Day roll-over: agents breached yesterday become active again.
  std::vector<AgentTransition> update(Timestamp now);
  /// Books a closed trade's net P&L against its agent (today's and its track record);
  /// may breach the daily limit.
  std::vector<AgentTransition> record_pnl(std::string_view agent, Money pnl_net);
  /// Pauses or resumes an agent by id; empty if nothing changed.
  std::vector<AgentTransition> set_paused(std::string_view agent, bool paused, std::string reason);

  [[nodiscard]] std::size_t size() const noexcept { return slots_.size(); }
  [[nodiscard]] Agent& agent(std::size_t i) { return *slots_.at(i).agent; }
  [[nodiscard]] AgentState state(std::size_t i) const { return slots_.at(i).state; }
  [[nodiscard]] const RegimeTable& regimes(std::size_t i) const { return slots_.at(i).regimes; }
  [[nodiscard]] const TrackRecord& record(std::size_t i) const { return slots_.at(i).record; }
  /// A vote weight from the track record: the win rate, smoothed as if each agent had
  /// started with one win and one loss, over a coin flip's — 1 without history, below 1
  /// for an agent that loses more often than it wins, up to 2.
  [[nodiscard]] double track_record_weight(std::size_t i) const;

 private:
  struct slot {
    std::unique_ptr<Agent> agent;
    RegimeTable regimes;
    AgentState state = AgentState::active;
    Money today_pnl;
    TrackRecord record;
  };
  AgentTransition move(slot& s, AgentState to, std::string reason);
  Money limit_;
  std::int64_t day_;
  std::vector<slot> slots_;
};

}  // namespace symphony::agents
