#include <symphony/market/candles.hpp>

#include <symphony/core/assert.hpp>

namespace symphony::market {

std::string_view to_string(Timeframe tf) noexcept {
  constexpr std::array<std::string_view, timeframe_count> names = {"1m", "5m", "15m", "1h", "4h", "1d"};
  return names[index_of(tf)];
}

std::optional<Timeframe> parse_timeframe(std::string_view text) noexcept {
  for (const Timeframe tf : all_timeframes)
    if (to_string(tf) == text) return tf;
  return std::nullopt;
}

std::string_view to_string(warm_up_status s) noexcept {
  switch (s) {
    case warm_up_status::ok:
      return "ok";
    case warm_up_status::misaligned:
      return "bar open time not aligned to the interval";
    case warm_up_status::out_of_order:
      return "bars not in increasing time order";
    case warm_up_status::malformed:
      return "bar with inconsistent OHLC or negative volume";
    case warm_up_status::already_live:
      return "live bars already closed";
  }
  return "unknown";
}

CandleSeries::CandleSeries(Duration interval, std::size_t keep)
    : interval_(interval), keep_(keep), ring_(std::make_unique<Candle[]>(keep)) {
  SYMPHONY_ASSERT(interval > 0 && keep > 0);
}

const Candle& CandleSeries::back(std::size_t i) const noexcept {
  SYMPHONY_ASSERT(i < count_);
  return ring_[(head_ + keep_ - 1 - i) % keep_];
}

void CandleSeries::push_closed(const Candle& c) noexcept {
  ring_[head_] = c;
  head_ = (head_ + 1) % keep_;
  if (count_ < keep_) ++count_;
  ++closed_total_;
}

std::size_t CandleSeries::fill_flat(Timestamp from, Timestamp to, Price last) noexcept {
  if (to <= from) return 0;
  std::int64_t n = (to - from) / interval_;
  // Only the last `keep` bars can be held; count the rest as closed without writing them.
  if (n > static_cast<std::int64_t>(keep_)) {
    closed_total_ += static_cast<std::uint64_t>(n - static_cast<std::int64_t>(keep_));
    from += (n - static_cast<std::int64_t>(keep_)) * interval_;
    n = static_cast<std::int64_t>(keep_);
  }
  for (std::int64_t k = 0; k < n; ++k) push_closed(Candle{from + k * interval_, last, last, last, last, Qty{}, 0});
  return static_cast<std::size_t>(n);
}

std::size_t CandleSeries::on_time(Timestamp now) {
  if (!started_) return 0;
  if (now < forming_.open_ts + interval_) return 0;
  const std::int64_t elapsed = (now - forming_.open_ts) / interval_;
  push_closed(forming_);
  const Price last = forming_.close;
  const Timestamp next_open = forming_.open_ts + elapsed * interval_;
  const std::size_t closed = 1 + fill_flat(forming_.open_ts + interval_, next_open, last);
  forming_ = Candle{next_open, last, last, last, last, Qty{}, 0};
  has_forming_ = false;
  return closed;
}

std::size_t CandleSeries::on_trade(const TradeTick& t) {
  if (!started_) {
    started_ = true;
    const Timestamp open = t.ts - (t.ts % interval_);
    forming_ = Candle{open, t.price, t.price, t.price, t.price, Qty{}, 0};
  }
  const std::size_t closed = on_time(t.ts);
  if (forming_.trades == 0) {
    // First trade of this bar sets the open (flat bars carry the previous close).
    forming_.open = forming_.high = forming_.low = t.price;
  }
  if (t.price > forming_.high) forming_.high = t.price;
  if (t.price < forming_.low) forming_.low = t.price;
  forming_.close = t.price;
  forming_.volume += t.qty;
  ++forming_.trades;
  has_forming_ = true;
  return closed;
}

warm_up_status CandleSeries::warm_up(std::span<const Candle> bars, std::size_t& accepted) {
  accepted = 0;
  if (closed_total_ > 0) return warm_up_status::already_live;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Candle& c = bars[i];
    if (c.open_ts % interval_ != 0) return warm_up_status::misaligned;
    if (i > 0 && c.open_ts <= bars[i - 1].open_ts) return warm_up_status::out_of_order;
    if (c.low.raw() <= 0 || c.low > c.open || c.low > c.close || c.high < c.open || c.high < c.close ||
        c.volume.raw() < 0)
      return warm_up_status::malformed;
  }
  const std::optional<Timestamp> live_from = started_ ? std::optional<Timestamp>(forming_.open_ts) : std::nullopt;
  const Candle* prev = nullptr;
  for (const Candle& c : bars) {
    if (live_from && c.open_ts >= *live_from) break;
    // Quiet intervals between historical bars become flat bars, as they would live.
    if (prev) accepted += fill_flat(prev->open_ts + interval_, c.open_ts, prev->close);
    push_closed(c);
    ++accepted;
    prev = &c;
  }
  if (prev && live_from) accepted += fill_flat(prev->open_ts + interval_, *live_from, prev->close);
  if (prev && !started_) {
    // Live bars continue from the last historical one.
    started_ = true;
    const Price last = prev->close;
    forming_ = Candle{prev->open_ts + interval_, last, last, last, last, Qty{}, 0};
  }
  return warm_up_status::ok;
}

}  // namespace symphony::market
