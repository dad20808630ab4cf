#include <symphony/config/reader.hpp>
#include <symphony/venue/aster/aster_venue.hpp>

namespace symphony::venue::aster {

using config::Reader;

namespace {

class AsterFactory final : public VenueFactory {
 public:
  [[nodiscard]] std::string_view name() const noexcept override { return "aster"; }
  [[nodiscard]] std::unique_ptr<VenueFactory> fresh() const override { return std::make_unique<AsterFactory>(); }
  void read_config(Reader& section) override { aster::read_config(section, config_); }
  [[nodiscard]] std::vector<std::string> credential_variables() const override {
    if (config_.signing == "v1") return {"ASTER_API_KEY", "ASTER_API_SECRET"};
    return {"ASTER_USER", "ASTER_SIGNER_KEY"};
  }
  [[nodiscard]] std::string describe() const override {
    return "aster (" + config_.rest_url + ", " + config_.ws_url + "), signing " + config_.signing;
  }
  [[nodiscard]] std::unique_ptr<Venue> make(const VenueSetup& setup) const override {
    std::optional<AsterCredentials> credentials;
    if (setup.mode == Mode::live) {
      std::vector<std::string> missing;
      credentials = credentials_from_environment(config_.signing, missing);
      if (!missing.empty())
        throw std::invalid_argument("aster: environment variable " + missing.front() + " is not set");
    }
    return std::make_unique<AsterVenue>(setup.reactor, config_, setup.instruments, setup.id, std::move(credentials),
                                        setup.seed);
  }

 private:
  AsterConfig config_;
};

}  // namespace

std::unique_ptr<VenueFactory> make_factory() { return std::make_unique<AsterFactory>(); }

}  // namespace symphony::venue::aster
