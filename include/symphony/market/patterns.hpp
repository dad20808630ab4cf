#pragma once

#include <symphony/market/candles.hpp>
#include <symphony/market/detail/rolling.hpp>

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace symphony::market {

/// Which detectors a `PatternDetector` runs (bit flags). Double tops/bottoms, head and
/// shoulders and levels are built on swings, which always run.
namespace pattern_set {
inline constexpr unsigned levels = 1u << 0;
inline constexpr unsigned double_tops = 1u << 1;
inline constexpr unsigned head_and_shoulders = 1u << 2;
inline constexpr unsigned range_breakouts = 1u << 3;
inline constexpr unsigned all = levels | double_tops | head_and_shoulders | range_breakouts;
}  // namespace pattern_set

/// Settings of the chart-pattern detectors (config `market.patterns`). Tolerances and
/// depths are fractions of price.
struct PatternConfig {
  unsigned detectors = pattern_set::all;  ///< `pattern_set` flags
  std::size_t swing_strength = 2;         ///< bars each side a swing high/low must exceed (1–8)
  double level_tolerance = 0.002;         ///< swings this close form one level; two tops this close match
  std::size_t level_min_touches = 2;      ///< swings needed before a level counts as support/resistance
  double min_depth = 0.005;               ///< how far the trough between two tops (or the neckline) must sit below them
  double shoulder_tolerance = 0.01;       ///< how unequal the two shoulders of a head and shoulders may be
  double head_margin = 0.003;             ///< how far the head must rise above both shoulders
  std::size_t range_bars = 20;            ///< bars a consolidation range is measured over
  double range_max_width = 0.01;          ///< (high − low) / low of a range tight enough to break out of
  double breakout_margin = 0.0005;        ///< how far beyond the range a close must be
};

enum class PatternKind : std::uint8_t {
  swing_high,
  swing_low,
  support,     ///< a level confirmed below the price
  resistance,  ///< a level confirmed above the price
  double_top,
  double_bottom,
  head_and_shoulders,
  inverse_head_and_shoulders,
  range_breakout_up,
  range_breakout_down,
};
std::string_view to_string(PatternKind k) noexcept;

/// A pattern completed by a bar.
struct PatternSignal {
  PatternKind kind = PatternKind::swing_high;
  int direction = 0;       ///< +1 bullish, −1 bearish, 0 neutral (swings, levels)
  Price level;             ///< the swing price, the level, the neckline or the range edge broken
  Timestamp ts = 0;        ///< open time of the bar that completed it
  Timestamp pivot_ts = 0;  ///< open time of the swing bar (the second top, the right shoulder…)
};

/// A confirmed support or resistance level.
struct PriceLevel {
  double price = 0;
  std::uint32_t touches = 0;
  Timestamp last_touch_ts = 0;
};

/// Chart patterns on one series of closed candles: swing highs and lows (fractals of
/// `swing_strength` bars: strictly beyond the bars before, at least level with those after), support and resistance
/// levels clustered from swings, double tops and bottoms and (inverse) head and shoulders confirmed by a close through
/// the neckline, and breakouts from tight ranges. Fixed storage; O(1) per bar. Not thread-safe; owned by the hot
/// thread.
class PatternDetector {
 public:
  static constexpr std::size_t max_strength = 8;
  static constexpr std::size_t max_signals_per_bar = 8;

  explicit PatternDetector(const PatternConfig& config);

  /// Feeds one closed bar; writes what it completed to `out` and returns how many.
  std::size_t update(const Candle& bar, std::span<PatternSignal, max_signals_per_bar> out) noexcept;

  /// The highest confirmed level below `price`, or the lowest above it.
  [[nodiscard]] std::optional<PriceLevel> nearest_support(double price) const noexcept;
  [[nodiscard]] std::optional<PriceLevel> nearest_resistance(double price) const noexcept;
  [[nodiscard]] std::uint64_t bars() const noexcept { return bars_; }

 private:
  struct swing {
    bool high = false;
    double price = 0;
    std::uint64_t bar = 0;
    Timestamp ts = 0;
  };
  struct bar_hl {
    double high = 0;
    double low = 0;
    double close = 0;
    Timestamp ts = 0;
  };
  static constexpr std::size_t swing_history = 16;
  static constexpr std::size_t level_slots = 16;

  void detect_swing(std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out, Timestamp now) noexcept;
  void add_swing(const swing& s, std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out, double close,
                 Timestamp now) noexcept;
  void touch_level(double price, Timestamp ts, std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out,
                   double close, Timestamp now) noexcept;
  void double_patterns(const Candle& bar, std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out) noexcept;
  void head_and_shoulders(const Candle& bar, std::size_t& n,
                          std::span<PatternSignal, max_signals_per_bar> out) noexcept;
  void range_breakout(const Candle& bar, std::size_t& n, std::span<PatternSignal, max_signals_per_bar> out) noexcept;
  /// The i-th most recent swing of the given kind (0 = latest) and its position in history.
  [[nodiscard]] const swing* recent(bool high, std::size_t i, std::uint64_t* pos = nullptr) const noexcept;
  /// The lowest low (or highest high) swing strictly between history positions a < b.
  [[nodiscard]] const swing* extreme_between(bool high, std::uint64_t a, std::uint64_t b) const noexcept;

  PatternConfig config_;
  std::array<bar_hl, 2 * max_strength + 1> window_{};
  std::size_t window_count_ = 0;
  std::array<swing, swing_history> swings_{};  // chronological ring
  std::uint64_t swing_count_ = 0;              // swings ever; swing p lives at swings_[p % swing_history]
  std::array<PriceLevel, level_slots> levels_{};
  detail::RollingExtreme<true> range_high_;
  detail::RollingExtreme<false> range_low_;
  std::uint64_t bars_ = 0;
  std::uint64_t last_breakout_bar_ = 0;
  bool broke_out_ = false;
  // Highest high / lowest low since the latest swing high / low, to void patterns that
  // price has already run through.
  double high_since_swing_high_ = 0;
  double low_since_swing_low_ = 0;
  Timestamp fired_top_ = -1;
  Timestamp fired_bottom_ = -1;
  Timestamp fired_hs_ = -1;
  Timestamp fired_ihs_ = -1;
};

}  // namespace symphony::market
