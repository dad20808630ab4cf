#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace symphony::test {

/// The whole text of `relative` under tests/data. Throws when it cannot be read, so a
/// missing fixture fails the test instead of feeding it an empty string.
inline std::string read_data_file(const std::string& relative) {
  const std::string path = std::string(SYMPHONY_TEST_DATA_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace symphony::test
