#pragma once

#include <symphony/market/events.hpp>

#include <cstddef>
#include <vector>

namespace symphony::market {

/// One OHLCV bar covering [open_ts, open_ts + interval).
struct Candle {
  Timestamp open_ts = 0;
  Price open;
  Price high;
  Price low;
  Price close;
  Qty volume;
  std::uint32_t trades = 0;
};

/// Builds fixed-interval candles from trades and keeps the most recent closed ones in a
/// ring. A bar closes when a trade or a clock tick reaches the next interval; intervals
/// with no trades produce a flat bar at the previous close so indicators see every period.
/// Not thread-safe; owned by the hot thread.
class CandleSeries {
 public:
  CandleSeries(Duration interval, std::size_t keep);

  /// Adds a trade; returns how many bars it closed.
  std::size_t on_trade(const TradeTick& t);
  /// Closes bars whose interval ended at or before `now`; returns how many.
  std::size_t on_time(Timestamp now);

  [[nodiscard]] Duration interval() const noexcept { return interval_; }
  /// Closed bars held, at most `keep`.
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  /// The i-th most recent closed bar: 0 is the latest. Requires i < size().
  [[nodiscard]] const Candle& back(std::size_t i = 0) const noexcept;
  /// Total bars ever closed (a version number for "has a new bar closed?").
  [[nodiscard]] std::uint64_t closed_total() const noexcept { return closed_total_; }
  /// The bar still forming, if any trade arrived in it.
  [[nodiscard]] const Candle* forming() const noexcept { return has_forming_ ? &forming_ : nullptr; }

 private:
  void close_forming();
  Duration interval_;
  std::vector<Candle> ring_;
  std::size_t head_ = 0;  // next write position
  std::size_t count_ = 0;
  std::uint64_t closed_total_ = 0;
  Candle forming_{};
  bool has_forming_ = false;
  bool started_ = false;
};

}  // namespace symphony::market
