#pragma once

namespace symphony::app {

/// Exit codes of symphonyd.
inline constexpr int exit_ok = 0;
inline constexpr int exit_usage = 2;    ///< bad flag or bad config
inline constexpr int exit_runtime = 3;  ///< failed while running

/// The whole program: parse, configure, run, report. Returns the exit code.
int run(int argc, const char* const* argv);

}  // namespace symphony::app
