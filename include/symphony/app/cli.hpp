#pragma once

#include <symphony/core/time.hpp>
#include <symphony/venue/mode.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace symphony::app {

/// The command line, parsed and checked.
struct Options {
  std::optional<std::string> config_file;
  venue::Mode mode = venue::Mode::sim;
  std::string data_dir = "./var";
  std::optional<Duration> duration;
  double speed = 1.0;  ///< 0 means as fast as possible
  std::uint64_t seed = 1;
  std::optional<std::string> report;  ///< a path, or "-" for stdout
  std::optional<std::string> log_level;
  std::optional<std::string> log_format;
  bool check_config = false;
  bool regime_accuracy = false;  ///< --regime-accuracy: score the regime rules in sim and exit
  bool confirm_live = false;     ///< --confirm-live: the operator means real orders
  /// --test-clock FILE (hidden, tests only): paper/live run on the real clock plus the
  /// offset in FILE (a `SharedClockOffset`), which the test moves.
  std::optional<std::string> test_clock;
};

/// What parsing produced: options to run with, or an exit code and text to print.
struct ParseOutcome {
  std::optional<Options> options;
  int exit_code = 0;
  std::string out;  ///< for stdout (help, version)
  std::string err;  ///< for stderr (usage errors)
};

/// Parses argv. Usage errors name the flag and give exit code 2.
ParseOutcome parse_command_line(int argc, const char* const* argv);

}  // namespace symphony::app
