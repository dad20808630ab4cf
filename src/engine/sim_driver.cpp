#include <symphony/engine/sim_driver.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <stdexcept>

namespace symphony::engine {

namespace asio = boost::asio;

namespace {

const sigset_t& shutdown_signals() {
  static const sigset_t s = [] {
    sigset_t v;
    sigemptyset(&v);
    sigaddset(&v, SIGINT);
    sigaddset(&v, SIGTERM);
    return v;
  }();
  return s;
}

}  // namespace

// SIGINT and SIGTERM stay blocked in every thread for the whole session and are read
// from a signalfd on the reactor instead of by an asynchronous handler: a signal that
// arrives during start-up waits until it is read, one during shutdown cannot interrupt the
// flush, and no runtime thread (a sanitizer's, a library's) can swallow one.
void block_shutdown_signals() { pthread_sigmask(SIG_BLOCK, &shutdown_signals(), nullptr); }

DriveOutcome drive(SimulatedScheduler& scheduler, const DriveOptions& options) {
  block_shutdown_signals();
  const int fd = signalfd(-1, &shutdown_signals(), SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error("signalfd failed");
  asio::io_context io;
  asio::posix::stream_descriptor signals(io, fd);  // owns and closes fd
  asio::steady_timer timer(io);
  bool signalled = false;
  signals.async_wait(asio::posix::stream_descriptor::wait_read, [&](const boost::system::error_code& ec) {
    if (ec) return;
    signalfd_siginfo info{};
    if (::read(signals.native_handle(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      signalled = true;
      timer.cancel();
    }
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
