#include <symphony/engine/sim_driver.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <csignal>

namespace symphony::engine {

namespace asio = boost::asio;

DriveOutcome drive(SimulatedScheduler& scheduler, const DriveOptions& options) {
  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer timer(io);
  bool signalled = false;
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    signalled = true;
    timer.cancel();
  });

  using steady = std::chrono::steady_clock;
  const auto real_start = steady::now();
  const Timestamp sim_start = scheduler.clock().now();
  std::uint64_t ran = 0;
  while (!signalled) {
    if (scheduler.empty()) return DriveOutcome::ran_dry;
    const Timestamp next = scheduler.next_time();
    if (options.end && next > *options.end) break;
    if (options.speed > 0) {
      const auto due =
          real_start +
          std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(next - sim_start) / options.speed));
      if (steady::now() < due) {
        // Sleep on the reactor, so a signal interrupts the wait.
        timer.expires_at(due);
        timer.async_wait([](const boost::system::error_code&) {});
        io.run_one();
        if (io.stopped()) io.restart();
        continue;
      }
    }
    scheduler.run_one();
    if (++ran % 1024 == 0) {
      io.poll();  // deliver pending signals while running flat out
      if (io.stopped()) io.restart();
    }
  }
  if (signalled) return DriveOutcome::signalled;
  scheduler.run_until(*options.end);
  return DriveOutcome::reached_end;
}

}  // namespace symphony::engine
