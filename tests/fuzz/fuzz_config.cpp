// Fuzzes the config reader (JSON with comments; every key and value checked). A document
// is either accepted or refused with a ConfigError that names a JSON path ("$" or "$.a.b")
// and a reason; an accepted document keeps its text. Nothing else may escape.
#include <symphony/app/config.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const symphony::app::Config c = symphony::app::parse_config(text);
    if (c.source_text != text) {
      std::fprintf(stderr, "fuzz_config: the accepted text was not kept\n");
      std::abort();
    }
  } catch (const symphony::app::ConfigError& e) {
    const std::string what = e.what();
    if (e.path().rfind("$", 0) != 0 || e.why().empty()) {
      std::fprintf(stderr, "fuzz_config: an error without a path or reason: %s\n", what.c_str());
      std::abort();
    }
  }
  return 0;
}
