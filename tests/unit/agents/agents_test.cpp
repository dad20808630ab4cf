#include <symphony/agents/agent_roster.hpp>
#include <symphony/agents/momentum_hunter.hpp>

#include "agent_test_instrument.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace symphony::agents {
namespace {

Instrument instrument() { return test::instrument("0.1"); }

// Feeds one trade per minute at the given closes through the market core, so each
// becomes a 1-minute bar with its indicators.
void feed(market::MarketState& m, const std::vector<double>& closes, Timestamp& t) {
  for (double c : closes) {
    m.on_trade(market::TradeTick{0, t, Price::from_double(c), Qty::from_units(1), Side::buy, 0});
    t += ns_per_min;
  }
  m.on_time(t);
}

std::vector<double> ramp(double from, double step, int n, double wiggle = 0) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(from + step * i + wiggle * ((i % 2) ? 1 : -1));
  return out;
}

TEST(MomentumHunter, BuysOnBullishCrossWithStopAndTargets) {
  MomentumHunter agent(MomentumHunterConfig{}, 1);
  market::MarketState m(1);
  const market::InstrumentState& s = m.at(0);
  Timestamp t = 0;
  feed(m, ramp(100, -0.05, 40, 0.3), t);  // a gentle decline: fast EMA below slow
  const Instrument ins = instrument();
  EXPECT_EQ(agent.decide({ins, s, Regime::bull_trending, t}).action, Action::hold);
  feed(m, ramp(98.2, 0.25, 6, 0.1), t);  // a sharp turn up: the fast EMA crosses above
  const Decision d = agent.decide({ins, s, Regime::bull_trending, t});
  ASSERT_EQ(d.action, Action::buy) << d.reason;
  EXPECT_GT(d.confidence, 0.5);
  EXPECT_LE(d.confidence, 1.0);
  EXPECT_LT(d.stop, d.entry);
  EXPECT_GT(d.target1, d.entry);
  EXPECT_GT(d.target2, d.target1);
  // Target distances are 1.5 R and 3 R of the stop distance.
  const double r = (d.entry - d.stop).to_double();
  EXPECT_NEAR((d.target1 - d.entry).to_double(), 1.5 * r, 1e-6);
  EXPECT_NEAR((d.target2 - d.entry).to_double(), 3.0 * r, 1e-6);
  // Once acted on, the same crossover does not fire again.
  agent.acted(ins, d);
  EXPECT_EQ(agent.decide({ins, s, Regime::bull_trending, t}).action, Action::hold);
}

TEST(MomentumHunter, HoldsWhileWarmingUp) {
  MomentumHunter agent(MomentumHunterConfig{}, 1);
  market::MarketState m(1);
  const market::InstrumentState& s = m.at(0);
  Timestamp t = 0;
  feed(m, ramp(100, 0.1, 10), t);
  const Decision d = agent.decide({instrument(), s, Regime::bull_trending, t});
  EXPECT_EQ(d.action, Action::hold);
  EXPECT_EQ(d.reason, "warming up");
}

TEST(MomentumHunter, CounterRegimeSignalIsLessConfidentUnderItsRegimeTable) {
  MomentumHunter a(MomentumHunterConfig{}, 1), b(MomentumHunterConfig{}, 1);
  market::MarketState m(1);
  const market::InstrumentState& s = m.at(0);
  Timestamp t = 0;
  feed(m, ramp(100, -0.05, 40, 0.3), t);
  // Agents watch the EMA ordering on each loop tick; both see the decline first.
  ASSERT_EQ(a.decide({instrument(), s, Regime::bull_trending, t}).action, Action::hold);
  ASSERT_EQ(b.decide({instrument(), s, Regime::bear_trending, t}).action, Action::hold);
  feed(m, ramp(98.2, 0.25, 6, 0.1), t);
  const RegimeTable& table = a.info().regimes;
  const Decision raw = a.decide({instrument(), s, Regime::bull_trending, t});
  const Decision with = apply_regime(table, Regime::bull_trending, raw);
  const Decision against =
      apply_regime(table, Regime::bear_trending, b.decide({instrument(), s, Regime::bear_trending, t}));
  ASSERT_EQ(with.action, Action::buy);
  ASSERT_EQ(against.action, Action::buy);
  EXPECT_EQ(with.confidence, raw.confidence);  // longs in a bull market: factor 1
  EXPECT_DOUBLE_EQ(against.confidence, raw.confidence * 0.8);
}

TEST(RegimeTable, ScalesForbidsAndCaps) {
  Decision d;
  d.action = Action::sell;
  d.confidence = 0.7;
  d.reason = "why";
  RegimeTable table{};
  table[static_cast<std::size_t>(Regime::bull_trending)] = {1.5, 0};  // no shorts
  table[static_cast<std::size_t>(Regime::bear_trending)] = {0, 1.5};  // aggressive shorts
  const Decision forbidden = apply_regime(table, Regime::bull_trending, d);
  EXPECT_EQ(forbidden.action, Action::hold);
  EXPECT_EQ(forbidden.reason, "why (no shorts in BULL_TRENDING)");
  const Decision bold = apply_regime(table, Regime::bear_trending, d);
  EXPECT_EQ(bold.action, Action::sell);
  EXPECT_DOUBLE_EQ(bold.confidence, 1.0);  // 1.05, capped
  d.confidence = 0.5;
  EXPECT_DOUBLE_EQ(apply_regime(table, Regime::bear_trending, d).confidence, 0.75);
  // A neutral entry leaves it alone; a HOLD stays a HOLD.
  EXPECT_DOUBLE_EQ(apply_regime(table, Regime::range_bound, d).confidence, 0.5);
  d.action = Action::hold;
  EXPECT_EQ(apply_regime(table, Regime::bull_trending, d).action, Action::hold);
  EXPECT_EQ(apply_regime(table, Regime::bull_trending, d).reason, "why");
}

class NullAgent : public Agent {
 public:
  const AgentInfo& info() const noexcept override {
    static const AgentInfo i{"null", "Null", "", "never trades", {}};
    return i;
  }
  Decision decide(const AgentContext&) override { return {}; }
};

TEST(AgentRoster, TrackRecordWeighsWinRate) {
  AgentRoster roster(Money::from_units(1'000'000), 0);
  roster.add(std::make_unique<NullAgent>());
  EXPECT_DOUBLE_EQ(roster.track_record_weight(0), 1.0);  // no history: neutral
  for (int i = 0; i < 3; ++i) static_cast<void>(roster.record_pnl("null", Money::from_units(10)));
  static_cast<void>(roster.record_pnl("null", Money::from_units(-50)));
  static_cast<void>(roster.record_pnl("null", Money{}));  // a scratch is no win
  EXPECT_EQ(roster.record(0).trades, 5u);
  EXPECT_EQ(roster.record(0).wins, 3u);
  EXPECT_EQ(roster.record(0).pnl, Money::from_units(-20));
  EXPECT_DOUBLE_EQ(roster.track_record_weight(0), 2.0 * 4 / 7);
  static_cast<void>(roster.record_pnl("other", Money::from_units(10)));  // another agent's trade
  EXPECT_EQ(roster.record(0).trades, 5u);
}

TEST(AgentRoster, DailyLossBreachLastsUntilNextUtcDay) {
  AgentRoster roster(Money::from_units(1000), 0);
  roster.add(std::make_unique<NullAgent>());
  EXPECT_TRUE(roster.record_pnl("null", Money::from_units(-600)).empty());
  const auto t = roster.record_pnl("null", Money::from_units(-400));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].to, AgentState::daily_loss_breached);
  EXPECT_EQ(roster.state(0), AgentState::daily_loss_breached);
  EXPECT_TRUE(roster.update(ns_per_day - 1).empty());
  const auto back = roster.update(ns_per_day);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].from, AgentState::daily_loss_breached);
  EXPECT_EQ(roster.state(0), AgentState::active);
}

TEST(AgentRoster, PauseAndResume) {
  AgentRoster roster(Money::from_units(1000), 0);
  roster.add(std::make_unique<NullAgent>());
  EXPECT_EQ(roster.set_paused("null", true, "operator").size(), 1u);
  EXPECT_TRUE(roster.set_paused("null", true, "again").empty());
  EXPECT_EQ(roster.state(0), AgentState::paused);
  EXPECT_TRUE(roster.update(ns_per_day).empty());  // a new day does not unpause
  EXPECT_EQ(roster.set_paused("null", false, "operator").size(), 1u);
  EXPECT_EQ(roster.state(0), AgentState::active);
}

}  // namespace
}  // namespace symphony::agents
