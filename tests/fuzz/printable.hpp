#pragma once

// The fuzzers' failure messages: an input with its control bytes escaped.
#include <cstdio>
#include <string>
#include <string_view>

namespace symphony::fuzz {

inline std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace symphony::fuzz
