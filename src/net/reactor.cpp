#include "net/reactor_impl.hpp"

#include <symphony/net/io_context.hpp>

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <csignal>
#include <stdexcept>

namespace symphony::net {

namespace asio = detail::asio;

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

Reactor::Reactor(const Clock& clock) : impl_(std::make_unique<Impl>(clock)) {}

boost::asio::io_context& io_context_of(Reactor& reactor) noexcept { return reactor.impl().io; }
Reactor::~Reactor() = default;

const Clock& Reactor::clock() const noexcept { return impl_->clock; }

void Reactor::schedule_at(Timestamp at, task fn) {
  impl_->tasks.push({at, impl_->next_seq++, std::move(fn)});
  if (!impl_->firing) impl_->arm();
}

void Reactor::Impl::arm() {
  if (tasks.empty()) {
    if (armed_for) timer.cancel();
    armed_for.reset();
    return;
  }
  const Timestamp at = tasks.top().at;
  if (armed_for && *armed_for == at) return;
  armed_for = at;
  const Duration delay = std::max<Duration>(at - clock.now(), 0);
  timer.expires_after(detail::to_chrono(delay));
  timer.async_wait([this](const detail::error_code& ec) {
    if (ec) return;  // re-armed or shut down
    armed_for.reset();
    fire();
  });
}

void Reactor::Impl::fire() {
  firing = true;
  const Timestamp now = clock.now();
  // Only what is due now: a task scheduling another at `now` runs it on the next turn, so
  // sockets are served between them.
  std::vector<Scheduler::task> due;
  while (!tasks.empty() && tasks.top().at <= now) {
    due.push_back(std::move(const_cast<Entry&>(tasks.top()).fn));
    tasks.pop();
  }
  for (auto& fn : due) fn();
  firing = false;
  arm();
}

void Reactor::watch_shutdown_signals() {
  if (impl_->signals) return;
  block_shutdown_signals();
  const int fd = signalfd(-1, &shutdown_signals(), SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error("signalfd failed");
  impl_->signals.emplace(impl_->io, fd);  // owns and closes fd
  impl_->signals->async_wait(asio::posix::stream_descriptor::wait_read, [this](const detail::error_code& ec) {
    if (ec) return;
    signalfd_siginfo info{};
    if (::read(impl_->signals->native_handle(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      impl_->signalled = true;
      impl_->io.stop();
    }
  });
}

bool Reactor::signalled() const noexcept { return impl_->signalled; }

void Reactor::run(std::optional<Duration> for_at_most) {
  // A watched signal stops the current run; a later run (a shutdown grace period) goes on.
  if (impl_->stop_requested.exchange(false)) return;
  if (impl_->io.stopped()) impl_->io.restart();
  auto guard = asio::make_work_guard(impl_->io);
  if (for_at_most)
    impl_->io.run_for(detail::to_chrono(*for_at_most));
  else
    impl_->io.run();
  impl_->stop_requested = false;
}

void Reactor::poll() {
  if (impl_->io.stopped()) impl_->io.restart();
  impl_->io.poll();
}

void Reactor::stop() {
  impl_->stop_requested = true;
  impl_->io.stop();
}

void Reactor::post(std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); }

}  // namespace symphony::net
