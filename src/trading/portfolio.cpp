#include <symphony/trading/portfolio.hpp>

#include <stdexcept>

namespace symphony::trading {

Portfolio::Portfolio(Money starting_balance, std::size_t instrument_count)
    : Portfolio(std::vector<Money>{starting_balance}, std::vector<VenueId>(instrument_count, 0)) {}

Portfolio::Portfolio(std::vector<Money> starting, std::vector<VenueId> account_of)
    : account_start_(std::move(starting)),
      account_of_(std::move(account_of)),
      positions_(account_of_.size()),
      realized_by_(account_of_.size()),
      fees_by_(account_of_.size()) {
  for (const Money m : account_start_) starting_ += m;
  wallet_ = starting_;
  for (const VenueId a : account_of_)
    if (a >= account_start_.size()) throw std::invalid_argument("portfolio: an instrument's account has no balance");
}

Money Portfolio::apply_fill(const venue::Fill& f) {
  const Money realized = positions_.at(f.instrument).apply_fill(f.side, f.qty, f.price);
  wallet_ += realized - f.fee;
  realized_ += realized;
  fees_ += f.fee;
  realized_by_[f.instrument] += realized;
  fees_by_[f.instrument] += f.fee;
  return realized;
}

void Portfolio::adopt_position(InstrumentId id, Qty qty, Price entry_price) {
  positions_.at(id) = PositionState{qty, entry_price};
}

Money Portfolio::unrealized_of(const market::MarketState& market, std::size_t i) const {
  if (positions_[i].flat()) return {};
  const auto m = market.mark(static_cast<InstrumentId>(i));
  return m ? positions_[i].unrealized(*m) : Money{};
}

Money Portfolio::exposure_of(const market::MarketState& market, std::size_t i) const {
  if (positions_[i].flat()) return {};
  const auto m = market.mark(static_cast<InstrumentId>(i));
  return notional(m ? *m : positions_[i].entry_price, positions_[i].qty.abs());
}

Money Portfolio::unrealized(const market::MarketState& market) const {
  Money total;
  for (std::size_t i = 0; i < positions_.size(); ++i) total += unrealized_of(market, i);
  return total;
}

Money Portfolio::exposure(const market::MarketState& market) const {
  Money total;
  for (std::size_t i = 0; i < positions_.size(); ++i) total += exposure_of(market, i);
  return total;
}

std::int64_t Portfolio::open_positions() const noexcept {
  std::int64_t n = 0;
  for (const auto& p : positions_) n += p.flat() ? 0 : 1;
  return n;
}

Money Portfolio::wallet(VenueId account) const {
  Money w = account_start_.at(account);
  for (std::size_t i = 0; i < positions_.size(); ++i)
    if (account_of_[i] == account) w += realized_by_[i] - fees_by_[i];
  return w;
}

Money Portfolio::unrealized(const market::MarketState& market, VenueId account) const {
  Money total;
  for (std::size_t i = 0; i < positions_.size(); ++i)
    if (account_of_[i] == account) total += unrealized_of(market, i);
  return total;
}

Money Portfolio::exposure(const market::MarketState& market, VenueId account) const {
  Money total;
  for (std::size_t i = 0; i < positions_.size(); ++i)
    if (account_of_[i] == account) total += exposure_of(market, i);
  return total;
}

std::int64_t Portfolio::open_positions(VenueId account) const {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < positions_.size(); ++i) n += account_of_[i] == account && !positions_[i].flat();
  return n;
}

}  // namespace symphony::trading
