#pragma once

// Private to venue/aster: the adapter's shared state (AsterVenue::Impl) and its two
// halves, market data (feed.cpp) and order entry (execution.cpp); start-up is
// bootstrap.cpp, the codes errors.cpp, the endpoints endpoints.cpp.
#include <symphony/net/reactor.hpp>
#include <symphony/venue/aster/aster_venue.hpp>
#include <symphony/venue/order_flow.hpp>
#include <symphony/venue/symbols.hpp>

#include "venue/aster/rest_client.hpp"
#include "venue/aster/rest_parser.hpp"
#include "venue/aster/signer.hpp"

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

struct AsterVenue::Impl {
  Impl(net::Reactor& r, AsterConfig c, std::vector<Instrument> instruments, VenueId venue_id,
       std::optional<AsterCredentials> creds, std::uint64_t s);
  ~Impl();

  [[nodiscard]] bool ours(InstrumentId id) const noexcept { return symbols.ours(id); }
  [[nodiscard]] Timestamp now() const { return reactor.clock().now(); }
  void schedule_time_sync();

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
  bool time_sync_scheduled = false;
};

/// Market data: the combined stream, depth snapshots, klines (feed.cpp).
std::unique_ptr<MarketFeed> make_feed(AsterVenue::Impl& v);
std::unique_ptr<ExecutionPart> make_execution(AsterVenue::Impl& v);

}  // namespace symphony::venue::aster
