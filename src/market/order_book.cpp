#include <symphony/market/order_book.hpp>

#include <symphony/core/assert.hpp>

#include <algorithm>
#include <bit>
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

LevelsView::iterator::iterator(const OrderBook* book, Side side, std::int64_t slot, std::size_t left) noexcept
    : book_(book), side_(side), slot_(slot), left_(left) {
  if (left_ == 0) return;
  // Keep the rest of the best level's word: walking it needs no search.
  word_ = static_cast<std::size_t>(slot) >> 6;
  const unsigned b = static_cast<unsigned>(slot) & 63;
  const std::uint64_t bits = book_->of(side_).bits[word_];
  pending_ = side_ == Side::buy ? bits & ((1ULL << b) - 1) : bits & ~((b == 63 ? ~0ULL : (2ULL << b) - 1));
}

Level LevelsView::iterator::operator*() const noexcept { return book_->level_at(book_->of(side_), slot_); }

LevelsView::iterator& LevelsView::iterator::operator++() noexcept {
  if (--left_ == 0) return *this;
  const auto& bits = book_->of(side_).bits;
  if (side_ == Side::buy) {
    // Bids walk down: the highest pending bit, else the next lower non-empty word.
    while (pending_ == 0) pending_ = bits[--word_];
    const unsigned b = 63 - static_cast<unsigned>(std::countl_zero(pending_));
    pending_ &= ~(1ULL << b);
    slot_ = static_cast<std::int64_t>(word_ * 64 + b);
  } else {
    while (pending_ == 0) pending_ = bits[++word_];
    const unsigned b = static_cast<unsigned>(std::countr_zero(pending_));
    pending_ &= pending_ - 1;
    slot_ = static_cast<std::int64_t>(word_ * 64 + b);
  }
  return *this;
}

LevelsView::iterator LevelsView::begin() const noexcept {
  if (count_ == 0) return end();
  return {book_, side_, book_->of(side_).best, count_};
}

Level LevelsView::operator[](std::size_t i) const noexcept {
  auto it = begin();
  for (; i > 0; --i) ++it;
  return *it;
}

OrderBook::OrderBook(Price tick, std::size_t window)
    : tick_(tick.raw()),
      inverse_tick_(1.0 / static_cast<double>(tick.raw())),
      window_((std::max<std::size_t>(window, 128) + 63) / 64 * 64),
      words_(window_ / 64) {
  SYMPHONY_ASSERT(tick_ > 0);
  for (ladder* l : {&bids_, &asks_}) {
    l->qty = std::make_unique<std::int64_t[]>(window_);  // value-initialized: zeros
    l->bits = std::make_unique<std::uint64_t[]>(words_);
  }
}

OrderBook::OrderBook(const OrderBook& other) : OrderBook(other.tick(), other.window_) { *this = other; }

OrderBook& OrderBook::operator=(const OrderBook& other) {
  if (this == &other) return *this;
  if (window_ != other.window_) {
    window_ = other.window_;
    words_ = other.words_;
    for (ladder* l : {&bids_, &asks_}) {
      l->qty = std::make_unique<std::int64_t[]>(window_);
      l->bits = std::make_unique<std::uint64_t[]>(words_);
    }
  }
  tick_ = other.tick_;
  inverse_tick_ = other.inverse_tick_;
  base_ = other.base_;
  for (auto [dst, src] : {std::pair{&bids_, &other.bids_}, std::pair{&asks_, &other.asks_}}) {
    std::memcpy(dst->qty.get(), src->qty.get(), window_ * sizeof(std::int64_t));
    std::memcpy(dst->bits.get(), src->bits.get(), words_ * sizeof(std::uint64_t));
    dst->count = src->count;
    dst->best = src->best;
    dst->lo_word = src->lo_word;
    dst->hi_word = src->hi_word;
  }
  updated_ts_ = other.updated_ts_;
  dropped_ = other.dropped_;
  return *this;
}

std::int64_t OrderBook::highest_below(const ladder& l, std::int64_t slot) const noexcept {
  if (slot <= 0) return -1;
  const auto s = static_cast<std::size_t>(std::min<std::int64_t>(slot, static_cast<std::int64_t>(window_)) - 1);
  std::size_t w = s >> 6;
  const unsigned b = s & 63;
  std::uint64_t word = l.bits[w] & (b == 63 ? ~0ULL : ((1ULL << (b + 1)) - 1));
  for (;;) {
    if (word) return static_cast<std::int64_t>(w * 64 + 63 - static_cast<std::size_t>(std::countl_zero(word)));
    if (w == 0) return -1;
    word = l.bits[--w];
  }
}

std::int64_t OrderBook::lowest_above(const ladder& l, std::int64_t slot) const noexcept {
  const std::int64_t first = slot + 1 < 0 ? 0 : slot + 1;
  if (first >= static_cast<std::int64_t>(window_)) return -1;
  const auto s = static_cast<std::size_t>(first);
  std::size_t w = s >> 6;
  std::uint64_t word = l.bits[w] & (~0ULL << (s & 63));
  for (;;) {
    if (word) return static_cast<std::int64_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
    if (++w == words_) return -1;
    word = l.bits[w];
  }
}

std::int64_t OrderBook::next_worse(Side s, std::int64_t slot) const noexcept {
  return s == Side::buy ? highest_below(bids_, slot) : lowest_above(asks_, slot);
}

void OrderBook::put(ladder& l, Side s, std::int64_t slot, std::int64_t qty) noexcept {
  const auto i = static_cast<std::size_t>(slot);
  const std::uint64_t bit = 1ULL << (i & 63);
  std::uint64_t& word = l.bits[i >> 6];
  if (!(word & bit)) {
    word |= bit;
    ++l.count;
    l.lo_word = std::min(l.lo_word, i >> 6);
    l.hi_word = std::max(l.hi_word, i >> 6);
    if (l.best < 0 || (s == Side::buy ? slot > l.best : slot < l.best)) l.best = slot;
  }
  l.qty[i] = qty;
}

void OrderBook::remove(ladder& l, Side s, std::int64_t slot) noexcept {
  const auto i = static_cast<std::size_t>(slot);
  const std::uint64_t bit = 1ULL << (i & 63);
  std::uint64_t& word = l.bits[i >> 6];
  if (!(word & bit)) return;
  word &= ~bit;
  l.qty[i] = 0;
  --l.count;
  if (slot == l.best) l.best = next_worse(s, slot);
}

void OrderBook::clear_side(ladder& l) noexcept {
  // Only the words ever occupied since the last clear can hold anything; zero the
  // quantities under their set bits, keeping unset slots zero as they already are.
  for (std::size_t w = l.lo_word; w <= l.hi_word && w < words_; ++w) {
    for (std::uint64_t word = l.bits[w]; word; word &= word - 1)
      l.qty[w * 64 + static_cast<std::size_t>(std::countr_zero(word))] = 0;
    l.bits[w] = 0;
  }
  l.count = 0;
  l.best = -1;
  l.lo_word = std::numeric_limits<std::size_t>::max();
  l.hi_word = 0;
}

void OrderBook::clear() noexcept {
  clear_side(bids_);
  clear_side(asks_);
}

void OrderBook::shift(ladder& l, std::int64_t delta) noexcept {
  // Slot s becomes s − delta; slots pushed past either end are dropped.
  const auto d = static_cast<std::size_t>(delta > 0 ? delta : -delta);
  if (d >= window_) {
    dropped_ += l.count;
    clear_side(l);
    return;
  }
  if (l.count == 0) return;
  const std::size_t dw = d / 64;  // delta is a multiple of 64
  std::size_t lost = 0;
  if (delta > 0) {
    for (std::size_t w = 0; w < dw; ++w) lost += static_cast<std::size_t>(std::popcount(l.bits[w]));
    std::memmove(l.qty.get(), l.qty.get() + d, (window_ - d) * sizeof(std::int64_t));
    std::memset(l.qty.get() + (window_ - d), 0, d * sizeof(std::int64_t));
    std::memmove(l.bits.get(), l.bits.get() + dw, (words_ - dw) * sizeof(std::uint64_t));
    std::memset(l.bits.get() + (words_ - dw), 0, dw * sizeof(std::uint64_t));
  } else {
    for (std::size_t w = words_ - dw; w < words_; ++w) lost += static_cast<std::size_t>(std::popcount(l.bits[w]));
    std::memmove(l.qty.get() + d, l.qty.get(), (window_ - d) * sizeof(std::int64_t));
    std::memset(l.qty.get(), 0, d * sizeof(std::int64_t));
    std::memmove(l.bits.get() + dw, l.bits.get(), (words_ - dw) * sizeof(std::uint64_t));
    std::memset(l.bits.get(), 0, dw * sizeof(std::uint64_t));
  }
  l.count -= lost;
  dropped_ += lost;
  if (l.count == 0) {
    l.lo_word = std::numeric_limits<std::size_t>::max();
    l.hi_word = 0;
  } else {
    l.lo_word = 0;  // conservative until the next clear
    l.hi_word = words_ - 1;
  }
}

std::int64_t OrderBook::center_ticks() const noexcept {
  const bool b = bids_.best >= 0, a = asks_.best >= 0;
  if (b && a) return base_ + (bids_.best + asks_.best) / 2;
  if (b) return base_ + bids_.best;
  if (a) return base_ + asks_.best;
  return base_ + static_cast<std::int64_t>(window_ / 2);
}

void OrderBook::recenter(std::int64_t center) noexcept {
  const auto half = static_cast<std::int64_t>(window_ / 2);
  // Whole 64-slot words (rounded to the nearest), so the bitmaps shift by words.
  const std::int64_t want = center - half - base_ + 32;
  const std::int64_t delta = (want >= 0 ? want / 64 : -((-want + 63) / 64)) * 64;
  if (delta == 0) return;
  shift(bids_, delta);
  shift(asks_, delta);
  base_ += delta;
  bids_.best = highest_below(bids_, static_cast<std::int64_t>(window_));
  asks_.best = lowest_above(asks_, -1);
}

void OrderBook::keep_centred() noexcept {
  // Re-centre once the market has walked into the outer eighth of the window.
  const std::int64_t c = center_ticks() - base_;
  const auto edge = static_cast<std::int64_t>(window_ / 8);
  if (c < edge || c >= static_cast<std::int64_t>(window_) - edge) recenter(center_ticks());
}

// Inline: it is the per-level step of every diff.
[[gnu::always_inline]] inline bool OrderBook::set_ticks(Side s, std::int64_t t, std::int64_t qty) noexcept {
  ladder& l = s == Side::buy ? bids_ : asks_;
  std::int64_t slot = t - base_;
  const auto w = static_cast<std::int64_t>(window_);
  if (slot < 0 || slot >= w) [[unlikely]] {
    if (qty == 0) return false;  // removing a level the window does not hold
    const bool better = l.best < 0 || (s == Side::buy ? slot > l.best : slot < l.best);
    if (!better) {
      ++dropped_;
      return false;
    }
    // A new best beyond the window: the market jumped. Centre between it and the other side.
    const ladder& other = s == Side::buy ? asks_ : bids_;
    recenter(other.best < 0 ? t : (t + base_ + other.best) / 2);
    slot = t - base_;
    if (slot < 0 || slot >= w) {  // a spread wider than the window
      ++dropped_;
      return false;
    }
  }
  const std::int64_t before = l.best;
  if (qty == 0) {
    remove(l, s, slot);
  } else {
    put(l, s, slot, qty);
  }
  return l.best != before;
}

bool OrderBook::set_level(Side s, Price price, Qty qty) noexcept {
  std::int64_t t = 0;
  if (!ticks_of(price, t) || qty.raw() < 0) return false;
  if (set_ticks(s, t, qty.raw())) keep_centred();
  return true;
}

bool OrderBook::apply_levels(std::span<const Level> bids, std::span<const Level> asks) noexcept {
  // Validate everything before changing anything. The tick indices found on the way are
  // kept for the usual diff sizes, so each price is converted once.
  constexpr std::size_t kept = 256;
  std::int64_t ticks[kept];
  const bool keep = bids.size() + asks.size() <= kept;
  std::size_t n = 0;
  std::int64_t t = 0;
  for (const auto* levels : {&bids, &asks}) {
    for (const Level& l : *levels) {
      if (!ticks_of(l.price, t) || l.qty.raw() < 0) return false;
      if (keep) ticks[n++] = t;
    }
  }
  bool moved = false;
  n = 0;
  for (const auto& [levels, s] : {std::pair{bids, Side::buy}, std::pair{asks, Side::sell}}) {
    for (const Level& l : levels) {
      if (keep) {
        t = ticks[n++];
      } else {
        ticks_of(l.price, t);
      }
      moved |= set_ticks(s, t, l.qty.raw());
    }
  }
  // The window only needs to follow the market when the touch moved.
  if (moved) keep_centred();
  return true;
}

book_status OrderBook::apply_snapshot(std::span<const Level> bids, std::span<const Level> asks, Timestamp ts) noexcept {
  const auto valid = [&](std::span<const Level> levels, Side s) {
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (!on_grid(levels[i].price) || levels[i].qty.raw() <= 0) return false;
      // Best first: bids strictly falling, asks strictly rising.
      if (i > 0 && (s == Side::buy ? levels[i].price >= levels[i - 1].price : levels[i].price <= levels[i - 1].price))
        return false;
    }
    return true;
  };
  if (!valid(bids, Side::buy) || !valid(asks, Side::sell)) return book_status::rejected;
  if (!bids.empty() && !asks.empty() && bids.front().price >= asks.front().price) return book_status::rejected;
  clear_side(bids_);
  clear_side(asks_);
  std::int64_t center = base_ + static_cast<std::int64_t>(window_ / 2);
  if (!bids.empty() && !asks.empty()) {
    std::int64_t b = 0, a = 0;
    ticks_of(bids.front().price, b);
    ticks_of(asks.front().price, a);
    center = (b + a) / 2;
  } else if (!bids.empty()) {
    ticks_of(bids.front().price, center);
  } else if (!asks.empty()) {
    ticks_of(asks.front().price, center);
  }
  base_ = (center - static_cast<std::int64_t>(window_ / 2)) / 64 * 64;
  const auto w = static_cast<std::int64_t>(window_);
  for (const auto& [levels, s] : {std::pair{bids, Side::buy}, std::pair{asks, Side::sell}}) {
    ladder& l = s == Side::buy ? bids_ : asks_;
    for (const Level& lv : levels) {
      std::int64_t t = 0;
      ticks_of(lv.price, t);
      const std::int64_t slot = t - base_;
      if (slot < 0 || slot >= w) {
        ++dropped_;
        continue;
      }
      put(l, s, slot, lv.qty.raw());
    }
  }
  updated_ts_ = ts;
  return book_status::ok;
}

std::optional<Level> OrderBook::best_bid() const noexcept {
  if (bids_.best < 0) return std::nullopt;
  return level_at(bids_, bids_.best);
}

std::optional<Level> OrderBook::best_ask() const noexcept {
  if (asks_.best < 0) return std::nullopt;
  return level_at(asks_, asks_.best);
}

book_condition OrderBook::condition() const noexcept {
  if (bids_.best < 0 && asks_.best < 0) return book_condition::empty;
  if (bids_.best < 0 || asks_.best < 0) return book_condition::one_sided;
  if (bids_.best > asks_.best) return book_condition::crossed;
  if (bids_.best == asks_.best) return book_condition::locked;
  return book_condition::normal;
}

std::optional<Price> OrderBook::mid() const noexcept {
  if (bids_.best < 0 || asks_.best < 0) return std::nullopt;
  return Price::from_raw((price_at(bids_.best).raw() + price_at(asks_.best).raw()) / 2);
}

std::optional<Price> OrderBook::microprice() const noexcept {
  if (bids_.best < 0 || asks_.best < 0) return std::nullopt;
  const Level b = level_at(bids_, bids_.best);
  const Level a = level_at(asks_, asks_.best);
  // 128-bit: prices and quantities are each up to ~9.2e10 units at 1e-8.
  const i128 num = static_cast<i128>(b.price.raw()) * a.qty.raw() + static_cast<i128>(a.price.raw()) * b.qty.raw();
  const i128 den = static_cast<i128>(a.qty.raw()) + b.qty.raw();
  return Price::from_raw(static_cast<std::int64_t>(num / den));
}

std::optional<Price> OrderBook::spread() const noexcept {
  if (bids_.best < 0 || asks_.best < 0) return std::nullopt;
  return price_at(asks_.best) - price_at(bids_.best);
}

double OrderBook::spread_bps() const noexcept {
  const auto m = mid();
  if (!m || m->raw() == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(spread()->raw()) / static_cast<double>(m->raw()) * 1e4;
}

double OrderBook::imbalance(std::size_t levels) const noexcept {
  std::int64_t bid = 0;
  std::int64_t ask = 0;
  for (const Level l : bids().top(levels)) bid += l.qty.raw();
  for (const Level l : asks().top(levels)) ask += l.qty.raw();
  const std::int64_t total = bid + ask;
  return total == 0 ? 0.0 : static_cast<double>(bid - ask) / static_cast<double>(total);
}

FillEstimate OrderBook::cost_to_fill(Side taker, Qty qty) const noexcept {
  FillEstimate e;
  Qty left = qty;
  for (const Level l : liquidity_for(taker)) {
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
  for (const Level l : top) total += static_cast<double>(l.qty.raw());
  const double threshold = multiple * total / static_cast<double>(top.size());
  std::size_t n = 0;
  for (const Level l : top) {
    if (static_cast<double>(l.qty.raw()) >= threshold) {
      out[n++] = l;
      if (n == out.size()) break;
    }
  }
  return n;
}

}  // namespace symphony::market
