#include <symphony/app/regime_accuracy.hpp>

#include <gtest/gtest.h>

namespace symphony::app {
namespace {

// The target: the rules find the simulated market's true regime at least 85% of
// the time over 30 simulated days. This is the run the README shows (`symphonyd
// --regime-accuracy`, seed 1, default config).
TEST(RegimeAccuracy, RulesFindTheTrueRegimeOverThirtySimulatedDays) {
  const RegimeAccuracy a = score_regime_rules(default_config(), 1, 30 * ns_per_day);
  SCOPED_TRACE(format_regime_accuracy(a));
  // One market classification every 5 minutes after the first hour's warm-up.
  EXPECT_EQ(a.market.total(), 30u * 288u - 15u);
  EXPECT_GT(a.regime_switches, 150u);  // about one every 3 hours: a real test of switching
  EXPECT_GE(a.market.accuracy(), 0.85);
  EXPECT_GE(a.instruments.accuracy(), 0.80);
  for (int i = 0; i < regime_count; ++i) {
    const auto r = static_cast<Regime>(i);
    EXPECT_GT(a.market.support(r), 500u) << to_string(r);
    EXPECT_GE(a.market.precision(r), 0.75) << to_string(r);
    EXPECT_GE(a.market.recall(r), 0.75) << to_string(r);
  }
}

TEST(RegimeAccuracy, SameSeedSameScoreAndTheReportSaysWhatRan) {
  const RegimeAccuracy a = score_regime_rules(default_config(), 5, 2 * ns_per_day);
  const RegimeAccuracy b = score_regime_rules(default_config(), 5, 2 * ns_per_day);
  const std::string text = format_regime_accuracy(a);
  EXPECT_EQ(text, format_regime_accuracy(b));
  EXPECT_NE(text.find("seed 5, 2d simulated"), std::string::npos) << text;
  EXPECT_NE(text.find("market (the conductor's market-wide regime)"), std::string::npos) << text;
  EXPECT_EQ(a.instruments.total(), 3 * a.market.total());
  // Another seed is another market.
  EXPECT_NE(text, format_regime_accuracy(score_regime_rules(default_config(), 6, 2 * ns_per_day)));
}

}  // namespace
}  // namespace symphony::app
