#include <symphony/market/candles.hpp>

#include <symphony/core/assert.hpp>

namespace symphony::market {

CandleSeries::CandleSeries(Duration interval, std::size_t keep) : interval_(interval), ring_(keep) {
  SYMPHONY_ASSERT(interval > 0 && keep > 0);
}

const Candle& CandleSeries::back(std::size_t i) const noexcept {
  SYMPHONY_ASSERT(i < count_);
  return ring_[(head_ + ring_.size() - 1 - i) % ring_.size()];
}

void CandleSeries::close_forming() {
  ring_[head_] = forming_;
  head_ = (head_ + 1) % ring_.size();
  if (count_ < ring_.size()) ++count_;
  ++closed_total_;
}

std::size_t CandleSeries::on_time(Timestamp now) {
  if (!started_) return 0;
  std::size_t closed = 0;
  // Close the forming bar and emit flat bars for any fully elapsed empty intervals.
  while (now >= forming_.open_ts + interval_) {
    close_forming();
    ++closed;
    const Price last = forming_.close;
    forming_ = Candle{forming_.open_ts + interval_, last, last, last, last, Qty{}, 0};
  }
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

}  // namespace symphony::market
