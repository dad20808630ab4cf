#include <symphony/market/patterns.hpp>

#include <symphony/core/assert.hpp>

#include <algorithm>
#include <cmath>

namespace symphony::market {

std::string_view to_string(PatternKind k) noexcept {
  switch (k) {
    case PatternKind::swing_high:
      return "swing_high";
    case PatternKind::swing_low:
      return "swing_low";
    case PatternKind::support:
      return "support";
    case PatternKind::resistance:
      return "resistance";
    case PatternKind::double_top:
      return "double_top";
    case PatternKind::double_bottom:
      return "double_bottom";
    case PatternKind::head_and_shoulders:
      return "head_and_shoulders";
    case PatternKind::inverse_head_and_shoulders:
      return "inverse_head_and_shoulders";
    case PatternKind::range_breakout_up:
      return "range_breakout_up";
    case PatternKind::range_breakout_down:
      return "range_breakout_down";
  }
  return "unknown";
}

namespace {
void emit(std::size_t& n, std::span<PatternSignal, PatternDetector::max_signals_per_bar> out, PatternKind kind,
          int direction, double level, Timestamp ts, Timestamp pivot) noexcept {
  if (n < out.size()) out[n++] = PatternSignal{kind, direction, Price::from_double(level), ts, pivot};
}
}  // namespace

PatternDetector::PatternDetector(const PatternConfig& config)
    : config_(config), range_high_(config.range_bars), range_low_(config.range_bars) {
  SYMPHONY_ASSERT(config.swing_strength >= 1 && config.swing_strength <= max_strength);
}

const PatternDetector::swing* PatternDetector::recent(bool high, std::size_t i, std::uint64_t* pos) const noexcept {
  const std::uint64_t held = std::min<std::uint64_t>(swing_count_, swing_history);
  for (std::uint64_t back = 0; back < held; ++back) {
    const std::uint64_t p = swing_count_ - 1 - back;
    const swing& s = swings_[p % swing_history];
    if (s.high != high) continue;
    if (i-- == 0) {
      if (pos) *pos = p;
      return &s;
    }
  }
  return nullptr;
}

const PatternDetector::swing* PatternDetector::extreme_between(bool high, std::uint64_t a,
                                                               std::uint64_t b) const noexcept {
  const swing* best = nullptr;
  for (std::uint64_t p = a + 1; p < b; ++p) {
    const swing& s = swings_[p % swing_history];
    if (s.high != high) continue;
    if (!best || (high ? s.price > best->price : s.price < best->price)) best = &s;
  }
  return best;
}

std::size_t PatternDetector::update(const Candle& bar, std::span<PatternSignal, max_signals_per_bar> out) noexcept {
  std::size_t n = 0;
  const double high = bar.high.to_double();
  const double low = bar.low.to_double();
  ++bars_;
  // Slide the swing window (2k + 1 bars, newest last).
  const std::size_t width = 2 * config_.swing_strength + 1;
  if (window_count_ == width) {
    std::move(window_.begin() + 1, window_.begin() + static_cast<std::ptrdiff_t>(width), window_.begin());
    --window_count_;
  }
  window_[window_count_++] = bar_hl{high, low, bar.close.to_double(), bar.open_ts};
  high_since_swing_high_ = std::max(high_since_swing_high_, high);
  low_since_swing_low_ = low_since_swing_low_ == 0 ? low : std::min(low_since_swing_low_, low);

  detect_swing(n, out, bar.open_ts);
  if (config_.detectors & pattern_set::double_tops) double_patterns(bar, n, out);
  if (config_.detectors & pattern_set::head_and_shoulders) head_and_shoulders(bar, n, out);
  if (config_.detectors & pattern_set::range_breakouts) range_breakout(bar, n, out);
  return n;
}

void PatternDetector::detect_swing(std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out,
                                   Timestamp now) noexcept {
  const std::size_t k = config_.swing_strength;
  if (window_count_ < 2 * k + 1) return;
  const bar_hl& mid = window_[k];
  bool is_high = true;
  bool is_low = true;
  // Strictly beyond the k bars before it and at least level with the k after: a bar
  // opening at a peak's close often ties its high, and the first of equal highs is the
  // swing.
  for (std::size_t i = 0; i < k; ++i) {
    if (window_[i].high >= mid.high) is_high = false;
    if (window_[i].low <= mid.low) is_low = false;
  }
  for (std::size_t i = k + 1; i < 2 * k + 1; ++i) {
    if (window_[i].high > mid.high) is_high = false;
    if (window_[i].low < mid.low) is_low = false;
  }
  const std::uint64_t bar_index = bars_ - 1 - k;
  const double close = window_[2 * k].close;
  if (is_high) {
    add_swing(swing{true, mid.high, bar_index, mid.ts}, n, out, close, now);
    // Only the bars after the swing count toward "price ran above it since".
    high_since_swing_high_ = 0;
    for (std::size_t i = k + 1; i < 2 * k + 1; ++i)
      high_since_swing_high_ = std::max(high_since_swing_high_, window_[i].high);
  }
  if (is_low) {
    add_swing(swing{false, mid.low, bar_index, mid.ts}, n, out, close, now);
    low_since_swing_low_ = window_[k + 1].low;
    for (std::size_t i = k + 1; i < 2 * k + 1; ++i)
      low_since_swing_low_ = std::min(low_since_swing_low_, window_[i].low);
  }
}

void PatternDetector::add_swing(const swing& s, std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out,
                                double reference, Timestamp now) noexcept {
  swings_[swing_count_ % swing_history] = s;
  ++swing_count_;
  emit(n, out, s.high ? PatternKind::swing_high : PatternKind::swing_low, 0, s.price, now, s.ts);
  if (config_.detectors & pattern_set::levels) touch_level(s.price, s.ts, n, out, reference, now);
}

void PatternDetector::touch_level(double price, Timestamp ts, std::size_t& n,
                                  std::span<PatternSignal, max_signals_per_bar> out, double reference,
                                  Timestamp now) noexcept {
  PriceLevel* match = nullptr;
  PriceLevel* free_slot = nullptr;
  PriceLevel* oldest = &levels_[0];
  for (auto& l : levels_) {
    if (l.touches == 0) {
      if (!free_slot) free_slot = &l;
      continue;
    }
    if (std::fabs(l.price - price) <= config_.level_tolerance * price && (!match || l.touches > match->touches))
      match = &l;
    if (oldest->touches == 0 || l.last_touch_ts < oldest->last_touch_ts) oldest = &l;
  }
  if (!match) {
    PriceLevel& slot = free_slot ? *free_slot : *oldest;
    slot = PriceLevel{price, 1, ts};
    if (config_.level_min_touches <= 1)
      emit(n, out, price < reference ? PatternKind::support : PatternKind::resistance, 0, price, now, ts);
    return;
  }
  match->price = (match->price * match->touches + price) / (match->touches + 1);
  ++match->touches;
  match->last_touch_ts = ts;
  if (match->touches == config_.level_min_touches)
    emit(n, out, match->price < reference ? PatternKind::support : PatternKind::resistance, 0, match->price, now, ts);
}

std::optional<PriceLevel> PatternDetector::nearest_support(double price) const noexcept {
  std::optional<PriceLevel> best;
  for (const auto& l : levels_)
    if (l.touches >= config_.level_min_touches && l.price < price && (!best || l.price > best->price)) best = l;
  return best;
}

std::optional<PriceLevel> PatternDetector::nearest_resistance(double price) const noexcept {
  std::optional<PriceLevel> best;
  for (const auto& l : levels_)
    if (l.touches >= config_.level_min_touches && l.price > price && (!best || l.price < best->price)) best = l;
  return best;
}

void PatternDetector::double_patterns(const Candle& bar, std::size_t& n,
                                      std::span<PatternSignal, max_signals_per_bar> out) noexcept {
  const double close = bar.close.to_double();
  const double tol = config_.level_tolerance;
  std::uint64_t p1 = 0, p2 = 0;
  // Double top: two matching swing highs with a trough at least min_depth below them,
  // confirmed when a close breaks the trough (the neckline) before price makes a new high.
  if (const swing* h2 = recent(true, 0, &p2); h2 && h2->ts != fired_top_) {
    if (const swing* h1 = recent(true, 1, &p1)) {
      const double top = std::max(h1->price, h2->price);
      const swing* trough = extreme_between(false, p1, p2);
      if (trough && std::fabs(h1->price - h2->price) <= tol * top &&
          trough->price <= std::min(h1->price, h2->price) * (1 - config_.min_depth) &&
          high_since_swing_high_ <= top * (1 + tol) && close < trough->price) {
        emit(n, out, PatternKind::double_top, -1, trough->price, bar.open_ts, h2->ts);
        fired_top_ = h2->ts;
      }
    }
  }
  if (const swing* l2 = recent(false, 0, &p2); l2 && l2->ts != fired_bottom_) {
    if (const swing* l1 = recent(false, 1, &p1)) {
      const double bottom = std::min(l1->price, l2->price);
      const swing* peak = extreme_between(true, p1, p2);
      if (peak && std::fabs(l1->price - l2->price) <= tol * bottom &&
          peak->price >= std::max(l1->price, l2->price) * (1 + config_.min_depth) &&
          low_since_swing_low_ >= bottom * (1 - tol) && close > peak->price) {
        emit(n, out, PatternKind::double_bottom, +1, peak->price, bar.open_ts, l2->ts);
        fired_bottom_ = l2->ts;
      }
    }
  }
}

void PatternDetector::head_and_shoulders(const Candle& bar, std::size_t& n,
                                         std::span<PatternSignal, max_signals_per_bar> out) noexcept {
  const double close = bar.close.to_double();
  const auto now_bar = static_cast<double>(bars_ - 1);
  // The neckline joins the two troughs (peaks) either side of the head, extended to now.
  const auto neckline = [&](const swing& a, const swing& b) {
    if (b.bar == a.bar) return b.price;
    const double slope = (b.price - a.price) / (static_cast<double>(b.bar) - static_cast<double>(a.bar));
    return b.price + slope * (now_bar - static_cast<double>(b.bar));
  };
  for (const bool top : {true, false}) {
    std::uint64_t p1 = 0, p2 = 0, p3 = 0;
    const swing* right = recent(top, 0, &p3);
    const swing* head = recent(top, 1, &p2);
    const swing* left = recent(top, 2, &p1);
    Timestamp& fired = top ? fired_hs_ : fired_ihs_;
    if (!right || !head || !left || right->ts == fired) continue;
    const swing* t1 = extreme_between(!top, p1, p2);
    const swing* t2 = extreme_between(!top, p2, p3);
    if (!t1 || !t2) continue;
    const double dir = top ? 1.0 : -1.0;
    const double outer = top ? std::max(left->price, right->price) : std::min(left->price, right->price);
    const double inner_shoulder = top ? std::min(left->price, right->price) : std::max(left->price, right->price);
    const double inner_trough = top ? std::max(t1->price, t2->price) : std::min(t1->price, t2->price);
    const bool head_stands_out = dir * (head->price - outer * (1 + dir * config_.head_margin)) >= 0;
    const bool shoulders_match =
        std::fabs(left->price - right->price) <= config_.shoulder_tolerance * std::max(left->price, right->price);
    const bool deep = dir * (inner_shoulder - inner_trough * (1 + dir * config_.min_depth)) >= 0;
    const bool head_intact = top ? high_since_swing_high_ < head->price : low_since_swing_low_ > head->price;
    const double line = neckline(*t1, *t2);
    const bool broken = top ? close < line : close > line;
    if (head_stands_out && shoulders_match && deep && head_intact && broken) {
      emit(n, out, top ? PatternKind::head_and_shoulders : PatternKind::inverse_head_and_shoulders, top ? -1 : +1, line,
           bar.open_ts, right->ts);
      fired = right->ts;
    }
  }
}

void PatternDetector::range_breakout(const Candle& bar, std::size_t& n,
                                     std::span<PatternSignal, max_signals_per_bar> out) noexcept {
  const double close = bar.close.to_double();
  // Measure the range over the bars before this one, then add this one.
  const bool cooled = !broke_out_ || bars_ - last_breakout_bar_ > config_.range_bars;
  if (range_high_.full() && cooled) {
    const double hi = range_high_.value();
    const double lo = range_low_.value();
    if (lo > 0 && (hi - lo) / lo <= config_.range_max_width) {
      if (close > hi * (1 + config_.breakout_margin)) {
        emit(n, out, PatternKind::range_breakout_up, +1, hi, bar.open_ts, bar.open_ts);
        broke_out_ = true;
        last_breakout_bar_ = bars_;
      } else if (close < lo * (1 - config_.breakout_margin)) {
        emit(n, out, PatternKind::range_breakout_down, -1, lo, bar.open_ts, bar.open_ts);
        broke_out_ = true;
        last_breakout_bar_ = bars_;
      }
    }
  }
  range_high_.push(bar.high.to_double());
  range_low_.push(bar.low.to_double());
}

}  // namespace symphony::market
