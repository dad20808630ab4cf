#include <symphony/core/clock.hpp>

#include <chrono>

namespace symphony {

Timestamp RealClock::now() const noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Timestamp OffsetClock::now() const noexcept { return RealClock{}.now() + offset_.load(std::memory_order_acquire); }

void SimulatedClock::advance_to(Timestamp ts) noexcept {
  Timestamp current = now_.load(std::memory_order_relaxed);
  if (ts > current) now_.store(ts, std::memory_order_release);
}

}  // namespace symphony
