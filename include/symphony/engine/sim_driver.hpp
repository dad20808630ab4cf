#pragma once

#include <symphony/core/scheduler.hpp>

#include <optional>

namespace symphony::engine {

/// How to run a simulated clock.
struct DriveOptions {
  std::optional<Timestamp> end;  ///< stop when simulated time reaches this
  double speed = 0;              ///< simulated seconds per real second; 0 = as fast as possible
};

/// Why driving stopped.
enum class DriveOutcome { reached_end, signalled, ran_dry };

/// Blocks SIGINT and SIGTERM for the calling thread and the threads it starts later. Call
/// first thing at start-up: `drive` reads them from a signalfd; until then they wait.
void block_shutdown_signals();

/// Runs the scheduler's tasks in simulated-time order on the calling thread, paced
/// against the real clock by `speed`, on an Asio reactor that also watches SIGINT and
/// SIGTERM (kept blocked, read through a signalfd). Returns when the end time is reached, a signal arrives, or no task
/// is left.
DriveOutcome drive(SimulatedScheduler& scheduler, const DriveOptions& options);

}  // namespace symphony::engine
