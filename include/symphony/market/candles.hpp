#pragma once

#include <symphony/market/events.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace symphony::market {

/// The candle intervals every instrument keeps.
enum class Timeframe : std::uint8_t { m1, m5, m15, h1, h4, d1 };
inline constexpr std::size_t timeframe_count = 6;
inline constexpr std::array<Timeframe, timeframe_count> all_timeframes = {Timeframe::m1, Timeframe::m5, Timeframe::m15,
                                                                          Timeframe::h1, Timeframe::h4, Timeframe::d1};
/// "1m", "5m", "15m", "1h", "4h", "1d".
std::string_view to_string(Timeframe tf) noexcept;
std::optional<Timeframe> parse_timeframe(std::string_view text) noexcept;
constexpr Duration duration_of(Timeframe tf) noexcept {
  constexpr std::array<Duration, timeframe_count> d = {ns_per_min,      5 * ns_per_min,   15 * ns_per_min,
                                                       60 * ns_per_min, 240 * ns_per_min, 1440 * ns_per_min};
  return d[static_cast<std::size_t>(tf)];
}
constexpr std::size_t index_of(Timeframe tf) noexcept { return static_cast<std::size_t>(tf); }

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

/// What loading historical bars did.
enum class warm_up_status : std::uint8_t {
  ok,
  misaligned,    ///< a bar's open time is not a multiple of the interval
  out_of_order,  ///< bars not strictly increasing in time
  malformed,     ///< low above open/close, high below them, a non-positive price, negative volume
  already_live,  ///< bars have already closed from live trades; history cannot go under them
};
std::string_view to_string(warm_up_status s) noexcept;

/// Builds fixed-interval candles from trades and keeps the most recent closed ones in a
/// ring allocated at construction. A bar closes when a trade or a clock tick reaches the
/// next interval; intervals with no trades produce a flat bar at the previous close so
/// indicators see every period. History from the venue (klines) can be loaded before live
/// bars close. Not thread-safe; owned by the hot thread.
class CandleSeries {
 public:
  CandleSeries(Duration interval, std::size_t keep);

  /// Adds a trade; returns how many bars it closed.
  std::size_t on_trade(const TradeTick& t);
  /// Closes bars whose interval ended at or before `now`; returns how many.
  std::size_t on_time(Timestamp now);
  /// Loads closed historical bars, oldest first, as if they had closed live; gaps between
  /// them become flat bars. Bars at or after the one forming from live trades are skipped
  /// (live data wins). Everything is checked first: on any error nothing changes.
  /// `accepted` receives how many bars (flat fill included) were added.
  warm_up_status warm_up(std::span<const Candle> bars, std::size_t& accepted);

  [[nodiscard]] Duration interval() const noexcept { return interval_; }
  /// Closed bars held, at most `keep`.
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] std::size_t keep() const noexcept { return keep_; }
  /// The i-th most recent closed bar: 0 is the latest. Requires i < size().
  [[nodiscard]] const Candle& back(std::size_t i = 0) const noexcept;
  /// Total bars ever closed (a version number for "has a new bar closed?").
  [[nodiscard]] std::uint64_t closed_total() const noexcept { return closed_total_; }
  /// The bar still forming, if any trade arrived in it.
  [[nodiscard]] const Candle* forming() const noexcept { return has_forming_ ? &forming_ : nullptr; }

 private:
  void push_closed(const Candle& c) noexcept;
  /// Pushes flat bars at `last` opening at from, from + interval, … before `to`; returns how many.
  std::size_t fill_flat(Timestamp from, Timestamp to, Price last) noexcept;
  Duration interval_;
  std::size_t keep_;
  std::unique_ptr<Candle[]> ring_;
  std::size_t head_ = 0;  // next write position
  std::size_t count_ = 0;
  std::uint64_t closed_total_ = 0;
  Candle forming_{};
  bool has_forming_ = false;
  bool started_ = false;
};

}  // namespace symphony::market
