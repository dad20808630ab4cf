#pragma once

#include <symphony/core/clock.hpp>

#include <string>

namespace symphony::app {

/// Sends spdlog's default logger to stderr, stamped with `clock`'s time (simulated time in
/// sim mode), as text or one JSON object per line. `clock` must outlive logging.
void setup_logging(const Clock& clock, const std::string& level, const std::string& format);

}  // namespace symphony::app
