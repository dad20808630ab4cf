#pragma once

#include <symphony/market/events.hpp>

#include <cstddef>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <span>

namespace symphony::market {

/// What applying an update to a book did.
enum class book_status : std::uint8_t {
  ok,        ///< applied
  buffered,  ///< a diff held until a snapshot it joins arrives
  ignored,   ///< older than what the book already holds (a replay or a stale snapshot)
  gap,       ///< the sequence broke: the book is stale until a new snapshot
  crossed,   ///< the update left best bid above best ask: the book is stale until a new snapshot
  locked,    ///< the update left best bid equal to best ask: the book is stale until a new snapshot
  rejected,  ///< malformed (unsorted levels, non-positive price, negative quantity, a price off
             ///< the tick grid, crossed snapshot, a diff on a snapshot-only venue): nothing changed
};
std::string_view to_string(book_status s) noexcept;

/// Whether `s` means the feed must fetch a fresh snapshot.
constexpr bool needs_resync(book_status s) noexcept {
  return s == book_status::gap || s == book_status::crossed || s == book_status::locked;
}

/// How the top of the book looks.
enum class book_condition : std::uint8_t { normal, one_sided, empty, crossed, locked };

class OrderBook;

/// The levels of one side, best first, as a forward range over the book (optionally only
/// the best `limit`). Valid until the book changes.
class LevelsView {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Level;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Level;
    iterator() = default;
    iterator(const OrderBook* book, Side side, std::int64_t slot, std::size_t left) noexcept;
    Level operator*() const noexcept;
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept {
      iterator t = *this;
      ++*this;
      return t;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.left_ == b.left_; }

   private:
    void load_word() noexcept;
    const OrderBook* book_ = nullptr;
    Side side_ = Side::buy;
    std::int64_t slot_ = -1;
    std::size_t left_ = 0;       // levels still to visit; 0 is the end
    std::uint64_t pending_ = 0;  // occupied slots of the current word not yet visited
    std::size_t word_ = 0;
  };

  LevelsView() = default;
  LevelsView(const OrderBook* book, Side side, std::size_t count) noexcept : book_(book), side_(side), count_(count) {}
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] iterator begin() const noexcept;
  [[nodiscard]] iterator end() const noexcept { return {book_, side_, -1, 0}; }
  /// The i-th best level: 0 is the best. O(i). Requires i < size().
  [[nodiscard]] Level operator[](std::size_t i) const noexcept;
  /// At most the `n` best levels.
  [[nodiscard]] LevelsView top(std::size_t n) const noexcept { return {book_, side_, n < count_ ? n : count_}; }

 private:
  const OrderBook* book_ = nullptr;
  Side side_ = Side::buy;
  std::size_t count_ = 0;
};

/// What taking `qty` from one side of the book would cost: the slippage estimate.
struct FillEstimate {
  Qty filled;               ///< how much the visible book holds, up to the size asked
  Money notional;           ///< Σ price × qty over the levels taken
  Price average;            ///< notional / filled, rounded to 1e-8; zero if nothing filled
  Price worst;              ///< the last level touched
  double slippage_bps = 0;  ///< average price against the mid, in basis points, signed so a cost is positive
  bool complete = false;    ///< the book held the whole size
};

/// An L2 order book for one instrument: the total quantity resting at each price, per
/// side. Prices live on the instrument's tick grid, so each side is a price ladder — one
/// slot per tick over a window of `window` ticks centred on the market, with an
/// occupancy bitmap — and setting a level is O(1) with no search and no moving of other
/// levels; the best price is tracked, and walking the book skips empty ticks a 64-tick
/// word at a time. When the market drifts toward the window's edge the window is
/// re-centred (levels that fall off the far end are dropped, as are updates beyond it:
/// `dropped_levels`). All storage is allocated at construction; updates never allocate.
/// Sequencing (which updates to apply) is `BookBuilder`'s job; this is the levels.
/// Not thread-safe; owned by the hot thread.
class OrderBook {
 public:
  static constexpr std::size_t default_window = 65536;

  /// A book on a grid of `tick` (the venue's price increment) covering `window` ticks,
  /// rounded up to a multiple of 64.
  explicit OrderBook(Price tick = Price::from_raw(1'000'000), std::size_t window = default_window);
  OrderBook(const OrderBook& other);
  OrderBook& operator=(const OrderBook& other);
  OrderBook(OrderBook&&) noexcept = default;
  OrderBook& operator=(OrderBook&&) noexcept = default;
  ~OrderBook() = default;

  /// Replaces both sides. Levels come best first, strictly ordered, with positive prices
  /// on the tick grid and positive quantities; levels beyond the window are dropped.
  /// Anything malformed, or a crossed or locked top, is `rejected` and changes nothing.
  book_status apply_snapshot(std::span<const Level> bids, std::span<const Level> asks, Timestamp ts) noexcept;
  /// Sets the quantity resting at `price` on the bid (`Side::buy`) or ask side: zero
  /// removes the level, and removing a level the book does not hold is a no-op. Returns
  /// false (changing nothing) for a price that is not positive or not on the tick grid.
  bool set_level(Side side, Price price, Qty qty) noexcept;
  /// Applies a diff's levels (absolute quantities, 0 removes) to both sides, all or
  /// nothing: false, changing nothing, if any price is off the grid or any quantity negative.
  bool apply_levels(std::span<const Level> bids, std::span<const Level> asks) noexcept;
  /// Whether `price` is positive and a multiple of the tick.
  [[nodiscard]] bool on_grid(Price price) const noexcept {
    std::int64_t t = 0;
    return ticks_of(price, t);
  }
  /// Stamps the time of the last applied update.
  void touch(Timestamp ts) noexcept { updated_ts_ = ts; }
  void clear() noexcept;

  [[nodiscard]] Price tick() const noexcept { return Price::from_raw(tick_); }
  [[nodiscard]] std::size_t window() const noexcept { return window_; }
  [[nodiscard]] LevelsView bids() const noexcept { return {this, Side::buy, bids_.count}; }
  [[nodiscard]] LevelsView asks() const noexcept { return {this, Side::sell, asks_.count}; }
  [[nodiscard]] LevelsView side(Side s) const noexcept { return s == Side::buy ? bids() : asks(); }
  /// The side a taker of `taker` consumes: asks for a buy, bids for a sell.
  [[nodiscard]] LevelsView liquidity_for(Side taker) const noexcept { return taker == Side::buy ? asks() : bids(); }
  [[nodiscard]] std::optional<Level> best_bid() const noexcept;
  [[nodiscard]] std::optional<Level> best_ask() const noexcept;
  [[nodiscard]] book_condition condition() const noexcept;
  /// (best bid + best ask) / 2, rounded down to 1e-8; empty if a side is empty.
  [[nodiscard]] std::optional<Price> mid() const noexcept;
  /// The size-weighted mid: (bid · ask_qty + ask · bid_qty) / (bid_qty + ask_qty), which
  /// leans toward the side with less resting size, where the price is likelier to go.
  [[nodiscard]] std::optional<Price> microprice() const noexcept;
  /// Best ask − best bid; empty if a side is empty.
  [[nodiscard]] std::optional<Price> spread() const noexcept;
  /// Spread over mid in basis points; NaN if a side is empty.
  [[nodiscard]] double spread_bps() const noexcept;
  /// Order-book imbalance over the best `levels` of each side: (Σ bid qty − Σ ask qty) /
  /// (Σ bid qty + Σ ask qty), in [−1, 1]; positive means more resting bids. 0 when empty.
  [[nodiscard]] double imbalance(std::size_t levels) const noexcept;
  /// What a taker of `taker` side would pay to fill `qty` by walking the visible book.
  [[nodiscard]] FillEstimate cost_to_fill(Side taker, Qty qty) const noexcept;
  /// Writes to `out` (best first) the levels among the best `levels` of `side` holding at
  /// least `multiple` × the average quantity of those levels: the walls a whale leaves.
  /// Returns how many were written, at most `out.size()`.
  std::size_t walls(Side side, std::size_t levels, double multiple, std::span<Level> out) const noexcept;
  [[nodiscard]] Timestamp updated_ts() const noexcept { return updated_ts_; }
  /// Levels not held because they lay beyond the window (or fell off it on re-centring).
  [[nodiscard]] std::uint64_t dropped_levels() const noexcept { return dropped_; }

 private:
  friend class LevelsView;
  struct ladder {
    std::unique_ptr<std::int64_t[]> qty;    // raw quantity per tick slot
    std::unique_ptr<std::uint64_t[]> bits;  // occupancy, one bit per slot
    std::size_t count = 0;
    std::int64_t best = -1;                                         // slot of the best level; -1 when empty
    std::size_t lo_word = std::numeric_limits<std::size_t>::max();  // words that may be occupied
    std::size_t hi_word = 0;
  };
  [[nodiscard]] const ladder& of(Side s) const noexcept { return s == Side::buy ? bids_ : asks_; }
  /// The price as a whole number of ticks; false if it is not positive or off the grid.
  /// A multiply by the reciprocal and an exact check instead of a 64-bit division.
  bool ticks_of(Price price, std::int64_t& t) const noexcept {
    const std::int64_t raw = price.raw();
    if (raw <= 0) return false;
    t = static_cast<std::int64_t>(static_cast<double>(raw) * inverse_tick_ + 0.5);
    return t * tick_ == raw;
  }
  [[nodiscard]] Price price_at(std::int64_t slot) const noexcept { return Price::from_raw((base_ + slot) * tick_); }
  [[nodiscard]] Level level_at(const ladder& l, std::int64_t slot) const noexcept {
    return {price_at(slot), Qty::from_raw(l.qty[static_cast<std::size_t>(slot)])};
  }
  /// The next worse occupied slot after `slot` (lower for bids, higher for asks), or -1.
  [[nodiscard]] std::int64_t next_worse(Side s, std::int64_t slot) const noexcept;
  [[nodiscard]] std::int64_t highest_below(const ladder& l, std::int64_t slot) const noexcept;
  [[nodiscard]] std::int64_t lowest_above(const ladder& l, std::int64_t slot) const noexcept;
  /// Sets tick `t` of side `s` to `qty` (0 removes); returns true if the side's best moved.
  bool set_ticks(Side s, std::int64_t t, std::int64_t qty) noexcept;
  void put(ladder& l, Side s, std::int64_t slot, std::int64_t qty) noexcept;
  void remove(ladder& l, Side s, std::int64_t slot) noexcept;
  void clear_side(ladder& l) noexcept;
  /// Moves the window so that tick `center` sits in its middle.
  void recenter(std::int64_t center) noexcept;
  void shift(ladder& l, std::int64_t delta) noexcept;
  [[nodiscard]] std::int64_t center_ticks() const noexcept;
  void keep_centred() noexcept;

  std::int64_t tick_;
  double inverse_tick_;
  std::size_t window_;
  std::size_t words_;
  std::int64_t base_ = 0;  // tick number of slot 0
  ladder bids_;
  ladder asks_;
  Timestamp updated_ts_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace symphony::market
