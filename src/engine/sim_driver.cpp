#include <symphony/engine/sim_driver.hpp>

#include <symphony/net/reactor.hpp>

#include <chrono>

namespace symphony::engine {

void block_shutdown_signals() { net::block_shutdown_signals(); }

DriveOutcome drive(SimulatedScheduler& scheduler, const DriveOptions& options) {
  // The reactor only watches the signals and paces; the simulated scheduler runs the tasks.
  const RealClock real;
  net::Reactor reactor(real);
  reactor.watch_shutdown_signals();

  using steady = std::chrono::steady_clock;
  const auto real_start = steady::now();
  const Timestamp sim_start = scheduler.clock().now();
  std::uint64_t ran = 0;
  while (!reactor.signalled()) {
    if (scheduler.empty()) return DriveOutcome::ran_dry;
    const Timestamp next = scheduler.next_time();
    if (options.end && next > *options.end) break;
    if (options.speed > 0) {
      const auto due =
          real_start +
          std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(next - sim_start) / options.speed));
      const auto now = steady::now();
      if (now < due) {
        // Wait on the reactor, so a signal interrupts the wait.
        reactor.run(std::chrono::duration_cast<std::chrono::nanoseconds>(due - now).count());
        continue;
      }
    }
    scheduler.run_one();
    if (++ran % 1024 == 0) reactor.poll();  // deliver pending signals while running flat out
  }
  if (reactor.signalled()) return DriveOutcome::signalled;
  scheduler.run_until(*options.end);
  return DriveOutcome::reached_end;
}

}  // namespace symphony::engine
