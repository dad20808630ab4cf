#pragma once

#include <symphony/core/fixed.hpp>

#include <regex>
#include <stdexcept>
#include <string>

namespace symphony::test {

/// The exact decimal text of a top-level numeric field of a report, read without going
/// through binary floating point.
inline std::string report_number(const std::string& report, const std::string& key) {
  const std::regex re("\"" + key + "\": (-?[0-9]+(\\.[0-9]+)?)");
  std::smatch m;
  if (!std::regex_search(report, m, re)) throw std::runtime_error("report has no numeric field " + key);
  return m[1].str();
}

/// A money field of a report, exactly.
inline Money report_money(const std::string& report, const std::string& key) {
  return Money::parse(report_number(report, key)).value();
}

}  // namespace symphony::test
