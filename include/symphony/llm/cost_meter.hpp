#pragma once

#include <symphony/llm/llm.hpp>

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace symphony::llm {

/// USD per million tokens of one model (config `llm.prices`).
struct ModelPrice {
  double input = 0;
  double cached_input = 0;
  double output = 0;
};

/// Spending limits in USD (config `llm.budget`); zero means no LLM calls at all.
struct Budget {
  Money per_agent_daily = Money::from_units(1);
  Money daily = Money::from_units(5);
};

/// A budget that just ran out, to be raised as an event.
struct BudgetExhausted {
  std::string scope;  ///< "agent <id>" or "daily"
  Money limit;
  Money spent;
};

/// Prices each call from the table and keeps what was spent today (UTC), per agent and in
/// total. A call is allowed while both budgets have money left; the call that crosses a
/// limit is charged in full (its tokens were used) and reported once. Fails safe: a model
/// without a price is refused. Not thread-safe: one per LLM thread.
class CostMeter {
 public:
  CostMeter(std::map<std::string, ModelPrice> prices, Budget budget);

  [[nodiscard]] bool priced(const std::string& model) const { return prices_.count(model) != 0; }
  /// What `usage` of `model` costs; zero for an unpriced model.
  [[nodiscard]] Money price(const std::string& model, const Usage& usage) const;
  /// Whether `agent` may call now; `why` says which budget is spent when not.
  bool allows(const std::string& agent, Timestamp now, std::string* why = nullptr);
  /// Books a call's cost; returns the budgets it exhausted (agent first, then daily).
  std::vector<BudgetExhausted> charge(const std::string& agent, Money cost, Timestamp now);

  [[nodiscard]] Money spent_today() const noexcept { return total_; }
  [[nodiscard]] Money spent_today(const std::string& agent) const;
  [[nodiscard]] const Budget& budget() const noexcept { return budget_; }

 private:
  void roll(Timestamp now);
  std::map<std::string, ModelPrice> prices_;
  Budget budget_;
  std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
  Money total_;
  std::map<std::string, Money> per_agent_;
};

}  // namespace symphony::llm
