#pragma once

#include <symphony/core/time.hpp>

#include <atomic>
#include <cstdint>

namespace symphony {

/// The only source of "now" for trading code, so that replay and tests are deterministic.
/// Implementations are safe to read from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current time, UTC.
  [[nodiscard]] virtual Timestamp now() const noexcept = 0;
};

/// The system's real-time clock.
class RealClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const noexcept override;
};

/// The real clock plus an offset that another party may move at any time (forward, as a
/// rule): the paper/live daemon's clock under test (`--test-clock`), where the test and its
/// fake venue share the offset so that a bar close or a timeout comes when the test says,
/// not when the wall clock gets there. `offset` must outlive the clock.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(const std::atomic<std::int64_t>& offset) noexcept : offset_(offset) {}
  [[nodiscard]] Timestamp now() const noexcept override;

 private:
  const std::atomic<std::int64_t>& offset_;
};

/// A clock that moves only when told to: the simulated clock of sim mode, replay and tests.
/// One thread advances it; any thread may read it.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start = 0) noexcept : now_(start) {}
  [[nodiscard]] Timestamp now() const noexcept override { return now_.load(std::memory_order_acquire); }
  /// Moves time to `ts`; time never runs backwards, so an earlier `ts` is ignored.
  void advance_to(Timestamp ts) noexcept;
  /// Moves time forward by `d`.
  void advance(Duration d) noexcept { advance_to(now() + d); }

 private:
  std::atomic<Timestamp> now_;
};

}  // namespace symphony
