#include <symphony/engine/trading_loop.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace symphony::engine {
namespace {

class RecordingPhases : public LoopPhases {
 public:
  explicit RecordingPhases(Scheduler& s) : sched(s) {}
  void update_agent_activity() override { log.push_back("update_agent_activity"); }
  void check_pending_orders() override { log.push_back("check_pending_orders"); }
  void monitor_positions() override { log.push_back("monitor_positions"); }
  void sync_exchange() override { log.push_back("sync_exchange"); }
  void fetch_market_data() override { log.push_back("fetch_market_data"); }
  void check_liquidation_risk() override { log.push_back("check_liquidation_risk"); }
  void execute_new_trades() override { log.push_back("execute_new_trades"); }
  void tick_done(const TickStats& s) override {
    log.push_back("tick_done");
    stats.push_back(s);
    starts.push_back(sched.clock().now());
  }
  Scheduler& sched;
  std::vector<std::string> log;
  std::vector<TickStats> stats;
  std::vector<Timestamp> starts;
};

TEST(TradingLoop, RunsTheSevenPhasesInDesignOrder) {
  SimulatedScheduler sched(0);
  RecordingPhases phases(sched);
  TradingLoop loop(sched, 5 * ns_per_s, phases);
  loop.start();
  sched.run_until(5 * ns_per_s);
  std::vector<std::string> expected(phase_names.begin(), phase_names.end());
  expected.emplace_back("tick_done");
  EXPECT_EQ(phases.log, expected);
  EXPECT_EQ(loop.ticks(), 1u);
}

TEST(TradingLoop, TicksOnPeriodBoundariesOfTheClock) {
  SimulatedScheduler sched(3 * ns_per_s);
  RecordingPhases phases(sched);
  TradingLoop loop(sched, 5 * ns_per_s, phases);
  loop.start();
  sched.run_until(60 * ns_per_s);
  ASSERT_EQ(phases.starts.size(), 12u);
  for (std::size_t i = 0; i < phases.starts.size(); ++i)
    EXPECT_EQ(phases.starts[i], static_cast<Timestamp>(i + 1) * 5 * ns_per_s);
  EXPECT_EQ(loop.max_lateness(), 0);
  for (const auto& s : phases.stats)
    for (auto ns : s.phase_ns) EXPECT_GE(ns, 0);
}

// A scheduler whose clock the test moves by hand, so a tick can be made to start late, as
// it would behind a slow task on a real clock.
class HandScheduler : public Scheduler {
 public:
  const Clock& clock() const noexcept override { return clock_; }
  void schedule_at(Timestamp at, task fn) override { tasks_.emplace_back(at, std::move(fn)); }
  void advance_and_run(Timestamp to) {
    clock_.advance_to(to);
    for (bool ran = true; ran;) {
      ran = false;
      for (std::size_t i = 0; i < tasks_.size(); ++i) {
        if (tasks_[i].first > clock_.now()) continue;
        auto fn = std::move(tasks_[i].second);
        tasks_.erase(tasks_.begin() + static_cast<std::ptrdiff_t>(i));
        fn();
        ran = true;
        break;
      }
    }
  }

 private:
  SimulatedClock clock_{0};
  std::vector<std::pair<Timestamp, task>> tasks_;
};

TEST(TradingLoop, LateTickReportsLatenessAndSkipsMissedTicks) {
  HandScheduler sched;
  RecordingPhases phases(sched);
  TradingLoop loop(sched, 5 * ns_per_s, phases);
  loop.start();
  sched.advance_and_run(5 * ns_per_s);
  ASSERT_EQ(loop.ticks(), 1u);
  EXPECT_EQ(phases.stats.back().lateness, 0);
  sched.advance_and_run(12 * ns_per_s);  // the 10 s tick starts 2 s late
  ASSERT_EQ(loop.ticks(), 2u);
  EXPECT_EQ(phases.stats.back().scheduled_ts, 10 * ns_per_s);
  EXPECT_EQ(phases.stats.back().lateness, 2 * ns_per_s);
  sched.advance_and_run(27 * ns_per_s);  // the 15 s tick runs at 27 s; 20 s and 25 s are skipped
  EXPECT_EQ(loop.ticks(), 3u);
  EXPECT_EQ(loop.skipped(), 2u);
  EXPECT_EQ(loop.max_lateness(), 12 * ns_per_s);
  sched.advance_and_run(30 * ns_per_s);
  EXPECT_EQ(loop.ticks(), 4u);
  EXPECT_EQ(phases.stats.back().scheduled_ts, 30 * ns_per_s);
  EXPECT_EQ(phases.stats.back().lateness, 0);
}

TEST(TradingLoop, StopPreventsFurtherPasses) {
  SimulatedScheduler sched(0);
  RecordingPhases phases(sched);
  TradingLoop loop(sched, ns_per_s, phases);
  loop.start();
  sched.run_until(3 * ns_per_s);
  loop.stop();
  sched.run_until(10 * ns_per_s);
  EXPECT_EQ(loop.ticks(), 3u);
}

}  // namespace
}  // namespace symphony::engine
