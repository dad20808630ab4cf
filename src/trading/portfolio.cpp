#include <symphony/trading/portfolio.hpp>

namespace symphony::trading {

Portfolio::Portfolio(Money starting_balance, std::size_t instrument_count)
    : starting_(starting_balance),
      wallet_(starting_balance),
      positions_(instrument_count),
      realized_by_(instrument_count),
      fees_by_(instrument_count) {}

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

Money Portfolio::unrealized(const market::MarketState& market) const {
  Money total;
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (positions_[i].flat()) continue;
    if (auto m = market.mark(static_cast<InstrumentId>(i))) total += positions_[i].unrealized(*m);
  }
  return total;
}

Money Portfolio::exposure(const market::MarketState& market) const {
  Money total;
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (positions_[i].flat()) continue;
    const auto m = market.mark(static_cast<InstrumentId>(i));
    total += notional(m ? *m : positions_[i].entry_price, positions_[i].qty.abs());
  }
  return total;
}

std::int64_t Portfolio::open_positions() const noexcept {
  std::int64_t n = 0;
  for (const auto& p : positions_) n += p.flat() ? 0 : 1;
  return n;
}

}  // namespace symphony::trading
