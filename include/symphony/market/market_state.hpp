#pragma once

#include <symphony/market/candles.hpp>
#include <symphony/market/order_book.hpp>

#include <optional>
#include <vector>

namespace symphony::market {

/// Everything the hot thread knows about one instrument: its book, last trade and 1-minute
/// candles. Not thread-safe; owned by the hot thread.
struct InstrumentState {
  explicit InstrumentState(InstrumentId id) : instrument(id) {}
  InstrumentId instrument;
  OrderBook book;
  std::optional<TradeTick> last_trade;
  std::optional<Ticker> ticker;
  CandleSeries candles_1m{ns_per_min, 512};
  Timestamp last_update_ts = 0;
  std::uint64_t book_updates = 0;
  std::uint64_t rejected_updates = 0;
};

/// The market-state registry: one `InstrumentState` per instrument id.
/// Not thread-safe; owned by the hot thread.
class MarketState {
 public:
  explicit MarketState(std::size_t instrument_count);
  /// Applies a snapshot; a rejected (crossed) one is counted and dropped.
  book_status on_book(const BookSnapshot& snap) noexcept;
  /// Records a trade print and feeds the candles.
  void on_trade(const TradeTick& t);
  /// Records the latest ticker.
  void on_ticker(const Ticker& t) noexcept;
  /// Closes candles whose interval has ended.
  void on_time(Timestamp now);
  [[nodiscard]] const InstrumentState& at(InstrumentId id) const { return states_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return states_.size(); }
  /// The mark price used for P&L: the book mid, else the last trade.
  [[nodiscard]] std::optional<Price> mark(InstrumentId id) const noexcept;

 private:
  std::vector<InstrumentState> states_;
};

}  // namespace symphony::market
