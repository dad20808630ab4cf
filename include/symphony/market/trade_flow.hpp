#pragma once

#include <symphony/market/events.hpp>

#include <memory>
#include <optional>

namespace symphony::market {

/// Settings of the rolling trade statistics (config `market.trades`).
struct TradeFlowConfig {
  Duration window = 60 * ns_per_s;  ///< rolling volume window
  std::size_t buckets = 60;         ///< time resolution of the window: window / buckets
  /// A print is large when its size is at least this multiple of the window's mean
  /// trade size (over at least `large_min_trades` prints), or its notional reaches
  /// `large_min_notional` (0 disables that test).
  double large_multiple = 10.0;
  std::size_t large_min_trades = 20;
  Money large_min_notional;
};

/// Rolling aggregates of one instrument's public trades: the last print, buy and sell
/// (taker side) volume, quote notional and count over a sliding time window kept in
/// fixed buckets, and large-print detection. Not thread-safe; owned by the hot thread.
class TradeFlow {
 public:
  explicit TradeFlow(TradeFlowConfig config = {});

  /// Records a print; returns true if it is a large print.
  bool on_trade(const TradeTick& t) noexcept;
  /// Ages out buckets that left the window by `now`.
  void on_time(Timestamp now) noexcept;

  [[nodiscard]] const std::optional<TradeTick>& last() const noexcept { return last_; }
  [[nodiscard]] const std::optional<TradeTick>& last_large() const noexcept { return last_large_; }
  [[nodiscard]] Qty buy_volume() const noexcept { return buy_; }
  [[nodiscard]] Qty sell_volume() const noexcept { return sell_; }
  [[nodiscard]] Qty volume() const noexcept { return buy_ + sell_; }
  [[nodiscard]] Money notional() const noexcept { return notional_; }
  [[nodiscard]] std::uint64_t trades() const noexcept { return count_; }
  /// (buy − sell) / (buy + sell) over the window, in [−1, 1]; 0 with no volume.
  [[nodiscard]] double taker_imbalance() const noexcept;
  [[nodiscard]] std::uint64_t large_prints() const noexcept { return large_total_; }
  [[nodiscard]] const TradeFlowConfig& config() const noexcept { return config_; }

 private:
  struct bucket {
    std::int64_t index = -1;
    Qty buy;
    Qty sell;
    Money notional;
    std::uint64_t count = 0;
  };
  void advance(std::int64_t index) noexcept;

  TradeFlowConfig config_;
  Duration width_;
  std::unique_ptr<bucket[]> buckets_;
  std::int64_t head_ = -1;  // newest bucket index in use
  Qty buy_;
  Qty sell_;
  Money notional_;
  std::uint64_t count_ = 0;
  std::uint64_t large_total_ = 0;
  std::optional<TradeTick> last_;
  std::optional<TradeTick> last_large_;
};

}  // namespace symphony::market
