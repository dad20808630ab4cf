#include <symphony/venue/aster/aster_venue.hpp>

#include "venue/aster/endpoints.hpp"
#include "venue/aster/parts.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <stdexcept>

namespace symphony::venue::aster {

namespace {

std::string getenv_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

AsterCredentials credentials_from_environment(const std::string& signing, std::vector<std::string>& missing) {
  AsterCredentials c;
  missing.clear();
  if (signing == "v1") {
    c.api_key = getenv_or_empty("ASTER_API_KEY");
    c.api_secret = getenv_or_empty("ASTER_API_SECRET");
    if (c.api_key.empty()) missing.emplace_back("ASTER_API_KEY");
    if (c.api_secret.empty()) missing.emplace_back("ASTER_API_SECRET");
  } else {
    c.user = getenv_or_empty("ASTER_USER");
    c.signer_key = getenv_or_empty("ASTER_SIGNER_KEY");
    if (c.user.empty()) missing.emplace_back("ASTER_USER");
    if (c.signer_key.empty()) missing.emplace_back("ASTER_SIGNER_KEY");
  }
  return c;
}

AsterVenue::Impl::Impl(net::Reactor& r, AsterConfig c, std::vector<Instrument> ins, VenueId venue_id,
                       std::optional<AsterCredentials> creds, std::uint64_t s)
    : reactor(r),
      config(std::move(c)),
      venue(venue_id),
      instruments(std::move(ins)),
      symbols("aster", instruments),
      seed(s) {
  symbol_lookup = [this](std::string_view sym, InstrumentId& id) { return symbols.lookup(sym, id); };
  SigningScheme scheme = SigningScheme::v3;
  if (config.signing == "v1")
    scheme = SigningScheme::v1;
  else if (config.signing == "v3_legacy")
    scheme = SigningScheme::v3_legacy;
  else if (config.signing != "v3")
    throw std::invalid_argument("venues.aster.signing: '" + config.signing + "' is not v3, v3_legacy or v1");
  if (creds) {
    if (scheme == SigningScheme::v1) {
      signer = std::make_unique<V1Signer>(creds->api_key, creds->api_secret, config.recv_window_ms);
    } else {
      Address user{};
      if (!parse_address(creds->user, user))
        throw std::invalid_argument("ASTER_USER: expected a 0x-prefixed 40-hex-digit wallet address");
      if (scheme == SigningScheme::v3)
        signer = std::make_unique<V3Signer>(creds->signer_key, user, config.chain_id);
      else
        signer = std::make_unique<V3LegacySigner>(creds->signer_key, user, config.recv_window_ms);
    }
  }
  net::HttpsClientConfig http;
  http.max_connections = config.max_connections;
  http.connect_timeout = config.connect_timeout;
  http.request_timeout = config.request_timeout;
  rest = std::make_unique<RestClient>(reactor, url_or_throw(config.rest_url, "venues.aster.rest_url"),
                                      net::TlsConfig{config.ca_file}, http, scheme, signer.get(), config.rate_headroom);
  (void)url_or_throw(config.ws_url, "venues.aster.ws_url");
  feed = make_feed(*this);
  execution = make_execution(*this);
}

AsterVenue::Impl::~Impl() {
  *alive = false;
  if (feed) feed->stop();
  if (execution) execution->stop();
  if (rest) rest->close();
}

AsterVenue::AsterVenue(net::Reactor& reactor, AsterConfig config, std::vector<Instrument> instruments, VenueId venue,
                       std::optional<AsterCredentials> credentials, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(reactor, std::move(config), std::move(instruments), venue, std::move(credentials),
                                   seed)) {}

AsterVenue::~AsterVenue() = default;

MarketFeed& AsterVenue::feed() { return *impl_->feed; }

ExecutionClient& AsterVenue::execution() {
  if (!impl_->signer) throw std::logic_error("AsterVenue::execution without credentials");
  return *impl_->execution;
}

bool AsterVenue::can_trade() const noexcept { return impl_->signer != nullptr; }

AsterVenue::Stats AsterVenue::stats() const {
  Stats s = impl_->stats;
  const OrderFlow::Counts c = impl_->execution->order_counts();
  s.unknown_outcomes = c.unknown_outcomes;
  s.recovered_fills = c.recovered_fills;
  return s;
}

}  // namespace symphony::venue::aster
