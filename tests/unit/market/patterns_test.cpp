#include <symphony/market/patterns.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace symphony::market {
namespace {

// Bars from closes: each opens at the previous close, with 0.2 wicks either side.
std::vector<Candle> bars_from(const std::vector<double>& closes) {
  std::vector<Candle> out;
  double prev = closes.front();
  for (std::size_t i = 0; i < closes.size(); ++i) {
    const double c = closes[i];
    Candle k;
    k.open_ts = static_cast<Timestamp>(i) * ns_per_min;
    k.open = Price::from_double(prev);
    k.close = Price::from_double(c);
    k.high = Price::from_double(std::max(prev, c) + 0.2);
    k.low = Price::from_double(std::min(prev, c) - 0.2);
    k.volume = Qty::from_units(1);
    out.push_back(k);
    prev = c;
  }
  return out;
}

struct Fired {
  std::size_t bar;
  PatternSignal signal;
};

std::vector<Fired> run(const std::vector<double>& closes, PatternConfig config = {}) {
  PatternDetector d(config);
  std::vector<Fired> fired;
  const auto bars = bars_from(closes);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    std::array<PatternSignal, PatternDetector::max_signals_per_bar> out;
    const std::size_t n = d.update(bars[i], out);
    for (std::size_t k = 0; k < n; ++k) fired.push_back({i, out[k]});
  }
  return fired;
}

std::vector<Fired> only(const std::vector<Fired>& all, PatternKind kind) {
  std::vector<Fired> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out), [&](const Fired& f) { return f.signal.kind == kind; });
  return out;
}

// Mirror a series around 200 so tops become bottoms.
std::vector<double> mirrored(std::vector<double> v) {
  for (double& x : v) x = 200 - x;
  return v;
}

const std::vector<double> double_top = {100, 102, 104,   106, 108, 110, 108,   106, 104,
                                        106, 108, 110.1, 108, 106, 104, 103.5, 103};

TEST(Patterns, SwingHighsAndLowsAreConfirmedAfterStrengthBars) {
  const auto all = run(double_top);
  const auto highs = only(all, PatternKind::swing_high);
  ASSERT_EQ(highs.size(), 2u);
  EXPECT_EQ(highs[0].bar, 7u);  // the 110 at bar 5, confirmed two bars later
  EXPECT_EQ(highs[0].signal.pivot_ts, 5 * ns_per_min);
  EXPECT_EQ(highs[0].signal.level, Price::from_double(110.2));
  EXPECT_EQ(highs[1].signal.pivot_ts, 11 * ns_per_min);
  const auto lows = only(all, PatternKind::swing_low);
  ASSERT_EQ(lows.size(), 1u);
  EXPECT_EQ(lows[0].signal.pivot_ts, 8 * ns_per_min);
  EXPECT_EQ(lows[0].signal.level, Price::from_double(103.8));
}

TEST(Patterns, DoubleTopFiresOnTheNecklineBreak) {
  const auto tops = only(run(double_top), PatternKind::double_top);
  ASSERT_EQ(tops.size(), 1u);
  EXPECT_EQ(tops[0].bar, 15u);  // first close below the 103.8 trough
  EXPECT_EQ(tops[0].signal.direction, -1);
  EXPECT_EQ(tops[0].signal.level, Price::from_double(103.8));
  EXPECT_EQ(tops[0].signal.pivot_ts, 11 * ns_per_min);
}

TEST(Patterns, DoubleTopSilentWhenTopsDifferOrNecklineHolds) {
  auto unequal = double_top;
  unequal[11] = 112;  // second top 1.6% above the first
  EXPECT_TRUE(only(run(unequal), PatternKind::double_top).empty());
  auto holds = double_top;
  holds[15] = 104.5;
  holds[16] = 105;  // never closes below the trough
  EXPECT_TRUE(only(run(holds), PatternKind::double_top).empty());
  PatternConfig deep;
  deep.min_depth = 0.1;  // the 5.8% trough is too shallow for a 10% requirement
  EXPECT_TRUE(only(run(double_top, deep), PatternKind::double_top).empty());
}

TEST(Patterns, DoubleBottomIsTheMirror) {
  const auto bottoms = only(run(mirrored(double_top)), PatternKind::double_bottom);
  ASSERT_EQ(bottoms.size(), 1u);
  EXPECT_EQ(bottoms[0].bar, 15u);
  EXPECT_EQ(bottoms[0].signal.direction, +1);
  EXPECT_TRUE(only(run(mirrored(double_top)), PatternKind::double_top).empty());
}

const std::vector<double> head_shoulders = {100, 102, 104, 106, 108,   106, 104,   106, 108, 110,
                                            112, 110, 108, 106, 104.2, 106, 108.2, 106, 104, 103};

TEST(Patterns, HeadAndShouldersFiresThroughTheSlopedNeckline) {
  const auto all = run(head_shoulders);
  const auto hs = only(all, PatternKind::head_and_shoulders);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0].bar, 18u);
  EXPECT_EQ(hs[0].signal.direction, -1);
  EXPECT_EQ(hs[0].signal.pivot_ts, 16 * ns_per_min);
  // Neckline from 103.8 at bar 6 to 104.0 at bar 14, extended to bar 18: 104.1.
  EXPECT_NEAR(hs[0].signal.level.to_double(), 104.1, 1e-6);
  EXPECT_TRUE(only(all, PatternKind::double_top).empty());
}

TEST(Patterns, HeadAndShouldersSilentWithoutAHeadOrWithLopsidedShoulders) {
  auto flat_head = head_shoulders;
  flat_head[9] = 108.1;
  flat_head[10] = 108.3;
  flat_head[11] = 108.1;  // "head" barely above the shoulders: a triple top, not H&S
  EXPECT_TRUE(only(run(flat_head), PatternKind::head_and_shoulders).empty());
  auto lopsided = head_shoulders;
  lopsided[16] = 106.5;  // right shoulder 1.6% below the left
  lopsided[15] = 105.5;
  lopsided[17] = 105.5;
  EXPECT_TRUE(only(run(lopsided), PatternKind::head_and_shoulders).empty());
}

TEST(Patterns, InverseHeadAndShouldersIsTheMirror) {
  const auto ihs = only(run(mirrored(head_shoulders)), PatternKind::inverse_head_and_shoulders);
  ASSERT_EQ(ihs.size(), 1u);
  EXPECT_EQ(ihs[0].signal.direction, +1);
  EXPECT_EQ(ihs[0].bar, 18u);
}

std::vector<double> chop(int n, double center, double amplitude) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(center + ((i % 2) ? amplitude : -amplitude));
  return v;
}

TEST(Patterns, RangeBreakoutFromATightRangeOnce) {
  auto closes = chop(25, 100, 0.2);  // highs/lows within 100 ± 0.4: 0.8% wide
  closes.push_back(101.5);
  closes.push_back(101.6);
  closes.push_back(101.7);
  const auto up = only(run(closes), PatternKind::range_breakout_up);
  ASSERT_EQ(up.size(), 1u);  // the follow-through bars do not fire again
  EXPECT_EQ(up[0].bar, 25u);
  EXPECT_EQ(up[0].signal.level, Price::from_double(100.4));
  auto down = chop(25, 100, 0.2);
  down.push_back(98.5);
  EXPECT_EQ(only(run(down), PatternKind::range_breakout_down).size(), 1u);
}

TEST(Patterns, NoBreakoutFromAWideRange) {
  auto closes = chop(25, 100, 1.5);  // 3.4% wide: not a consolidation
  closes.push_back(103);
  EXPECT_TRUE(only(run(closes), PatternKind::range_breakout_up).empty());
}

TEST(Patterns, RepeatedSwingLowsBecomeSupport) {
  // Dips to ~100 twice, rallies between: a support level near 99.8 after the second dip.
  const std::vector<double> closes = {106, 104, 102, 100, 102, 104, 106, 104, 102, 100.1, 102, 104, 106};
  PatternDetector d(PatternConfig{});
  std::vector<PatternSignal> supports;
  for (const auto& b : bars_from(closes)) {
    std::array<PatternSignal, PatternDetector::max_signals_per_bar> out;
    const std::size_t n = d.update(b, out);
    for (std::size_t k = 0; k < n; ++k)
      if (out[k].kind == PatternKind::support) supports.push_back(out[k]);
  }
  ASSERT_EQ(supports.size(), 1u);
  const auto level = d.nearest_support(105);
  ASSERT_TRUE(level);
  EXPECT_NEAR(level->price, (99.8 + 99.9) / 2, 1e-9);
  EXPECT_EQ(level->touches, 2u);
  EXPECT_FALSE(d.nearest_support(99));
  EXPECT_FALSE(d.nearest_resistance(105));  // the single 106 top is one touch only
}

}  // namespace
}  // namespace symphony::market
