#include <symphony/market/market_state.hpp>

namespace symphony::market {

MarketState::MarketState(std::size_t instrument_count) {
  states_.reserve(instrument_count);
  for (std::size_t i = 0; i < instrument_count; ++i) states_.emplace_back(static_cast<InstrumentId>(i));
}

book_status MarketState::on_book(const BookSnapshot& snap) noexcept {
  if (snap.instrument >= states_.size()) return book_status::empty_side;
  auto& s = states_[snap.instrument];
  const book_status st = s.book.apply(snap);
  if (st == book_status::ok || st == book_status::too_deep) {
    s.last_update_ts = snap.ts;
    ++s.book_updates;
  } else {
    ++s.rejected_updates;
  }
  return st;
}

void MarketState::on_trade(const TradeTick& t) {
  if (t.instrument >= states_.size()) return;
  auto& s = states_[t.instrument];
  s.last_trade = t;
  s.last_update_ts = t.ts;
  s.candles_1m.on_trade(t);
}

void MarketState::on_ticker(const Ticker& t) noexcept {
  if (t.instrument >= states_.size()) return;
  states_[t.instrument].ticker = t;
}

void MarketState::on_time(Timestamp now) {
  for (auto& s : states_) s.candles_1m.on_time(now);
}

std::optional<Price> MarketState::mark(InstrumentId id) const noexcept {
  if (id >= states_.size()) return std::nullopt;
  const auto& s = states_[id];
  if (auto m = s.book.mid()) return m;
  if (s.last_trade) return s.last_trade->price;
  return std::nullopt;
}

}  // namespace symphony::market
