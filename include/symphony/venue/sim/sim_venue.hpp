#pragma once

#include <symphony/core/scheduler.hpp>
#include <symphony/venue/market_feed.hpp>
#include <symphony/venue/sim/regime_generator.hpp>
#include <symphony/venue/sim/sim_exchange.hpp>

#include <memory>

namespace symphony::venue::sim {

/// The built-in simulated venue: a regime market generator stepped on the scheduler,
/// feeding the market handler (as a `MarketFeed`), whose market state the matching engine
/// (a `SimExchange`, the `ExecutionClient`) then matches against. The handler must apply
/// the events to that same `market` (the engine does). Not thread-safe; lives on the hot
/// thread. Its instruments keep their process-wide ids (`Instrument::id`, indexes into
/// `market`), so several simulated venues can share one market state and one engine.
class SimVenue final : public MarketFeed {
 public:
  SimVenue(Scheduler& scheduler, GeneratorConfig generator, ExchangeConfig exchange,
           const std::vector<SimInstrumentSpec>& instruments, const market::MarketState& market, VenueId venue = 0);

  void set_handler(MarketHandler* handler) override { market_handler_ = handler; }
  void start() override;
  void stop() override { running_ = false; }

  [[nodiscard]] ExecutionClient& execution() noexcept { return exchange_; }
  [[nodiscard]] SimExchange& exchange() noexcept { return exchange_; }
  [[nodiscard]] const RegimeGenerator& generator() const noexcept { return generator_; }

 private:
  void step();
  static std::vector<Instrument> instruments_of(const std::vector<SimInstrumentSpec>& specs);

  Scheduler& scheduler_;
  RegimeGenerator generator_;
  SimExchange exchange_;
  MarketHandler* market_handler_ = nullptr;
  bool running_ = false;
};

}  // namespace symphony::venue::sim
