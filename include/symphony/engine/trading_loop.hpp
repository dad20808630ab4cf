#pragma once

#include <symphony/core/scheduler.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace symphony::engine {

/// The seven phases of one pass of the trading loop, in the order they run.
inline constexpr std::array<std::string_view, 7> phase_names = {
    "update_agent_activity", "check_pending_orders",   "monitor_positions",  "sync_exchange",
    "fetch_market_data",     "check_liquidation_risk", "execute_new_trades",
};

/// What one pass of the loop measured.
struct TickStats {
  std::uint64_t tick = 0;
  Timestamp scheduled_ts = 0;
  Duration lateness = 0;                   ///< start − scheduled, on the loop's clock
  std::array<std::int64_t, 7> phase_ns{};  ///< CPU cost of each phase, real nanoseconds
};

/// The work of each phase. The engine implements it; tests substitute a recorder.
class LoopPhases {
 public:
  virtual ~LoopPhases() = default;
  virtual void update_agent_activity() = 0;
  virtual void check_pending_orders() = 0;
  virtual void monitor_positions() = 0;
  virtual void sync_exchange() = 0;
  virtual void fetch_market_data() = 0;
  virtual void check_liquidation_risk() = 0;
  virtual void execute_new_trades() = 0;
  /// After the seventh phase, with the pass's measurements.
  virtual void tick_done(const TickStats& stats) = 0;
};

/// Runs the phases every `period` on the scheduler's clock, so the same code runs in
/// real time and at any simulated speed. Ticks are aligned to multiples of the period;
/// a pass that overruns skips the ticks it missed rather than bunching them.
/// Not thread-safe; lives on the hot thread.
class TradingLoop {
 public:
  TradingLoop(Scheduler& scheduler, Duration period, LoopPhases& phases);
  /// Schedules the first pass at the next multiple of the period.
  void start();
  /// No pass starts after this.
  void stop() noexcept { running_ = false; }

  [[nodiscard]] std::uint64_t ticks() const noexcept { return ticks_; }
  [[nodiscard]] std::uint64_t skipped() const noexcept { return skipped_; }
  [[nodiscard]] Duration max_lateness() const noexcept { return max_lateness_; }
  [[nodiscard]] Duration period() const noexcept { return period_; }

 private:
  void run(Timestamp scheduled);
  Scheduler& scheduler_;
  Duration period_;
  LoopPhases& phases_;
  bool running_ = false;
  std::uint64_t ticks_ = 0;
  std::uint64_t skipped_ = 0;
  Duration max_lateness_ = 0;
};

}  // namespace symphony::engine
