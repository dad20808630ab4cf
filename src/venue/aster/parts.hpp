#pragma once

// Private to venue/aster: the adapter's shared state (AsterVenue::Impl) and its two
// halves, market data (feed.cpp) and order entry (execution.cpp); start-up and the upkeep
// loops are flows.cpp, the codes errors.cpp, the endpoints endpoints.cpp.
#include <symphony/net/reactor.hpp>
#include <symphony/venue/aster/aster_venue.hpp>
#include <symphony/venue/order_flow.hpp>
#include <symphony/venue/symbols.hpp>

#include "venue/aster/rest_client.hpp"
#include "venue/aster/rest_parser.hpp"
#include "venue/aster/signer.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace symphony::venue::aster {

/// Order entry and the user data stream (execution.cpp).
class ExecutionPart : public ExecutionClient {
 public:
  /// Opens the user data stream (a listen key, then the WebSocket) and keeps it alive.
  virtual void start_user_stream() = 0;
  virtual void stop() = 0;
  [[nodiscard]] virtual OrderFlow::Counts order_counts() const = 0;
};

/// The user data stream's listen key (flows.cpp): opened with POST and handed to `use`,
/// kept alive with PUT every `listen_key_keepalive`, opened anew when a keep-alive fails.
struct ListenKey {
  ListenKey(AsterVenue::Impl& v, std::function<void(const std::string&)> on_key) : venue(v), use(std::move(on_key)) {}
  /// Starts the upkeep, or restarts it now with a key asked for again (it expired; the
  /// stream cannot connect with it): the upkeep running ends at its next step.
  void renew();
  void stop() noexcept { running = false; }

  AsterVenue::Impl& venue;
  std::function<void(const std::string&)> use;
  std::uint64_t generation = 0;  ///< of the upkeep that is current
  bool running = false;
};

struct AsterVenue::Impl {
  Impl(net::Reactor& r, AsterConfig c, std::vector<Instrument> instruments, VenueId venue_id,
       std::optional<AsterCredentials> creds, std::uint64_t s);
  ~Impl();

  [[nodiscard]] bool ours(InstrumentId id) const noexcept { return symbols.ours(id); }
  [[nodiscard]] Timestamp now() const { return reactor.clock().now(); }

  net::Reactor& reactor;
  AsterConfig config;
  VenueId venue = 0;
  std::vector<Instrument> instruments;  // ours, each under its process-wide id
  VenueSymbols symbols;                 // and their symbols
  std::uint64_t seed;
  std::unique_ptr<Signer> signer;
  std::unique_ptr<RestClient> rest;
  std::unique_ptr<MarketFeed> feed;
  std::unique_ptr<ExecutionPart> execution;
  SymbolLookup symbol_lookup;
  Stats stats;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  bool clock_kept = false;  ///< the clock sync's loop runs (flows.cpp)
};

/// Market data: the combined stream, depth snapshots, klines (feed.cpp).
std::unique_ptr<MarketFeed> make_feed(AsterVenue::Impl& v);
std::unique_ptr<ExecutionPart> make_execution(AsterVenue::Impl& v);

}  // namespace symphony::venue::aster
