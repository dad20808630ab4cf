#pragma once

#include <symphony/market/candles.hpp>
#include <symphony/market/indicators.hpp>

#include <cstdint>

namespace symphony::market {

/// Periods of the indicators kept per instrument and timeframe (config `market.indicators`).
struct IndicatorConfig {
  std::size_t sma = 20;
  std::size_t ema_fast = 9;
  std::size_t ema_slow = 21;
  std::size_t rsi = 14;
  std::size_t macd_fast = 12;
  std::size_t macd_slow = 26;
  std::size_t macd_signal = 9;
  std::size_t bollinger = 20;
  double bollinger_width = 2.0;
  std::size_t atr = 14;
  std::size_t adx = 14;
  std::size_t donchian = 20;
  std::size_t vwap = 20;
  std::size_t realized_volatility = 20;
  std::size_t zscore = 20;
  std::size_t roc = 10;
};

/// The latest value of every indicator of one timeframe, as plain numbers to copy into a
/// snapshot. A value still warming up is NaN.
struct IndicatorValues {
  std::uint64_t bars = 0;  ///< closed bars fed so far
  double sma = 0;
  double ema_fast = 0;
  double ema_slow = 0;
  double rsi = 0;
  double macd = 0;
  double macd_signal = 0;
  double macd_histogram = 0;
  double bollinger_upper = 0;
  double bollinger_middle = 0;
  double bollinger_lower = 0;
  double atr = 0;
  double plus_di = 0;
  double minus_di = 0;
  double adx = 0;
  double donchian_upper = 0;
  double donchian_lower = 0;
  double vwap = 0;
  double realized_volatility = 0;  ///< annualized
  double zscore = 0;
  double roc = 0;
};

/// Every indicator for one instrument on one timeframe, fed each closed candle.
/// Allocates only at construction. Not thread-safe; owned by the hot thread.
class IndicatorSet {
 public:
  IndicatorSet(const IndicatorConfig& config, Timeframe timeframe);

  void update(const Candle& bar) noexcept;
  /// All current values; NaN where not ready.
  [[nodiscard]] IndicatorValues values() const noexcept;
  [[nodiscard]] std::uint64_t bars() const noexcept { return bars_; }

  [[nodiscard]] const Ema& ema_fast() const noexcept { return ema_fast_; }
  [[nodiscard]] const Ema& ema_slow() const noexcept { return ema_slow_; }
  [[nodiscard]] const Rsi& rsi() const noexcept { return rsi_; }
  [[nodiscard]] const Atr& atr() const noexcept { return atr_; }
  [[nodiscard]] const Adx& adx() const noexcept { return adx_; }
  [[nodiscard]] const Macd& macd() const noexcept { return macd_; }
  [[nodiscard]] const Bollinger& bollinger() const noexcept { return bollinger_; }
  [[nodiscard]] const Donchian& donchian() const noexcept { return donchian_; }

 private:
  Sma sma_;
  Ema ema_fast_;
  Ema ema_slow_;
  Rsi rsi_;
  Macd macd_;
  Bollinger bollinger_;
  Atr atr_;
  Adx adx_;
  Donchian donchian_;
  Vwap vwap_;
  RealizedVolatility realized_volatility_;
  ZScore zscore_;
  Roc roc_;
  std::uint64_t bars_ = 0;
};

}  // namespace symphony::market
