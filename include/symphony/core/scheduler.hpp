#pragma once

#include <symphony/core/clock.hpp>

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace symphony {

/// Runs callbacks at points in time on one thread (the hot thread). Venues, the trading
/// loop and the simulated exchange all schedule through it, so a simulated run and a real
/// one execute the same code in the same order.
class Scheduler {
 public:
  using task = std::function<void()>;
  virtual ~Scheduler() = default;
  /// The clock whose time `at` refers to.
  [[nodiscard]] virtual const Clock& clock() const noexcept = 0;
  /// Runs `fn` once the clock reaches `at` (immediately-due tasks run in submission order).
  virtual void schedule_at(Timestamp at, task fn) = 0;
  /// Runs `fn` after `delay`.
  void schedule_after(Duration delay, task fn) { schedule_at(clock().now() + delay, std::move(fn)); }
};

/// A discrete-event scheduler over a `SimulatedClock`: tasks run in (time, submission)
/// order and the clock jumps to each task's time. Not thread-safe; one driver thread.
class SimulatedScheduler final : public Scheduler {
 public:
  explicit SimulatedScheduler(Timestamp start) : clock_(start) {}
  [[nodiscard]] const Clock& clock() const noexcept override { return clock_; }
  void schedule_at(Timestamp at, task fn) override;
  /// True when no task is queued.
  [[nodiscard]] bool empty() const noexcept { return queue_.empty(); }
  /// The time of the next task; only valid when not empty.
  [[nodiscard]] Timestamp next_time() const noexcept { return queue_.top().at; }
  /// Advances the clock to the next task and runs it; false when there was none.
  bool run_one();
  /// Runs every task due at or before `until`, then leaves the clock at `until`.
  void run_until(Timestamp until);

 private:
  struct entry {
    Timestamp at;
    std::uint64_t seq;
    task fn;
  };
  struct later {
    bool operator()(const entry& a, const entry& b) const noexcept {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  SimulatedClock clock_;
  std::priority_queue<entry, std::vector<entry>, later> queue_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace symphony
