#pragma once

#include <symphony/core/scheduler.hpp>
#include <symphony/venue/sim/sim_exchange.hpp>
#include <symphony/venue/venue.hpp>

#include <memory>
#include <optional>

namespace symphony::venue::sim {

/// Paper trading on a real venue: the venue's own market data (its feed, unchanged), and
/// order entry on a simulated account whose matcher walks that venue's real book. After
/// each book change or trade the engine has applied, the matcher is told, so resting
/// orders and triggers execute against the real market. Nothing is sent to the venue but
/// what its market data needs. Lives on the hot thread.
class PaperVenue final : public Venue {
 public:
  /// `real` is the venue made for market data only; `exchange` the simulated account.
  PaperVenue(std::unique_ptr<Venue> real, Scheduler& scheduler, ExchangeConfig exchange, VenueId venue);
  ~PaperVenue() override;

  /// The real venue's start-up; the wallet is the simulated account's starting balance.
  void bootstrap(std::function<void(Bootstrap)> done) override;
  /// Creates the matcher on `market` (the instruments as bootstrap reported them).
  void attach(const market::MarketState& market) override;
  /// Only after `attach`.
  [[nodiscard]] MarketFeed& feed() override;
  /// Only after `attach`.
  [[nodiscard]] ExecutionClient& execution() override;
  [[nodiscard]] bool can_trade() const noexcept override { return matcher_.has_value(); }
  [[nodiscard]] market::book_sequencing sequencing() const noexcept override { return real_->sequencing(); }

  [[nodiscard]] SimExchange& matcher();

 private:
  class Tap;

  std::unique_ptr<Venue> real_;
  Scheduler& scheduler_;
  ExchangeConfig exchange_;
  VenueId venue_;
  std::vector<Instrument> instruments_;
  std::optional<SimExchange> matcher_;
  std::unique_ptr<Tap> tap_;
};

}  // namespace symphony::venue::sim
