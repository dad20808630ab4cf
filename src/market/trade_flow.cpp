#include <symphony/market/trade_flow.hpp>

#include <symphony/core/assert.hpp>

namespace symphony::market {

TradeFlow::TradeFlow(TradeFlowConfig config)
    : config_(config),
      width_(config.window / static_cast<Duration>(config.buckets)),
      buckets_(std::make_unique<bucket[]>(config.buckets)) {
  SYMPHONY_ASSERT(config.buckets > 0 && width_ > 0);
}

void TradeFlow::advance(std::int64_t index) noexcept {
  if (index <= head_) return;
  const auto n = static_cast<std::int64_t>(config_.buckets);
  // Clear every bucket the window slid past, at most the whole ring.
  const std::int64_t from = head_ < 0 || index - head_ > n ? index - n + 1 : head_ + 1;
  for (std::int64_t k = from; k <= index; ++k) {
    bucket& b = buckets_[static_cast<std::size_t>(((k % n) + n) % n)];
    if (b.index >= 0) {
      buy_ -= b.buy;
      sell_ -= b.sell;
      notional_ -= b.notional;
      count_ -= b.count;
    }
    b = bucket{k, {}, {}, {}, 0};
  }
  head_ = index;
}

void TradeFlow::on_time(Timestamp now) noexcept { advance(now / width_); }

bool TradeFlow::on_trade(const TradeTick& t) noexcept {
  const std::int64_t index = t.ts / width_;
  advance(index);
  const Money value = symphony::notional(t.price, t.qty);
  bool large = config_.large_min_notional.raw() > 0 && value >= config_.large_min_notional;
  if (!large && count_ >= config_.large_min_trades && count_ > 0) {
    const double mean = static_cast<double>((buy_ + sell_).raw()) / static_cast<double>(count_);
    large = static_cast<double>(t.qty.raw()) >= config_.large_multiple * mean;
  }
  // A late print (older than the newest bucket) still counts if its bucket is in the window.
  const auto n = static_cast<std::int64_t>(config_.buckets);
  if (index > head_ - n) {
    bucket& b = buckets_[static_cast<std::size_t>(((index % n) + n) % n)];
    if (b.index == index) {
      (t.aggressor == Side::buy ? b.buy : b.sell) += t.qty;
      b.notional += value;
      ++b.count;
      (t.aggressor == Side::buy ? buy_ : sell_) += t.qty;
      notional_ += value;
      ++count_;
    }
  }
  if (!last_ || t.ts >= last_->ts) last_ = t;
  if (large) {
    last_large_ = t;
    ++large_total_;
  }
  return large;
}

double TradeFlow::taker_imbalance() const noexcept {
  const auto total = (buy_ + sell_).raw();
  return total == 0 ? 0.0 : static_cast<double>((buy_ - sell_).raw()) / static_cast<double>(total);
}

}  // namespace symphony::market
