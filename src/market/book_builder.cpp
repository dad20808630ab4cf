#include <symphony/market/book_builder.hpp>

#include <algorithm>
#include <cstring>

namespace symphony::market {

std::string_view to_string(book_sync s) noexcept {
  switch (s) {
    case book_sync::awaiting_snapshot:
      return "awaiting_snapshot";
    case book_sync::syncing:
      return "syncing";
    case book_sync::live:
      return "live";
    case book_sync::stale:
      return "stale";
  }
  return "unknown";
}

BookBuilder::BookBuilder(book_sequencing sequencing, Price tick, BookBuilderLimits limits)
    : sequencing_(sequencing),
      book_(tick, limits.window_ticks),
      limits_(limits),
      pending_(std::make_unique<pending[]>(limits.buffered_diffs)),
      levels_(std::make_unique<Level[]>(limits.buffered_levels)) {}

bool BookBuilder::well_formed(const BookDiff& diff) noexcept {
  // The levels themselves are checked by OrderBook::apply_levels, all before any is applied.
  return diff.last_update_id >= diff.first_update_id;
}

book_status BookBuilder::on_snapshot(const BookSnapshot& s) noexcept {
  if (state_ == book_sync::live || state_ == book_sync::syncing) {
    // Never step backwards: an older (or the same) snapshot than the book holds is a replay.
    const bool older = s.update_id != 0 ? s.update_id <= update_id_ && update_id_ != 0
                                        : sequencing_ == book_sequencing::snapshots_only && s.ts < book_.updated_ts();
    if (older) {
      ++counters_.diffs_ignored;
      return book_status::ignored;
    }
  }
  if (book_.apply_snapshot(s.bids, s.asks, s.ts) != book_status::ok) {
    ++counters_.rejected;
    return book_status::rejected;
  }
  ++counters_.snapshots;
  update_id_ = s.update_id;
  if (sequencing_ == book_sequencing::snapshots_only) {
    state_ = book_sync::live;
    return book_status::ok;
  }
  state_ = book_sync::syncing;
  replay();
  return state_ == book_sync::stale ? book_status::gap : book_status::ok;
}

book_status BookBuilder::on_diff(const BookDiff& diff) noexcept {
  if (sequencing_ == book_sequencing::snapshots_only || !well_formed(diff)) {
    ++counters_.rejected;
    // A diff we cannot apply may have moved the venue's book: ours is no longer trusted.
    if (sequencing_ != book_sequencing::snapshots_only && (state_ == book_sync::live || state_ == book_sync::syncing))
      go_stale(book_status::rejected, nullptr);
    return book_status::rejected;
  }
  if (state_ == book_sync::awaiting_snapshot || state_ == book_sync::stale) {
    buffer(diff);
    return book_status::buffered;
  }
  return sequenced(diff);
}

void BookBuilder::invalidate() noexcept {
  state_ = book_sync::stale;
  pending_count_ = 0;
  levels_used_ = 0;
}

book_status BookBuilder::sequenced(const BookDiff& d) noexcept {
  const std::uint64_t at = update_id_;
  if (sequencing_ == book_sequencing::update_id_chain) {
    if (d.last_update_id < at || (state_ == book_sync::live && d.last_update_id == at)) {
      ++counters_.diffs_ignored;
      return book_status::ignored;
    }
    const bool joins = state_ == book_sync::syncing
                           ? (d.first_update_id <= at && at <= d.last_update_id) || d.prev_update_id == at
                           : d.prev_update_id == at;
    if (!joins) return go_stale(book_status::gap, &d);
    return apply(d);
  }
  // version_chain
  if (d.last_update_id <= at) {
    ++counters_.diffs_ignored;
    return book_status::ignored;
  }
  const bool joins = state_ == book_sync::syncing ? d.first_update_id <= at + 1 : d.first_update_id == at + 1;
  if (!joins) return go_stale(book_status::gap, &d);
  return apply(d);
}

book_status BookBuilder::apply(const BookDiff& d) noexcept {
  if (!book_.apply_levels(d.bids, d.asks)) {
    // A malformed diff in sequence: the venue's book moved and ours cannot follow.
    ++counters_.rejected;
    return go_stale(book_status::rejected, nullptr);
  }
  book_.touch(d.ts);
  update_id_ = d.last_update_id;
  ++counters_.diffs_applied;
  switch (book_.condition()) {
    case book_condition::crossed:
      return go_stale(book_status::crossed, nullptr);
    case book_condition::locked:
      return go_stale(book_status::locked, nullptr);
    default:
      state_ = book_sync::live;
      return book_status::ok;
  }
}

book_status BookBuilder::go_stale(book_status why, const BookDiff* keep) noexcept {
  state_ = book_sync::stale;
  if (why == book_status::gap) ++counters_.gaps;
  if (why == book_status::crossed || why == book_status::locked) ++counters_.crossed;
  if (replaying_) {
    // replay() keeps the rest of its buffer; it needs to know whether this diff was applied.
    replay_kept_ = keep != nullptr;
    return why;
  }
  pending_count_ = 0;
  levels_used_ = 0;
  if (keep) buffer(*keep);
  return why;
}

void BookBuilder::buffer(const BookDiff& d) noexcept {
  const std::size_t need = d.bids.size() + d.asks.size();
  if (pending_count_ == limits_.buffered_diffs || levels_used_ + need > limits_.buffered_levels) {
    // Out of room: older diffs are the least likely to join the snapshot still to come.
    ++counters_.buffer_overflows;
    pending_count_ = 0;
    levels_used_ = 0;
    if (need > limits_.buffered_levels) return;
  }
  pending& p = pending_[pending_count_++];
  p = pending{d.ts,
              d.first_update_id,
              d.last_update_id,
              d.prev_update_id,
              levels_used_,
              static_cast<std::uint32_t>(d.bids.size()),
              static_cast<std::uint32_t>(d.asks.size())};
  // copy_n, not memcpy: an empty side's span may hold a null pointer.
  std::copy_n(d.bids.data(), d.bids.size(), levels_.get() + levels_used_);
  levels_used_ += d.bids.size();
  std::copy_n(d.asks.data(), d.asks.size(), levels_.get() + levels_used_);
  levels_used_ += d.asks.size();
  ++counters_.diffs_buffered;
}

void BookBuilder::replay() noexcept {
  replaying_ = true;
  std::size_t i = 0;
  for (; i < pending_count_; ++i) {
    const pending& p = pending_[i];
    const Level* base = levels_.get() + p.begin;
    const BookDiff d{0, p.ts, p.first, p.last, p.prev, {base, p.bids}, {base + p.bids, p.asks}};
    sequenced(d);
    if (state_ == book_sync::stale) break;
  }
  replaying_ = false;
  if (state_ != book_sync::stale) {
    pending_count_ = 0;
    levels_used_ = 0;
    return;
  }
  // Keep the diffs after the break (and the breaking one if it was not applied) for the
  // next snapshot.
  const std::size_t from = replay_kept_ ? i : i + 1;
  if (from >= pending_count_) {
    pending_count_ = 0;
    levels_used_ = 0;
    return;
  }
  const std::size_t shift = pending_[from].begin;
  std::memmove(levels_.get(), levels_.get() + shift, (levels_used_ - shift) * sizeof(Level));
  levels_used_ -= shift;
  for (std::size_t k = from; k < pending_count_; ++k) {
    pending_[k - from] = pending_[k];
    pending_[k - from].begin -= shift;
  }
  pending_count_ -= from;
}

}  // namespace symphony::market
