#pragma once

#include <symphony/core/instrument.hpp>
#include <symphony/market/candles.hpp>
#include <symphony/net/reactor.hpp>
#include <symphony/net/websocket_client.hpp>
#include <symphony/venue/execution_client.hpp>
#include <symphony/venue/market_feed.hpp>
#include <symphony/venue/venue.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace symphony::venue::aster {

/// Settings of the Aster adapter (config section `venues.aster`). Defaults are Aster's
/// mainnet; tests point the URLs at a fake on 127.0.0.1.
struct AsterConfig {
  std::string rest_url = "https://fapi.asterdex.com";
  std::string ws_url = "wss://fstream.asterdex.com";
  std::string ca_file;            ///< PEM of trusted CAs; empty = the system store
  std::string signing = "v3";     ///< "v3" (EIP-712), "v3_legacy" or "v1" (HMAC)
  std::uint64_t chain_id = 1666;  ///< 1666 mainnet, 714 testnet
  std::uint64_t recv_window_ms = 5000;
  std::uint32_t depth_limit = 1000;   ///< levels of the REST snapshot
  std::string depth_speed = "100ms";  ///< diff stream cadence: "100ms", "250ms" or "500ms"
  std::string margin_asset = "USDT";
  std::uint32_t leverage = 0;        ///< set per symbol at start in live mode; 0 leaves it
  std::string margin_type;           ///< "CROSSED" or "ISOLATED" set at start; "" leaves it
  std::uint32_t warm_up_bars = 200;  ///< closed klines loaded per timeframe at start (0: none)
  double rate_headroom = 0.1;        ///< share of each venue limit kept in reserve
  Duration time_sync_interval = 5 * ns_per_min;
  Duration listen_key_keepalive = 30 * ns_per_min;
  Duration request_timeout = 10 * ns_per_s;
  Duration connect_timeout = 5 * ns_per_s;
  Duration order_max_wait = 2 * ns_per_s;  ///< longest an order waits for the rate limiter
  std::size_t max_connections = 4;
  net::WebSocketConfig ws;
};

/// Keys from the environment. V3 needs the main account address (`ASTER_USER`) and the
/// API wallet's private key (`ASTER_SIGNER_KEY`); V1 an API key and secret
/// (`ASTER_API_KEY`, `ASTER_API_SECRET`). Never logged, never stored.
struct AsterCredentials {
  std::string user;
  std::string signer_key;
  std::string api_key;
  std::string api_secret;
};

/// Reads the credentials the configured scheme needs from the environment. Empty
/// `missing` means complete; otherwise it lists the variables that are unset.
AsterCredentials credentials_from_environment(const std::string& signing, std::vector<std::string>& missing);

/// The Aster adapter: market data (depth snapshot + diff stream resynced by U/u/pu,
/// aggTrade, bookTicker, markPrice, 24h ticker, klines for warm-up) as a `MarketFeed`,
/// and — with credentials — order entry, account and the user data stream as an
/// `ExecutionClient`. Everything runs on the reactor's thread.
class AsterVenue final : public Venue {
 public:
  /// `instruments` are the ones to trade here (the registry's listing of venue `venue`:
  /// each under its process-wide id, with its Aster symbol). Without `credentials` only
  /// market data is available (paper mode). Throws `std::invalid_argument` for a bad URL,
  /// signing scheme or key (never echoing it), or an empty or repeated symbol.
  AsterVenue(net::Reactor& reactor, AsterConfig config, std::vector<Instrument> instruments, VenueId venue,
             std::optional<AsterCredentials> credentials, std::uint64_t seed);
  ~AsterVenue() override;
  AsterVenue(const AsterVenue&) = delete;
  AsterVenue& operator=(const AsterVenue&) = delete;

  /// What start-up learned (the wallet balance is the margin asset's, with credentials).
  using Bootstrap = venue::Bootstrap;
  /// Syncs the clock, loads exchangeInfo (filters, rate limits) and, with credentials,
  /// checks the account is in one-way position mode and applies leverage and margin
  /// type, and reads the wallet balance. `done` runs on the reactor's thread.
  void bootstrap(std::function<void(Bootstrap)> done) override;

  [[nodiscard]] MarketFeed& feed() override;
  /// Only with credentials.
  [[nodiscard]] ExecutionClient& execution() override;
  [[nodiscard]] bool can_trade() const noexcept override;
  /// Binance-style update ids: U/u/pu chained diffs over a REST snapshot.
  [[nodiscard]] market::book_sequencing sequencing() const noexcept override {
    return market::book_sequencing::update_id_chain;
  }

  /// Counters for logs and tests.
  struct Stats {
    std::uint64_t frames = 0;
    std::uint64_t malformed_frames = 0;
    std::uint64_t snapshots = 0;
    std::uint64_t resyncs = 0;
    std::uint64_t feed_connects = 0;
    std::uint64_t user_connects = 0;
    std::uint64_t unknown_outcomes = 0;
    std::uint64_t recovered_fills = 0;
  };
  [[nodiscard]] Stats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Reads `venues.aster` into `config` (keys, types, ranges; URLs must be https:// and
/// wss:// without a path). Throws `config::ConfigError` naming the key.
void read_config(config::Reader& section, AsterConfig& config);

/// The adapter's factory, as `app` registers it: name "aster", section `venues.aster`,
/// credentials `ASTER_USER` + `ASTER_SIGNER_KEY` (V3) or `ASTER_API_KEY` +
/// `ASTER_API_SECRET` (V1).
std::unique_ptr<VenueFactory> make_factory();

}  // namespace symphony::venue::aster
