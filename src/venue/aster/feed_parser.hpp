#pragma once

// Private to venue/aster: pure parse functions for Aster's futures market-data frames
// (Binance USDⓈ-M wire format; ../shared/protocols/aster/README.md §4). No I/O here.

#include <symphony/market/events.hpp>
#include <symphony/venue/market_feed.hpp>

#include <simdjson.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::venue::aster {

/// What parsing one frame did.
enum class parse_status : std::uint8_t {
  ok,         ///< parsed and delivered
  ignored,    ///< well-formed but not for us (unknown symbol or stream, subscription ack)
  malformed,  ///< not valid JSON, a missing or mistyped field, or a bad decimal
};
std::string_view to_string(parse_status s) noexcept;

/// Best bid and ask as the `bookTicker` stream pushes them, with the book update id `u`.
struct BookTicker {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  std::uint64_t update_id = 0;
  market::Level bid;
  market::Level ask;
};

/// Parses Aster futures stream frames — raw or wrapped in the combined-stream envelope
/// `{"stream":..,"data":..}` — and REST depth snapshots into normalized market events
/// delivered to a `MarketHandler`. Symbols map to instrument ids through the list given
/// at construction. Buffers are reserved up front and reused: steady-state parsing does
/// not allocate. Not thread-safe; one per feed, on the hot thread.
class FeedParser {
 public:
  struct Symbol {
    std::string name;  ///< as the venue spells it: "BTCUSDT"
    InstrumentId id = 0;
  };
  explicit FeedParser(std::vector<Symbol> symbols);

  /// One WebSocket text frame: depthUpdate, trade, aggTrade, bookTicker, markPriceUpdate
  /// or 24hrTicker. Klines are not taken from the stream (candles are built from the
  /// trades; REST klines warm them up).
  /// `readable_after` is how many bytes past the frame's end may be read (a receive
  /// buffer's slack): with at least simdjson's padding there, the frame is parsed in
  /// place, otherwise it is first copied into a padded buffer.
  parse_status on_frame(std::string_view frame, MarketHandler& handler, std::size_t readable_after = 0);
  /// The body of `GET /fapi/v3/depth` for `instrument`, delivered as a snapshot.
  parse_status on_depth_snapshot(std::string_view body, InstrumentId instrument, Timestamp received,
                                 MarketHandler& handler);
  /// The last status returned by `handler` for a book event (for the resync decision).
  [[nodiscard]] market::book_status last_book_status() const noexcept { return last_book_; }
  [[nodiscard]] std::uint64_t malformed() const noexcept { return malformed_; }
  /// The last bookTicker parsed.
  [[nodiscard]] const BookTicker& last_book_ticker() const noexcept { return ticker_; }

 private:
  // `closers`: the objects the event closes at the frame's end (2 inside the envelope).
  parse_status dispatch(simdjson::ondemand::object data, int closers, MarketHandler& handler);
  static bool levels(simdjson::ondemand::array arr, std::vector<market::Level>& out, std::size_t& count);
  static std::span<const market::Level> levels_of(const std::vector<market::Level>& v, std::size_t n) noexcept {
    return {v.data(), n};
  }
  bool lookup(std::string_view symbol, InstrumentId& id) const noexcept;
  simdjson::padded_string_view pad(std::string_view text);

  std::vector<Symbol> symbols_;
  simdjson::ondemand::parser parser_;
  std::string buffer_;         // the frame copied with simdjson's padding
  const char* end_ = nullptr;  // the end of the frame being parsed
  // The levels of the last book event: the first `n_bids_`/`n_asks_` of buffers that only grow.
  std::vector<market::Level> bids_;
  std::vector<market::Level> asks_;
  std::size_t n_bids_ = 0;
  std::size_t n_asks_ = 0;
  market::book_status last_book_ = market::book_status::ok;
  BookTicker ticker_;
  struct Best {
    Price bid, ask;
  };
  std::vector<Best> best_;  // per instrument id: the last bookTicker's prices, for the 24h ticker
  std::uint64_t malformed_ = 0;
};

}  // namespace symphony::venue::aster
