#include <symphony/market/order_book.hpp>

#include <algorithm>

namespace symphony::market {

book_status OrderBook::apply(const BookSnapshot& snap) noexcept {
  if (snap.bids.empty() || snap.asks.empty()) return book_status::empty_side;
  if (snap.bids.front().price >= snap.asks.front().price) return book_status::crossed;
  const std::size_t nb = std::min(snap.bids.size(), max_depth);
  const std::size_t na = std::min(snap.asks.size(), max_depth);
  std::copy_n(snap.bids.begin(), nb, bids_.begin());
  std::copy_n(snap.asks.begin(), na, asks_.begin());
  bid_count_ = nb;
  ask_count_ = na;
  updated_ts_ = snap.ts;
  return (nb < snap.bids.size() || na < snap.asks.size()) ? book_status::too_deep : book_status::ok;
}

std::optional<Level> OrderBook::best_bid() const noexcept {
  if (bid_count_ == 0) return std::nullopt;
  return bids_[0];
}

std::optional<Level> OrderBook::best_ask() const noexcept {
  if (ask_count_ == 0) return std::nullopt;
  return asks_[0];
}

std::optional<Price> OrderBook::mid() const noexcept {
  if (bid_count_ == 0 || ask_count_ == 0) return std::nullopt;
  const std::int64_t sum = bids_[0].price.raw() + asks_[0].price.raw();
  return Price::from_raw(sum / 2);
}

}  // namespace symphony::market
