#pragma once

#include <symphony/core/clock.hpp>
#include <symphony/core/scheduler.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace symphony::net {

/// The hot thread's event loop: one Asio `io_context` behind a pimpl, so no public header
/// includes Asio. It runs the sockets of every `HttpsClient` and `WebSocketClient` built
/// on it and is a `Scheduler` whose time is `clock` (the real clock in paper and live
/// mode). Not thread-safe except `post` and `stop`.
class Reactor final : public Scheduler {
 public:
  explicit Reactor(const Clock& clock);
  ~Reactor() override;
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // Scheduler
  [[nodiscard]] const Clock& clock() const noexcept override;
  void schedule_at(Timestamp at, task fn) override;

  /// Reads SIGINT and SIGTERM from a signalfd (they must be blocked in every thread,
  /// see `block_shutdown_signals`): the first one makes `signalled()` true and returns
  /// from `run`.
  void watch_shutdown_signals();
  [[nodiscard]] bool signalled() const noexcept;

  /// Runs handlers until `stop`, a watched signal, or `for_at_most` of real time passes
  /// (nullopt: no limit). A later `run` continues (after a signal too, e.g. for a
  /// shutdown grace period).
  void run(std::optional<Duration> for_at_most = std::nullopt);
  /// Runs handlers that are ready, without waiting.
  void poll();
  /// Makes `run` return. Safe from any thread.
  void stop();
  /// Runs `fn` on the reactor's thread. Safe from any thread.
  void post(std::function<void()> fn);

  struct Impl;
  /// For the net module's own sources.
  [[nodiscard]] Impl& impl() noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// Blocks SIGINT and SIGTERM for the calling thread and the threads it starts later. Call
/// first thing at start-up: a `Reactor` reads them from a signalfd; until then they wait.
void block_shutdown_signals();

}  // namespace symphony::net
