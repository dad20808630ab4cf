#pragma once

#include <symphony/market/events.hpp>

#include <array>
#include <cstddef>
#include <optional>

namespace symphony::market {

/// What applying an update to a book did.
enum class book_status : std::uint8_t { ok, crossed, empty_side, too_deep };

/// An L2 order book for one instrument holding up to `max_depth` levels a side, applied
/// from full snapshots. Fixed storage: applying an update never allocates.
/// Not thread-safe; owned by the hot thread.
class OrderBook {
 public:
  static constexpr std::size_t max_depth = 64;

  /// Replaces the book with `snap`; levels past `max_depth` are dropped (status too_deep).
  /// A crossed snapshot (best bid ≥ best ask) is rejected and leaves the book unchanged.
  book_status apply(const BookSnapshot& snap) noexcept;

  [[nodiscard]] std::optional<Level> best_bid() const noexcept;
  [[nodiscard]] std::optional<Level> best_ask() const noexcept;
  /// (best bid + best ask) / 2, rounded down to 1e-8; empty if a side is empty.
  [[nodiscard]] std::optional<Price> mid() const noexcept;
  [[nodiscard]] std::span<const Level> bids() const noexcept { return {bids_.data(), bid_count_}; }
  [[nodiscard]] std::span<const Level> asks() const noexcept { return {asks_.data(), ask_count_}; }
  /// The side a taker of `side` consumes: asks for a buy, bids for a sell.
  [[nodiscard]] std::span<const Level> liquidity_for(Side taker) const noexcept {
    return taker == Side::buy ? asks() : bids();
  }
  [[nodiscard]] Timestamp updated_ts() const noexcept { return updated_ts_; }

 private:
  std::array<Level, max_depth> bids_{};
  std::array<Level, max_depth> asks_{};
  std::size_t bid_count_ = 0;
  std::size_t ask_count_ = 0;
  Timestamp updated_ts_ = 0;
};

}  // namespace symphony::market
