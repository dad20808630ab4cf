#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace symphony::test {

/// Reads a gzip capture from tests/data (one "<receive ns> <frame>" per line) and calls
/// `line` with the receive time and the frame text. Throws if the file cannot be read.
inline std::size_t read_capture(const std::string& relative,
                                const std::function<void(std::int64_t, std::string_view)>& line) {
  // Built by appending: GCC 12 at -O2 misreports `std::string(literal) + ...` (array-bounds).
  std::string path = SYMPHONY_TEST_DATA_DIR;
  path += "/";
  path += relative;
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::string buf(1 << 20, '\0');
  std::string current;
  std::size_t lines = 0;
  while (gzgets(f, buf.data(), static_cast<int>(buf.size()))) {
    current += buf.c_str();
    if (current.empty() || current.back() != '\n') continue;  // a line longer than the buffer
    current.pop_back();
    const auto space = current.find(' ');
    if (space != std::string::npos) {
      line(std::stoll(current.substr(0, space)), std::string_view(current).substr(space + 1));
      ++lines;
    }
    current.clear();
  }
  gzclose(f);
  return lines;
}

}  // namespace symphony::test
