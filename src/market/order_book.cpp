#include <symphony/market/order_book.hpp>

#include <symphony/core/assert.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace {
__extension__ typedef __int128 i128;  // GCC and Clang both provide it on 64-bit targets
}  // namespace

namespace symphony::market {

std::string_view to_string(book_status s) noexcept {
  switch (s) {
    case book_status::ok:
      return "ok";
    case book_status::buffered:
      return "buffered";
    case book_status::ignored:
      return "ignored";
    case book_status::gap:
      return "gap";
    case book_status::crossed:
      return "crossed";
    case book_status::locked:
      return "locked";
    case book_status::rejected:
      return "rejected";
  }
  return "unknown";
}

OrderBook::OrderBook(std::size_t capacity) : capacity_(capacity) {
  SYMPHONY_ASSERT(capacity > 0);
  bids_.data = std::make_unique<Level[]>(capacity);
  asks_.data = std::make_unique<Level[]>(capacity);
}

OrderBook::OrderBook(const OrderBook& other) : OrderBook(other.capacity_) { *this = other; }

OrderBook& OrderBook::operator=(const OrderBook& other) {
  if (this == &other) return *this;
  if (capacity_ != other.capacity_) {
    capacity_ = other.capacity_;
    bids_.data = std::make_unique<Level[]>(capacity_);
    asks_.data = std::make_unique<Level[]>(capacity_);
  }
  std::copy_n(other.bids_.data.get(), other.bids_.count, bids_.data.get());
  std::copy_n(other.asks_.data.get(), other.asks_.count, asks_.data.get());
  bids_.count = other.bids_.count;
  asks_.count = other.asks_.count;
  updated_ts_ = other.updated_ts_;
  evicted_ = other.evicted_;
  return *this;
}

bool OrderBook::valid_side(std::span<const Level> levels, Side s) noexcept {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].price.raw() <= 0 || levels[i].qty.raw() <= 0) return false;
    // Best first: each key strictly below the previous one.
    if (i > 0 && key(s, levels[i].price) >= key(s, levels[i - 1].price)) return false;
  }
  return true;
}

void OrderBook::load_side(side_levels& dst, std::span<const Level> src) noexcept {
  const std::size_t n = std::min(src.size(), capacity_);
  if (n < src.size()) evicted_ += src.size() - n;
  // Storage runs worst → best: reverse the best-first input.
  for (std::size_t i = 0; i < n; ++i) dst.data[n - 1 - i] = src[i];
  dst.count = n;
}

book_status OrderBook::apply_snapshot(std::span<const Level> bids, std::span<const Level> asks, Timestamp ts) noexcept {
  if (!valid_side(bids, Side::buy) || !valid_side(asks, Side::sell)) return book_status::rejected;
  if (!bids.empty() && !asks.empty() && bids.front().price >= asks.front().price) return book_status::rejected;
  load_side(bids_, bids);
  load_side(asks_, asks);
  updated_ts_ = ts;
  return book_status::ok;
}

void OrderBook::clear() noexcept {
  bids_.count = 0;
  asks_.count = 0;
}

std::size_t OrderBook::find(const side_levels& levels, Side s, std::int64_t k) const noexcept {
  // First index whose key is ≥ k. Activity concentrates at the touch, the end of the
  // array, so gallop down from there (1, 2, 4, … levels) and binary-search the last step.
  const Level* d = levels.data.get();
  std::size_t hi = levels.count;  // every index ≥ hi has key ≥ k
  std::size_t lo = 0;
  for (std::size_t step = 1;; step <<= 1) {
    if (hi < step) break;
    const std::size_t probe = hi - step;
    if (key(s, d[probe].price) < k) {
      lo = probe + 1;
      break;
    }
    hi = probe;
  }
  while (lo < hi) {
    const std::size_t m = lo + (hi - lo) / 2;
    if (key(s, d[m].price) < k) {
      lo = m + 1;
    } else {
      hi = m;
    }
  }
  return lo;
}

void OrderBook::set_level(Side s, Price price, Qty qty) noexcept {
  side_levels& side = s == Side::buy ? bids_ : asks_;
  Level* d = side.data.get();
  const std::int64_t k = key(s, price);
  const std::size_t i = find(side, s, k);
  const bool exists = i < side.count && d[i].price == price;
  if (qty.raw() == 0) {
    if (exists) {
      std::memmove(d + i, d + i + 1, (side.count - i - 1) * sizeof(Level));
      --side.count;
    }
    return;
  }
  if (exists) {
    d[i].qty = qty;
    return;
  }
  if (side.count == capacity_) {
    ++evicted_;
    if (i == 0) return;  // worse than every level held: drop it
    // Evict the worst (index 0) and insert just below position i.
    std::memmove(d, d + 1, (i - 1) * sizeof(Level));
    d[i - 1] = Level{price, qty};
    return;
  }
  std::memmove(d + i + 1, d + i, (side.count - i) * sizeof(Level));
  d[i] = Level{price, qty};
  ++side.count;
}

std::optional<Level> OrderBook::best_bid() const noexcept {
  if (bids_.count == 0) return std::nullopt;
  return bids_.data[bids_.count - 1];
}

std::optional<Level> OrderBook::best_ask() const noexcept {
  if (asks_.count == 0) return std::nullopt;
  return asks_.data[asks_.count - 1];
}

book_condition OrderBook::condition() const noexcept {
  if (bids_.count == 0 && asks_.count == 0) return book_condition::empty;
  if (bids_.count == 0 || asks_.count == 0) return book_condition::one_sided;
  const Price bid = bids_.data[bids_.count - 1].price;
  const Price ask = asks_.data[asks_.count - 1].price;
  if (bid > ask) return book_condition::crossed;
  if (bid == ask) return book_condition::locked;
  return book_condition::normal;
}

std::optional<Price> OrderBook::mid() const noexcept {
  if (bids_.count == 0 || asks_.count == 0) return std::nullopt;
  const std::int64_t sum = bids_.data[bids_.count - 1].price.raw() + asks_.data[asks_.count - 1].price.raw();
  return Price::from_raw(sum / 2);
}

std::optional<Price> OrderBook::microprice() const noexcept {
  if (bids_.count == 0 || asks_.count == 0) return std::nullopt;
  const Level& b = bids_.data[bids_.count - 1];
  const Level& a = asks_.data[asks_.count - 1];
  // 128-bit: prices and quantities are each up to ~9.2e10 units at 1e-8.
  const i128 num = static_cast<i128>(b.price.raw()) * a.qty.raw() + static_cast<i128>(a.price.raw()) * b.qty.raw();
  const i128 den = static_cast<i128>(a.qty.raw()) + b.qty.raw();
  return Price::from_raw(static_cast<std::int64_t>(num / den));
}

std::optional<Price> OrderBook::spread() const noexcept {
  if (bids_.count == 0 || asks_.count == 0) return std::nullopt;
  return asks_.data[asks_.count - 1].price - bids_.data[bids_.count - 1].price;
}

double OrderBook::spread_bps() const noexcept {
  const auto m = mid();
  if (!m || m->raw() == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(spread()->raw()) / static_cast<double>(m->raw()) * 1e4;
}

double OrderBook::imbalance(std::size_t levels) const noexcept {
  std::int64_t bid = 0;
  std::int64_t ask = 0;
  for (const Level& l : bids().top(levels)) bid += l.qty.raw();
  for (const Level& l : asks().top(levels)) ask += l.qty.raw();
  const std::int64_t total = bid + ask;
  return total == 0 ? 0.0 : static_cast<double>(bid - ask) / static_cast<double>(total);
}

FillEstimate OrderBook::cost_to_fill(Side taker, Qty qty) const noexcept {
  FillEstimate e;
  Qty left = qty;
  for (const Level& l : liquidity_for(taker)) {
    if (left.raw() <= 0) break;
    const Qty take = std::min(left, l.qty);
    e.filled += take;
    e.notional += notional(l.price, take);
    e.worst = l.price;
    left -= take;
  }
  e.complete = left.raw() <= 0 && qty.raw() > 0;
  if (e.filled.raw() > 0) {
    e.average = price_of(e.notional, e.filled);
    if (const auto m = mid(); m && m->raw() > 0) {
      const double diff = static_cast<double>(e.average.raw() - m->raw());
      e.slippage_bps = (taker == Side::buy ? diff : -diff) / static_cast<double>(m->raw()) * 1e4;
    }
  }
  return e;
}

std::size_t OrderBook::walls(Side s, std::size_t levels, double multiple, std::span<Level> out) const noexcept {
  const LevelsView top = side(s).top(levels);
  if (top.empty() || out.empty()) return 0;
  double total = 0;
  for (const Level& l : top) total += static_cast<double>(l.qty.raw());
  const double threshold = multiple * total / static_cast<double>(top.size());
  std::size_t n = 0;
  for (const Level& l : top) {
    if (static_cast<double>(l.qty.raw()) >= threshold) {
      out[n++] = l;
      if (n == out.size()) break;
    }
  }
  return n;
}

}  // namespace symphony::market
