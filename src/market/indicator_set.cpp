#include <symphony/market/indicator_set.hpp>

#include <cmath>
#include <limits>

namespace symphony::market {

namespace {
constexpr double year_ns = 365.0 * 24 * 3600 * 1e9;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
double when(bool ready, double v) noexcept { return ready ? v : nan; }
}  // namespace

IndicatorSet::IndicatorSet(const IndicatorConfig& c, Timeframe timeframe)
    : sma_(c.sma),
      ema_fast_(c.ema_fast),
      ema_slow_(c.ema_slow),
      rsi_(c.rsi),
      macd_(c.macd_fast, c.macd_slow, c.macd_signal),
      bollinger_(c.bollinger, c.bollinger_width),
      atr_(c.atr),
      adx_(c.adx),
      donchian_(c.donchian),
      vwap_(c.vwap),
      realized_volatility_(c.realized_volatility, year_ns / static_cast<double>(duration_of(timeframe))),
      zscore_(c.zscore),
      roc_(c.roc) {}

void IndicatorSet::update(const Candle& bar) noexcept {
  const double h = bar.high.to_double();
  const double l = bar.low.to_double();
  const double c = bar.close.to_double();
  sma_.update(c);
  ema_fast_.update(c);
  ema_slow_.update(c);
  rsi_.update(c);
  macd_.update(c);
  bollinger_.update(c);
  atr_.update(h, l, c);
  adx_.update(h, l, c);
  donchian_.update(h, l);
  vwap_.update((h + l + c) / 3, bar.volume.to_double());
  realized_volatility_.update(c);
  zscore_.update(c);
  roc_.update(c);
  ++bars_;
}

IndicatorValues IndicatorSet::values() const noexcept {
  IndicatorValues v;
  v.bars = bars_;
  v.sma = when(sma_.ready(), sma_.value());
  v.ema_fast = when(ema_fast_.ready(), ema_fast_.value());
  v.ema_slow = when(ema_slow_.ready(), ema_slow_.value());
  v.rsi = when(rsi_.ready(), rsi_.value());
  v.macd = when(macd_.line_ready(), macd_.line());
  v.macd_signal = when(macd_.ready(), macd_.signal());
  v.macd_histogram = when(macd_.ready(), macd_.histogram());
  v.bollinger_upper = when(bollinger_.ready(), bollinger_.upper());
  v.bollinger_middle = when(bollinger_.ready(), bollinger_.middle());
  v.bollinger_lower = when(bollinger_.ready(), bollinger_.lower());
  v.atr = when(atr_.ready(), atr_.value());
  v.plus_di = when(adx_.di_ready(), adx_.plus_di());
  v.minus_di = when(adx_.di_ready(), adx_.minus_di());
  v.adx = when(adx_.ready(), adx_.value());
  v.donchian_upper = when(donchian_.ready(), donchian_.upper());
  v.donchian_lower = when(donchian_.ready(), donchian_.lower());
  v.vwap = when(vwap_.ready(), vwap_.value());
  v.realized_volatility = when(realized_volatility_.ready(), realized_volatility_.value());
  v.zscore = when(zscore_.ready(), zscore_.value());
  v.roc = when(roc_.ready(), roc_.value());
  return v;
}

}  // namespace symphony::market
