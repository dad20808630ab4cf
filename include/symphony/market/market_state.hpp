#pragma once

#include <symphony/core/spsc_ring.hpp>
#include <symphony/market/book_builder.hpp>
#include <symphony/market/candles.hpp>
#include <symphony/market/flash.hpp>
#include <symphony/market/indicator_set.hpp>
#include <symphony/market/patterns.hpp>
#include <symphony/market/seqlock.hpp>
#include <symphony/market/snapshot.hpp>
#include <symphony/market/trade_flow.hpp>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace symphony::market {

/// How far the venue's mark price is trusted (config section `market.mark`).
struct MarkLimits {
  /// A mark further than this fraction from the live book's mid (else the last trade) is
  /// refused and counted: one absurd mark must not move equity, margin or the kill switch.
  double max_deviation = 0.05;
  /// A mark older than this (by the hot thread's clock) is dropped; P&L falls back to the book.
  Duration max_age = 60 * ns_per_s;
};

/// Settings of the market-state core (config section `market`).
struct MarketConfig {
  BookBuilderLimits book;
  MarkLimits mark;
  TradeFlowConfig trades;
  /// Closed candles kept per timeframe (1m, 5m, 15m, 1h, 4h, 1d).
  std::array<std::size_t, timeframe_count> candles_kept = {1440, 576, 384, 336, 180, 365};
  IndicatorConfig indicators;
  PatternConfig patterns;
  FlashConfig flash;
};

/// Told about market happenings on the hot thread, synchronously, as they happen.
/// Must be quick and must not call back into `MarketState`.
class MarketListener {
 public:
  virtual ~MarketListener() = default;
  virtual void on_candle_closed(InstrumentId id, Timeframe tf, const Candle& bar, const IndicatorValues& values) {
    static_cast<void>(id), static_cast<void>(tf), static_cast<void>(bar), static_cast<void>(values);
  }
  virtual void on_pattern(InstrumentId id, Timeframe tf, const PatternSignal& signal) {
    static_cast<void>(id), static_cast<void>(tf), static_cast<void>(signal);
  }
  virtual void on_flash(const FlashSignal& signal) { static_cast<void>(signal); }
  virtual void on_large_trade(const TradeTick& trade) { static_cast<void>(trade); }
  /// The book's sync state changed (went live, stale, …); `cause` is the update's status.
  virtual void on_book_state(InstrumentId id, book_sync state, book_status cause) {
    static_cast<void>(id), static_cast<void>(state), static_cast<void>(cause);
  }
};

/// One timeframe of one instrument: its candles, the indicators fed by each closed
/// candle, the pattern detector, and the indicator values as of the last close.
struct TimeframeState {
  TimeframeState(Timeframe tf, const MarketConfig& config);
  Timeframe timeframe;
  CandleSeries candles;
  IndicatorSet indicators;
  PatternDetector patterns;
  IndicatorValues values;
};

/// Everything the hot thread knows about one instrument. Read directly on the hot thread;
/// other threads read `published` snapshots only. Owned by `MarketState`.
class InstrumentState {
 public:
  InstrumentState(InstrumentId id, const MarketConfig& config, book_sequencing sequencing, Price tick);

  [[nodiscard]] InstrumentId instrument() const noexcept { return instrument_; }
  [[nodiscard]] const OrderBook& book() const noexcept { return builder_.book(); }
  [[nodiscard]] const BookBuilder& builder() const noexcept { return builder_; }
  [[nodiscard]] const TradeFlow& trades() const noexcept { return trades_; }
  [[nodiscard]] const std::optional<TradeTick>& last_trade() const noexcept { return trades_.last(); }
  [[nodiscard]] const std::optional<Ticker>& ticker() const noexcept { return ticker_; }
  [[nodiscard]] const std::optional<MarkPrice>& mark_price() const noexcept { return mark_price_; }
  [[nodiscard]] const TimeframeState& frame(Timeframe tf) const noexcept { return *frames_[index_of(tf)]; }
  [[nodiscard]] const CandleSeries& candles(Timeframe tf) const noexcept { return frame(tf).candles; }
  [[nodiscard]] const IndicatorSet& indicators(Timeframe tf) const noexcept { return frame(tf).indicators; }
  [[nodiscard]] const PatternDetector& patterns(Timeframe tf) const noexcept { return frame(tf).patterns; }
  [[nodiscard]] const FlashDetector& flash() const noexcept { return flash_; }
  /// Time of the last book, trade or ticker event.
  [[nodiscard]] Timestamp last_update_ts() const noexcept { return last_update_ts_; }
  /// The snapshot other threads read.
  [[nodiscard]] const Seqlock<MarketSnapshot>& published() const noexcept { return *published_; }

 private:
  friend class MarketState;
  InstrumentId instrument_;
  BookBuilder builder_;
  TradeFlow trades_;
  std::optional<Ticker> ticker_;
  std::optional<MarkPrice> mark_price_;
  std::array<std::unique_ptr<TimeframeState>, timeframe_count> frames_;
  FlashDetector flash_;
  Timestamp last_update_ts_ = 0;
  std::unique_ptr<Seqlock<MarketSnapshot>> published_;
  MarketSnapshot staging_;  // built in place, then published
};

/// The market-state core and registry: one `InstrumentState` per instrument id, fed
/// normalized events by the venue feeds on the hot thread. Each event updates the book,
/// trades, candles (and, on each close, indicators and patterns) and flash signals, then
/// publishes the instrument's snapshot through its seqlock; notices go synchronously to
/// the listener and, if attached, through an SPSC ring to another thread. Steady-state
/// updates allocate nothing. One writer: the hot thread. Snapshots are safe to read from
/// any thread.
class MarketState {
 public:
  /// `sequencing[i]` is instrument i's venue style (missing entries: snapshots only) and
  /// `ticks[i]` its price increment (missing entries: `default_tick`).
  explicit MarketState(std::size_t instrument_count, MarketConfig config = {},
                       std::span<const book_sequencing> sequencing = {}, std::span<const Price> ticks = {});
  static constexpr Price default_tick = Price::from_raw(1'000'000);  // 0.01
  MarketState(const MarketState&) = delete;
  MarketState& operator=(const MarketState&) = delete;

  book_status on_snapshot(const BookSnapshot& snapshot) noexcept;
  book_status on_diff(const BookDiff& diff) noexcept;
  /// Records a trade print, feeds the candles; returns true if it was a large print.
  bool on_trade(const TradeTick& trade) noexcept;
  void on_ticker(const Ticker& ticker) noexcept;
  /// Records the venue's mark price and funding (perpetuals). A mark that is not positive,
  /// or further from the live book (else the last trade) than `mark.max_deviation`, is
  /// refused and counted; returns whether it was kept.
  bool on_mark_price(const MarkPrice& mark) noexcept;
  /// Closes candles whose interval has ended, ages the trade window and drops marks
  /// older than `mark.max_age`.
  void on_time(Timestamp now) noexcept;
  /// Loads venue klines (closed bars, oldest first) into one timeframe, feeding its
  /// indicators and patterns; listeners are not told about historical bars.
  warm_up_status warm_up(InstrumentId id, Timeframe tf, std::span<const Candle> bars, std::size_t& accepted) noexcept;
  /// The feed lost data (a reconnect): the book waits for a fresh snapshot and the mark
  /// price is forgotten until the next one.
  void invalidate(InstrumentId id) noexcept;

  void set_listener(MarketListener* listener) noexcept { listener_ = listener; }
  /// Where notices for another thread go; a full ring drops them (counted).
  void set_outbox(SpscRing<MarketEvent>* outbox) noexcept { outbox_ = outbox; }
  [[nodiscard]] std::uint64_t outbox_dropped() const noexcept { return outbox_dropped_; }
  /// Mark prices refused as absurd (not positive, or too far from the book), all instruments.
  [[nodiscard]] std::uint64_t marks_refused() const noexcept { return marks_refused_; }

  [[nodiscard]] const InstrumentState& at(InstrumentId id) const { return *states_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return states_.size(); }
  /// The mark price used for P&L: the venue's mark price when it publishes one (fresh and
  /// still within `mark.max_deviation` of the book's mid), else the book mid, else the
  /// last trade.
  [[nodiscard]] std::optional<Price> mark(InstrumentId id) const noexcept;
  /// A consistent copy of an instrument's latest snapshot; safe from any thread. An
  /// unknown id gives an empty snapshot (version 0, awaiting a book).
  [[nodiscard]] MarketSnapshot snapshot(InstrumentId id) const noexcept {
    return id < states_.size() ? states_[id]->published_->load() : MarketSnapshot{};
  }
  [[nodiscard]] const MarketConfig& config() const noexcept { return config_; }

 private:
  void closed_bars(InstrumentState& s, TimeframeState& f, std::size_t closed, bool notify) noexcept;
  void after_book(InstrumentState& s, book_sync before, book_status status, Timestamp ts) noexcept;
  void publish(InstrumentState& s, Timestamp ts) noexcept;
  void post(const MarketEvent& e) noexcept;
  [[nodiscard]] std::optional<Price> reference(const InstrumentState& s) const noexcept;
  [[nodiscard]] bool near(Price mark, Price ref) const noexcept;
  static void drop_mark(InstrumentState& s) noexcept;

  MarketConfig config_;
  std::vector<std::unique_ptr<InstrumentState>> states_;
  MarketListener* listener_ = nullptr;
  SpscRing<MarketEvent>* outbox_ = nullptr;
  std::uint64_t outbox_dropped_ = 0;
  std::uint64_t marks_refused_ = 0;
};

}  // namespace symphony::market
