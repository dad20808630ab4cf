#pragma once

#include <symphony/market/order_book.hpp>

#include <cstdint>
#include <memory>

namespace symphony::market {

/// How a venue numbers its book updates (see `../shared/protocols/<venue>/README.md`).
enum class book_sequencing : std::uint8_t {
  /// Aster and Binance futures: snapshot `lastUpdateId` L, diffs `U`/`u`/`pu`. Diffs with
  /// u < L are dropped; the first applied one straddles L (U ≤ L ≤ u, or pu = L); from then
  /// on each diff's pu equals the previous u.
  update_id_chain,
  /// MEXC: snapshot `lastUpdateId` (version) V, diffs `fromVersion`/`toVersion`. Diffs with
  /// toVersion ≤ V are dropped; the first applied one has fromVersion ≤ V + 1; from then on
  /// fromVersion = previous toVersion + 1.
  version_chain,
  /// Hyperliquid and the simulator: every message is a full snapshot; an older one (by
  /// update id, else by time) is ignored and a diff is malformed.
  snapshots_only,
};

/// Where a book is in its life.
enum class book_sync : std::uint8_t {
  awaiting_snapshot,  ///< nothing loaded yet: diffs are buffered
  syncing,            ///< snapshot loaded; waiting for the diff that joins it
  live,               ///< in sequence
  stale,              ///< a gap, a crossed/locked top or a bad diff: buffering until a new snapshot
};
std::string_view to_string(book_sync s) noexcept;

/// Sizes of a builder's fixed storage.
struct BookBuilderLimits {
  std::size_t window_ticks = OrderBook::default_window;  ///< ticks of price the book spans
  std::size_t buffered_diffs = 1024;                     ///< diffs held while waiting for a snapshot
  std::size_t buffered_levels = 32768;                   ///< their levels, both sides together
};

/// Builds one instrument's L2 book from a venue's snapshots and diffs, enforcing that
/// venue's sequencing: diffs that arrive before a snapshot (or after a gap) are buffered
/// and replayed once a snapshot joins them, exactly as the venues document for a local
/// book. A gap, a crossed or locked top, or a malformed diff in sequence marks the book
/// stale, and the status returned tells the feed to fetch a new snapshot (`needs_resync`).
/// All storage is allocated at construction; applying updates never allocates.
/// Not thread-safe; owned by the hot thread.
class BookBuilder {
 public:
  /// A builder for a venue's `sequencing` and an instrument's price `tick`.
  explicit BookBuilder(book_sequencing sequencing = book_sequencing::snapshots_only,
                       Price tick = Price::from_raw(1'000'000), BookBuilderLimits limits = {});

  /// Loads a full snapshot, then replays whatever buffered diffs follow it.
  book_status on_snapshot(const BookSnapshot& snapshot) noexcept;
  /// Applies, buffers or drops one diff by the venue's sequencing rules.
  book_status on_diff(const BookDiff& diff) noexcept;
  /// Marks the book stale on the feed's word (a reconnect, a dropped frame): nothing is
  /// applied until the next snapshot.
  void invalidate() noexcept;

  [[nodiscard]] const OrderBook& book() const noexcept { return book_; }
  [[nodiscard]] book_sync state() const noexcept { return state_; }
  [[nodiscard]] book_sequencing sequencing() const noexcept { return sequencing_; }
  /// True when the book reflects the venue: a snapshot is loaded and nothing has broken
  /// the sequence since.
  [[nodiscard]] bool usable() const noexcept { return state_ == book_sync::live || state_ == book_sync::syncing; }
  /// True when the feed must fetch a snapshot: none loaded yet, or the book went stale.
  [[nodiscard]] bool needs_snapshot() const noexcept { return !usable(); }
  /// The venue's sequence number the book is at (u, toVersion or the snapshot's id).
  [[nodiscard]] std::uint64_t update_id() const noexcept { return update_id_; }

  struct Counters {
    std::uint64_t snapshots = 0;
    std::uint64_t diffs_applied = 0;
    std::uint64_t diffs_buffered = 0;
    std::uint64_t diffs_ignored = 0;
    std::uint64_t gaps = 0;
    std::uint64_t crossed = 0;
    std::uint64_t rejected = 0;
    std::uint64_t buffer_overflows = 0;
  };
  [[nodiscard]] const Counters& counters() const noexcept { return counters_; }

 private:
  struct pending {
    Timestamp ts;
    std::uint64_t first;
    std::uint64_t last;
    std::uint64_t prev;
    std::size_t begin;  // into levels_
    std::uint32_t bids;
    std::uint32_t asks;
  };
  book_status sequenced(const BookDiff& diff) noexcept;
  book_status apply(const BookDiff& diff) noexcept;
  book_status go_stale(book_status why, const BookDiff* keep) noexcept;
  void buffer(const BookDiff& diff) noexcept;
  void replay() noexcept;
  [[nodiscard]] static bool well_formed(const BookDiff& diff) noexcept;

  book_sequencing sequencing_;
  OrderBook book_;
  book_sync state_ = book_sync::awaiting_snapshot;
  std::uint64_t update_id_ = 0;
  Counters counters_;
  BookBuilderLimits limits_;
  std::unique_ptr<pending[]> pending_;
  std::unique_ptr<Level[]> levels_;
  std::size_t pending_count_ = 0;
  std::size_t levels_used_ = 0;
  bool replaying_ = false;
  bool replay_kept_ = false;
};

}  // namespace symphony::market
