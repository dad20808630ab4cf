#include <symphony/llm/cost_meter.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace symphony::llm {

CostMeter::CostMeter(std::map<std::string, ModelPrice> prices, Budget budget)
    : prices_(std::move(prices)), budget_(budget) {}

Money CostMeter::price(const std::string& model, const Usage& u) const {
  const auto it = prices_.find(model);
  if (it == prices_.end()) return {};
  const ModelPrice& p = it->second;
  const double uncached = static_cast<double>(u.input - std::min(u.cached, u.input));
  const double usd =
      (uncached * p.input + static_cast<double>(u.cached) * p.cached_input + static_cast<double>(u.output) * p.output) /
      1e6;
  // Rounded up to the cent's millionth: never under-counted.
  return Money::from_raw(static_cast<std::int64_t>(std::ceil(usd * 1e8)));
}

void CostMeter::roll(Timestamp now) {
  const std::int64_t day = utc_day(now);
  if (day == day_) return;
  day_ = day;
  total_ = {};
  per_agent_.clear();
}

Money CostMeter::spent_today(const std::string& agent) const {
  const auto it = per_agent_.find(agent);
  return it == per_agent_.end() ? Money{} : it->second;
}

bool CostMeter::allows(const std::string& agent, Timestamp now, std::string* why) {
  roll(now);
  if (total_ >= budget_.daily) {
    if (why) *why = fmt::format("daily LLM budget {} USD spent ({})", budget_.daily.to_string(), total_.to_string());
    return false;
  }
  const Money mine = spent_today(agent);
  if (mine >= budget_.per_agent_daily) {
    if (why)
      *why = fmt::format("{}'s daily LLM budget {} USD spent ({})", agent, budget_.per_agent_daily.to_string(),
                         mine.to_string());
    return false;
  }
  return true;
}

std::vector<BudgetExhausted> CostMeter::charge(const std::string& agent, Money cost, Timestamp now) {
  roll(now);
  std::vector<BudgetExhausted> out;
  Money& mine = per_agent_[agent];
  const bool agent_had = mine < budget_.per_agent_daily;
  const bool day_had = total_ < budget_.daily;
  mine += cost;
  total_ += cost;
  if (agent_had && mine >= budget_.per_agent_daily) out.push_back({"agent " + agent, budget_.per_agent_daily, mine});
  if (day_had && total_ >= budget_.daily) out.push_back({"daily", budget_.daily, total_});
  return out;
}

}  // namespace symphony::llm
