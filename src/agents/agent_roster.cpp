#include <symphony/agents/agent_roster.hpp>

namespace symphony::agents {

std::string_view to_string(AgentState s) noexcept {
  switch (s) {
    case AgentState::active:
      return "Active";
    case AgentState::daily_loss_breached:
      return "DailyLossBreached";
    case AgentState::paused:
      return "Paused";
  }
  return "?";
}

AgentRoster::AgentRoster(Money daily_loss_limit, Timestamp now) : limit_(daily_loss_limit), day_(utc_day(now)) {}

void AgentRoster::add(std::unique_ptr<Agent> agent) {
  const RegimeTable regimes = agent->info().regimes;
  add(std::move(agent), regimes);
}

void AgentRoster::add(std::unique_ptr<Agent> agent, const RegimeTable& regimes) {
  slots_.push_back(slot{std::move(agent), regimes, AgentState::active, {}, {}});
}

AgentTransition AgentRoster::move(slot& s, AgentState to, std::string reason) {
  AgentTransition t{std::string(s.agent->id()), s.state, to, std::move(reason)};
  s.state = to;
  return t;
}

std::vector<AgentTransition> AgentRoster::update(Timestamp now) {
  std::vector<AgentTransition> out;
  const std::int64_t day = utc_day(now);
  if (day == day_) return out;
  day_ = day;
  for (auto& s : slots_) {
    s.today_pnl = Money{};
    if (s.state == AgentState::daily_loss_breached) out.push_back(move(s, AgentState::active, "new UTC day"));
  }
  return out;
}

std::vector<AgentTransition> AgentRoster::record_pnl(std::string_view agent, Money pnl_net) {
  std::vector<AgentTransition> out;
  for (auto& s : slots_) {
    if (s.agent->id() != agent) continue;
    s.today_pnl += pnl_net;
    ++s.record.trades;
    s.record.wins += pnl_net.is_positive() ? 1 : 0;
    s.record.pnl += pnl_net;
    if (s.state == AgentState::active && -s.today_pnl >= limit_)
      out.push_back(move(s, AgentState::daily_loss_breached, "lost " + (-s.today_pnl).to_string() + " today"));
  }
  return out;
}

double AgentRoster::track_record_weight(std::size_t i) const {
  const TrackRecord& r = slots_.at(i).record;
  return 2.0 * static_cast<double>(r.wins + 1) / static_cast<double>(r.trades + 2);
}

std::vector<AgentTransition> AgentRoster::set_paused(std::string_view agent, bool paused, std::string reason) {
  std::vector<AgentTransition> out;
  for (auto& s : slots_) {
    if (s.agent->id() != agent) continue;
    // Pausing works from any state; resuming only from Paused (a daily-loss breach stands).
    if (paused ? s.state != AgentState::paused : s.state == AgentState::paused)
      out.push_back(move(s, paused ? AgentState::paused : AgentState::active, reason));
  }
  return out;
}

}  // namespace symphony::agents
