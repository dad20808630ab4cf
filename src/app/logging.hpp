#pragma once

#include <symphony/core/clock.hpp>

#include <string>

namespace symphony::app {

/// While alive, spdlog's default logger writes to stderr stamped with `clock`'s time
/// (simulated time in sim mode), as text or one JSON object per line. On destruction the
/// logger goes back to a plain one, so nothing logged later reads a dead clock.
class LoggingScope {
 public:
  LoggingScope(const Clock& clock, const std::string& level, const std::string& format);
  ~LoggingScope();
  LoggingScope(const LoggingScope&) = delete;
  LoggingScope& operator=(const LoggingScope&) = delete;
};

}  // namespace symphony::app
