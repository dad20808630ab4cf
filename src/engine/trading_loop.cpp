#include <symphony/engine/trading_loop.hpp>

#include <algorithm>
#include <chrono>

namespace symphony::engine {

TradingLoop::TradingLoop(Scheduler& scheduler, Duration period, LoopPhases& phases)
    : scheduler_(scheduler), period_(period), phases_(phases) {}

void TradingLoop::start() {
  running_ = true;
  const Timestamp now = scheduler_.clock().now();
  const Timestamp first = (now / period_ + 1) * period_;
  scheduler_.schedule_at(first, [this, first] { run(first); });
}

void TradingLoop::run(Timestamp scheduled) {
  if (!running_) return;
  TickStats stats;
  stats.tick = ++ticks_;
  stats.scheduled_ts = scheduled;
  stats.lateness = scheduler_.clock().now() - scheduled;
  max_lateness_ = std::max(max_lateness_, stats.lateness);

  // Phase cost is CPU time spent, which is real time whatever clock trading runs on; it
  // feeds metrics only and never a trading decision.
  using steady = std::chrono::steady_clock;
  void (LoopPhases::*const steps[])() = {
      &LoopPhases::update_agent_activity, &LoopPhases::check_pending_orders, &LoopPhases::monitor_positions,
      &LoopPhases::sync_exchange,         &LoopPhases::fetch_market_data,    &LoopPhases::check_liquidation_risk,
      &LoopPhases::execute_new_trades,
  };
  for (std::size_t i = 0; i < std::size(steps); ++i) {
    const auto t0 = steady::now();
    (phases_.*steps[i])();
    stats.phase_ns[i] = std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now() - t0).count();
  }
  phases_.tick_done(stats);

  Timestamp next = scheduled + period_;
  const Timestamp now = scheduler_.clock().now();
  while (next <= now) {
    next += period_;
    ++skipped_;
  }
  if (running_) scheduler_.schedule_at(next, [this, next] { run(next); });
}

}  // namespace symphony::engine
