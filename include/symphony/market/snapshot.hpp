#pragma once

#include <symphony/market/book_builder.hpp>
#include <symphony/market/candles.hpp>
#include <symphony/market/flash.hpp>
#include <symphony/market/indicator_set.hpp>
#include <symphony/market/patterns.hpp>

#include <array>

namespace symphony::market {

/// What other threads see of one instrument: a consistent copy of the top of its book,
/// last trade, ticker, rolling trade flow, and the latest candle and indicators of every
/// timeframe, as of one moment. Plain data, copied whole through a `Seqlock`.
struct MarketSnapshot {
  static constexpr std::size_t depth = 20;

  InstrumentId instrument = 0;
  std::uint64_t version = 0;    ///< increases with every publication
  Timestamp published_ts = 0;   ///< market time of the event that produced it
  Timestamp book_ts = 0;        ///< last book update
  Timestamp last_event_ts = 0;  ///< last book, trade or ticker event
  book_sync sync = book_sync::awaiting_snapshot;
  book_condition condition = book_condition::empty;
  std::uint8_t bid_count = 0;
  std::uint8_t ask_count = 0;
  std::array<Level, depth> bids{};  ///< best first
  std::array<Level, depth> asks{};
  bool has_trade = false;
  bool has_ticker = false;
  bool has_mark_price = false;
  TradeTick last_trade{};
  Ticker ticker{};
  MarkPrice mark_price{};
  Qty buy_volume;  ///< taker buys over the trade-flow window
  Qty sell_volume;
  std::uint64_t trades_in_window = 0;
  std::array<Candle, timeframe_count> last_closed{};  ///< latest closed bar per timeframe (open_ts 0: none)
  std::array<IndicatorValues, timeframe_count> indicators{};

  /// How old the data is at `now`: since the last book, trade or ticker event.
  [[nodiscard]] Duration age(Timestamp now) const noexcept { return now - last_event_ts; }
  [[nodiscard]] const IndicatorValues& indicators_of(Timeframe tf) const noexcept { return indicators[index_of(tf)]; }
};

/// A notice from the hot thread to another thread (ops, LLM), carried by an SPSC ring.
struct MarketEvent {
  enum class Kind : std::uint8_t { candle_closed, pattern, flash, large_trade, book_state };
  Kind kind = Kind::candle_closed;
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  Timeframe timeframe = Timeframe::m1;            ///< candle_closed, pattern
  book_sync sync = book_sync::awaiting_snapshot;  ///< book_state
  book_status status = book_status::ok;           ///< book_state: what caused the change
  Candle candle{};                                ///< candle_closed
  PatternSignal pattern{};                        ///< pattern
  FlashSignal flash{};                            ///< flash
  TradeTick trade{};                              ///< large_trade
};

}  // namespace symphony::market
