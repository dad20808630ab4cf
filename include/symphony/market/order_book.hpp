#pragma once

#include <symphony/market/events.hpp>

#include <cstddef>
#include <iterator>
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
  rejected,  ///< malformed (unsorted levels, non-positive price, negative quantity, crossed
             ///< snapshot, a diff on a snapshot-only venue): nothing changed
};
std::string_view to_string(book_status s) noexcept;

/// Whether `s` means the feed must fetch a fresh snapshot.
constexpr bool needs_resync(book_status s) noexcept {
  return s == book_status::gap || s == book_status::crossed || s == book_status::locked;
}

/// The levels of one side, best first, as a random-access range over the book's storage.
/// Valid until the book changes.
class LevelsView {
 public:
  using iterator = std::reverse_iterator<const Level*>;
  LevelsView() = default;
  /// `worst` points at the side's storage, which runs worst → best, `count` long.
  LevelsView(const Level* worst, std::size_t count) noexcept : worst_(worst), count_(count) {}
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  /// The i-th best level: 0 is the best. Requires i < size().
  [[nodiscard]] const Level& operator[](std::size_t i) const noexcept { return worst_[count_ - 1 - i]; }
  [[nodiscard]] iterator begin() const noexcept { return iterator(worst_ + count_); }
  [[nodiscard]] iterator end() const noexcept { return iterator(worst_); }
  /// At most the `n` best levels.
  [[nodiscard]] LevelsView top(std::size_t n) const noexcept {
    const std::size_t k = n < count_ ? n : count_;
    return {worst_ + (count_ - k), k};
  }

 private:
  const Level* worst_ = nullptr;
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

/// How the top of the book looks.
enum class book_condition : std::uint8_t { normal, one_sided, empty, crossed, locked };

/// An L2 order book for one instrument: the total quantity resting at each price, per
/// side, in fixed storage of `capacity` levels a side allocated at construction, so
/// updates never allocate. Each side is kept sorted worst → best, so the busy end of the
/// book (the touch) is the end of the array: updates near the touch move few levels and
/// are found by a galloping search from the best price. When a side is full, a new level
/// better than the worst evicts the worst; one worse than all is dropped.
/// Sequencing (which updates to apply) is `BookBuilder`'s job; this is the levels.
/// Not thread-safe; owned by the hot thread.
class OrderBook {
 public:
  static constexpr std::size_t default_capacity = 5000;

  explicit OrderBook(std::size_t capacity = default_capacity);
  OrderBook(const OrderBook& other);
  OrderBook& operator=(const OrderBook& other);
  OrderBook(OrderBook&&) noexcept = default;
  OrderBook& operator=(OrderBook&&) noexcept = default;
  ~OrderBook() = default;

  /// Replaces both sides. Levels come best first, strictly ordered, with positive prices
  /// and quantities; levels past the capacity are dropped. Anything malformed, or a
  /// crossed or locked top, is `rejected` and leaves the book unchanged.
  book_status apply_snapshot(std::span<const Level> bids, std::span<const Level> asks, Timestamp ts) noexcept;
  /// Sets the quantity resting at `price` on the bid (`Side::buy`) or ask side: zero
  /// removes the level, and removing a level the book does not hold is a no-op.
  void set_level(Side side, Price price, Qty qty) noexcept;
  /// Stamps the time of the last applied update.
  void touch(Timestamp ts) noexcept { updated_ts_ = ts; }
  void clear() noexcept;

  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] LevelsView bids() const noexcept { return {bids_.data.get(), bids_.count}; }
  [[nodiscard]] LevelsView asks() const noexcept { return {asks_.data.get(), asks_.count}; }
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
  /// Levels pushed out of a full side, or refused because it was full.
  [[nodiscard]] std::uint64_t evicted_levels() const noexcept { return evicted_; }

 private:
  struct side_levels {
    std::unique_ptr<Level[]> data;  // worst → best
    std::size_t count = 0;
  };
  // Sort key that grows toward the best price on both sides.
  static std::int64_t key(Side s, Price p) noexcept { return s == Side::buy ? p.raw() : -p.raw(); }
  std::size_t find(const side_levels& levels, Side s, std::int64_t k) const noexcept;
  static bool valid_side(std::span<const Level> levels, Side s) noexcept;
  void load_side(side_levels& dst, std::span<const Level> src) noexcept;

  std::size_t capacity_;
  side_levels bids_;
  side_levels asks_;
  Timestamp updated_ts_ = 0;
  std::uint64_t evicted_ = 0;
};

}  // namespace symphony::market
