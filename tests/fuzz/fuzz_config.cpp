// Fuzzes the config reader (JSON with comments; every key and value checked). A document
// is either accepted or refused with a ConfigError that names a JSON path ("$" or "$.a.b")
// and a reason; an accepted document keeps its text. Nothing else may escape.
#include <symphony/app/config.hpp>
#include <symphony/venue/aster/aster_venue.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

// The harness links the config readers, not the adapters (no Asio here): Aster's section
// is read by Aster's own reader, and nothing is ever made.
namespace symphony::app {
namespace {
class AsterSection final : public venue::VenueFactory {
 public:
  [[nodiscard]] std::string_view name() const noexcept override { return "aster"; }
  [[nodiscard]] std::unique_ptr<venue::VenueFactory> fresh() const override { return std::make_unique<AsterSection>(); }
  void read_config(config::Reader& section) override { venue::aster::read_config(section, config_); }
  [[nodiscard]] std::vector<std::string> credential_variables() const override { return {}; }
  [[nodiscard]] std::string describe() const override { return "aster"; }
  [[nodiscard]] std::unique_ptr<venue::Venue> make(const venue::VenueSetup&) const override {
    throw std::logic_error("fuzz_config makes no venue");
  }

 private:
  venue::aster::AsterConfig config_;
};
}  // namespace

std::vector<std::unique_ptr<venue::VenueFactory>> venue_factories() {
  std::vector<std::unique_ptr<venue::VenueFactory>> out;
  out.push_back(std::make_unique<AsterSection>());
  return out;
}
}  // namespace symphony::app

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
