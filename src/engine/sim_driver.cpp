#include <symphony/engine/sim_driver.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <pthread.h>
#include <chrono>
#include <csignal>

namespace symphony::engine {

namespace asio = boost::asio;

namespace {

// SIGINT and SIGTERM are blocked from start-up (see block_shutdown_signals) and let through
// only while the reactor watches for them, so a signal that arrives early waits instead of
// killing the process, and one during shutdown does not interrupt the flush.
class unblock_shutdown_signals {
 public:
  unblock_shutdown_signals() { pthread_sigmask(SIG_UNBLOCK, &set(), nullptr); }
  ~unblock_shutdown_signals() { pthread_sigmask(SIG_BLOCK, &set(), nullptr); }
  unblock_shutdown_signals(const unblock_shutdown_signals&) = delete;
  unblock_shutdown_signals& operator=(const unblock_shutdown_signals&) = delete;

  static const sigset_t& set() {
    static const sigset_t s = [] {
      sigset_t v;
      sigemptyset(&v);
      sigaddset(&v, SIGINT);
      sigaddset(&v, SIGTERM);
      return v;
    }();
    return s;
  }
};

}  // namespace

void block_shutdown_signals() { pthread_sigmask(SIG_BLOCK, &unblock_shutdown_signals::set(), nullptr); }

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
  const unblock_shutdown_signals watching;  // a signal pending since start-up is delivered now

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
