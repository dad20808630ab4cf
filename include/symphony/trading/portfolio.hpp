#pragma once

#include <symphony/core/position_math.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/venue/orders.hpp>

#include <vector>

namespace symphony::trading {

/// Our books: positions, cash and P&L, derived from fills alone. Equity is the wallet
/// (starting balance + realized P&L − fees) plus unrealized P&L at the mark. With several
/// venue accounts each has its own wallet and equity (its instruments' P&L on its own
/// starting balance); the totals are their sums.
/// Not thread-safe; lives on the hot thread.
class Portfolio {
 public:
  /// One account holding every instrument.
  Portfolio(Money starting_balance, std::size_t instrument_count);
  /// Account `account_of[i]` holds instrument `i`; `starting[a]` is account `a`'s balance.
  Portfolio(std::vector<Money> starting, std::vector<VenueId> account_of);

  /// Applies a fill; returns the P&L it realized (before fees).
  Money apply_fill(const venue::Fill& fill);
  /// Replaces a position with the venue's after a confirmed reconciliation mismatch.
  void adopt_position(InstrumentId id, Qty qty, Price entry_price);

  [[nodiscard]] const PositionState& position(InstrumentId id) const { return positions_.at(id); }
  [[nodiscard]] Money wallet() const noexcept { return wallet_; }
  [[nodiscard]] Money starting_balance() const noexcept { return starting_; }
  [[nodiscard]] Money realized_total() const noexcept { return realized_; }
  [[nodiscard]] Money fees_total() const noexcept { return fees_; }
  [[nodiscard]] Money realized(InstrumentId id) const { return realized_by_.at(id); }
  [[nodiscard]] Money fees(InstrumentId id) const { return fees_by_.at(id); }
  [[nodiscard]] Money unrealized(const market::MarketState& market) const;
  [[nodiscard]] Money exposure(const market::MarketState& market) const;
  [[nodiscard]] Money equity(const market::MarketState& market) const { return wallet_ + unrealized(market); }
  [[nodiscard]] std::int64_t open_positions() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return positions_.size(); }

  // One account's view.
  [[nodiscard]] std::size_t accounts() const noexcept { return account_start_.size(); }
  [[nodiscard]] VenueId account_of(InstrumentId id) const { return account_of_.at(id); }
  [[nodiscard]] Money starting_balance(VenueId account) const { return account_start_.at(account); }
  [[nodiscard]] Money wallet(VenueId account) const;
  [[nodiscard]] Money unrealized(const market::MarketState& market, VenueId account) const;
  [[nodiscard]] Money exposure(const market::MarketState& market, VenueId account) const;
  [[nodiscard]] Money equity(const market::MarketState& market, VenueId account) const {
    return wallet(account) + unrealized(market, account);
  }
  [[nodiscard]] std::int64_t open_positions(VenueId account) const;

 private:
  [[nodiscard]] Money unrealized_of(const market::MarketState& market, std::size_t i) const;
  [[nodiscard]] Money exposure_of(const market::MarketState& market, std::size_t i) const;

  std::vector<Money> account_start_;
  std::vector<VenueId> account_of_;
  Money starting_;
  Money wallet_;
  Money realized_;
  Money fees_;
  std::vector<PositionState> positions_;
  std::vector<Money> realized_by_;
  std::vector<Money> fees_by_;
};

}  // namespace symphony::trading
