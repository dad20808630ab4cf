// The rule agents on constructed markets: each acts where it should and holds otherwise.
#include <symphony/agents/breakout_sniper.hpp>
#include <symphony/agents/mean_reversion.hpp>
#include <symphony/agents/trend_surfer.hpp>
#include <symphony/agents/volatility_harvester.hpp>
#include <symphony/agents/whale_tracker.hpp>

#include "agent_test_instrument.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace symphony::agents {
namespace {

Instrument instrument() { return test::instrument(); }

// Drives one instrument's market core bar by bar: each 1-minute bar is four prints (open,
// high, low, close) sharing its volume.
class Market {
 public:
  Market() : state_(1) {}
  void bar(double open, double high, double low, double close, double volume = 4) {
    const double prices[4] = {open, high, low, close};
    for (int k = 0; k < 4; ++k)
      state_.on_trade({0, t_ + (k + 1) * ns_per_min / 5, Price::from_double(prices[k]), Qty::from_double(volume / 4),
                       Side::buy, id_++});
    t_ += ns_per_min;
    state_.on_time(t_);
    // The engine asks every agent every loop tick: each sees every bar.
    if (watcher_) watcher_->decide({ins_, state_.at(0), Regime::range_bound, t_});
  }
  void watch(Agent& a) { watcher_ = &a; }
  // `n` bars around `price` alternating ±wiggle with a high-low range of `range`.
  void chop(int n, double price, double wiggle, double range, double volume = 4) {
    for (int i = 0; i < n; ++i) {
      const double c = price + ((i % 2) ? wiggle : -wiggle);
      bar(price, std::max(price, c) + range / 2, std::min(price, c) - range / 2, c, volume);
    }
  }
  // `n` bars climbing (or falling) by `step` each, with small pullbacks.
  void trend(int n, double& price, double step, double volume = 4) {
    for (int i = 0; i < n; ++i) {
      const double open = price;
      price += step;
      bar(open, std::max(open, price) + std::fabs(step) * 0.2, std::min(open, price) - std::fabs(step) * 0.2, price,
          volume);
    }
  }
  Decision ask(Agent& a, Regime r = Regime::range_bound) { return a.decide({ins_, state_.at(0), r, t_}); }
  market::MarketState& state() { return state_; }
  [[nodiscard]] Timestamp now() const { return t_; }
  const Instrument& ins() const { return ins_; }

 private:
  market::MarketState state_;
  Instrument ins_ = instrument();
  Timestamp t_ = 1'767'225'600LL * ns_per_s;
  std::uint64_t id_ = 1;
  Agent* watcher_ = nullptr;
};

void expect_bracket(const Decision& d) {
  ASSERT_NE(d.action, Action::hold) << "held: " << d.reason;
  const double dir = d.action == Action::buy ? 1 : -1;
  EXPECT_GT(d.confidence, 0.5);
  EXPECT_LE(d.confidence, 1.0);
  EXPECT_LT(dir * (d.stop - d.entry).to_double(), 0);
  EXPECT_GT(dir * (d.target1 - d.entry).to_double(), 0);
  EXPECT_GE(dir * (d.target2 - d.target1).to_double(), 0);
  EXPECT_FALSE(d.reason.empty());
}

TEST(BreakoutSniper, BuysABreakOnVolumeAndHoldsWithoutIt) {
  for (bool volume : {true, false}) {
    Market m;
    BreakoutSniper agent(BreakoutSniperConfig{}, 1);
    m.chop(40, 100, 0.2, 0.4);
    EXPECT_EQ(m.ask(agent).action, Action::hold);
    EXPECT_NE(m.ask(agent).reason.find("inside the channel"), std::string::npos) << m.ask(agent).reason;
    m.bar(100, 101.6, 100, 101.5, volume ? 16 : 4);  // through the 100.5 high
    const Decision d = m.ask(agent, Regime::bull_trending);
    if (!volume) {
      EXPECT_EQ(d.action, Action::hold);
      EXPECT_NE(d.reason.find("without volume"), std::string::npos) << d.reason;
      continue;
    }
    expect_bracket(d);
    EXPECT_EQ(d.action, Action::buy);
    agent.acted(m.ins(), d);
    EXPECT_EQ(m.ask(agent).action, Action::hold);  // one signal per breaking bar
  }
}

TEST(BreakoutSniper, SellsABreakdown) {
  Market m;
  BreakoutSniper agent(BreakoutSniperConfig{}, 1);
  m.chop(40, 100, 0.2, 0.4);
  m.ask(agent);
  m.bar(100, 100, 98.4, 98.5, 16);
  const Decision d = m.ask(agent);
  expect_bracket(d);
  EXPECT_EQ(d.action, Action::sell);
}

TEST(TrendSurfer, RidesAStrongTrendButNotAChopOrAnOverextension) {
  Market m;
  TrendSurfer agent(TrendSurferConfig{}, 1);
  m.chop(60, 100, 0.3, 0.5);
  EXPECT_EQ(m.ask(agent).action, Action::hold);  // no trend
  double p = 100;
  m.trend(40, p, 0.15);
  const Decision d = m.ask(agent, Regime::bull_trending);
  expect_bracket(d);
  EXPECT_EQ(d.action, Action::buy);
  agent.acted(m.ins(), d);
  EXPECT_NE(m.ask(agent).reason.find("cooling down"), std::string::npos);
  // A falling market rides down; a vertical spike is too extended to join.
  Market f;
  TrendSurfer down(TrendSurferConfig{}, 1);
  f.chop(60, 100, 0.3, 0.5);
  double q = 100;
  f.trend(40, q, -0.15);
  EXPECT_EQ(f.ask(down).action, Action::sell);
  f.trend(3, q, -2.0);
  EXPECT_NE(f.ask(down).reason.find("too extended"), std::string::npos) << f.ask(down).reason;
}

TEST(VolatilityHarvester, TradesTheReleaseOfASqueezeAndFadesASpike) {
  Market m;
  VolatilityHarvester agent(VolatilityHarvesterConfig{}, 1);
  m.watch(agent);
  m.chop(60, 100, 0.8, 1.0);   // normal swings
  m.chop(30, 100, 0.05, 0.1);  // then the bands squeeze
  for (int i = 0; i < 3; ++i) m.ask(agent);
  const Decision quiet = m.ask(agent);
  EXPECT_EQ(quiet.action, Action::hold);
  EXPECT_NE(quiet.reason.find("waiting for a close outside"), std::string::npos) << quiet.reason;
  m.bar(100, 100.6, 100, 100.5);  // out of the squeezed bands
  const Decision d = m.ask(agent);
  expect_bracket(d);
  EXPECT_EQ(d.action, Action::buy);

  Market s;
  VolatilityHarvester fade(VolatilityHarvesterConfig{}, 1);
  s.watch(fade);
  s.chop(80, 100, 0.3, 0.4);
  double p = 100;
  s.trend(5, p, 0.3);
  s.ask(fade);
  s.bar(p, p + 5, p, p + 4.8);  // a 5-point bar where ATR is under 1: an up-spike
  const Decision f = s.ask(fade);
  expect_bracket(f);
  EXPECT_EQ(f.action, Action::sell);
  EXPECT_NE(f.reason.find("spike"), std::string::npos);
}

TEST(MeanReversion, FadesAStretchInARangeButNotInATrend) {
  Market m;
  MeanReversion agent(MeanReversionConfig{}, 1);
  m.chop(60, 100, 0.05, 0.1);
  EXPECT_EQ(m.ask(agent).action, Action::hold);
  for (double c : {99.5, 99.0, 98.5, 98.0}) m.bar(c + 0.5, c + 0.5, c - 0.05, c);  // a slide below the range
  const Decision d = m.ask(agent);
  expect_bracket(d);
  EXPECT_EQ(d.action, Action::buy);
  EXPECT_NEAR(d.target1.to_double(), 99.6, 0.4);  // the mean

  Market t;
  MeanReversion trending(MeanReversionConfig{}, 1);
  double p = 100;
  t.trend(60, p, 0.2);
  t.bar(p, p + 1.5, p, p + 1.5);
  const Decision no = t.ask(trending);
  EXPECT_EQ(no.action, Action::hold) << no.reason;
  EXPECT_NE(no.reason.find("trending"), std::string::npos) << no.reason;
}

TEST(WhaleTracker, FollowsALargeBuyUnlessAWallBlocksIt) {
  for (bool wall : {false, true}) {
    Market m;
    WhaleTracker agent(WhaleTrackerConfig{}, 1);
    m.chop(20, 100, 0.2, 0.4, 40);
    std::vector<market::Level> bids, asks;
    for (int k = 0; k < 10; ++k) {
      bids.push_back({Price::from_double(99.99 - 0.01 * k), Qty::from_units(5)});
      asks.push_back({Price::from_double(100.01 + 0.01 * k), Qty::from_units(wall && k == 3 ? 60 : 5)});
    }
    m.state().on_snapshot({0, m.now(), bids, asks});
    EXPECT_EQ(m.ask(agent).reason, "no fresh large print");
    for (int k = 0; k < 30; ++k)  // ordinary buying, then a print twenty times their size
      m.state().on_trade({0, m.now() + k, Price::from_double(100.01), Qty::from_units(1), Side::buy,
                          static_cast<std::uint64_t>(1000 + k)});
    m.state().on_trade({0, m.now() + 40, Price::from_double(100.02), Qty::from_units(60), Side::buy, 2000});
    const Decision d = m.ask(agent);
    if (wall) {
      EXPECT_EQ(d.action, Action::hold);
      EXPECT_NE(d.reason.find("wall at"), std::string::npos) << d.reason;
      continue;
    }
    expect_bracket(d);
    EXPECT_EQ(d.action, Action::buy);
    agent.acted(m.ins(), d);
    EXPECT_EQ(m.ask(agent).reason, "large print already acted on");
  }
}

TEST(WhaleTracker, FindsAWall) {
  market::OrderBook book(Price::from_double(0.01));
  std::vector<market::Level> bids{{Price::from_double(10.00), Qty::from_units(1)},
                                  {Price::from_double(9.99), Qty::from_units(1)},
                                  {Price::from_double(9.98), Qty::from_units(9)},
                                  {Price::from_double(9.97), Qty::from_units(1)}};
  const std::vector<market::Level> asks{{Price::from_double(10.01), Qty::from_units(1)}};
  book.apply_snapshot(bids, asks, 1);
  const auto w = find_wall(book, Side::buy, 10, 3.0);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->price, Price::from_double(9.98));
  EXPECT_DOUBLE_EQ(w->multiple, 9.0);
  EXPECT_FALSE(find_wall(book, Side::buy, 10, 10.0).has_value());
  EXPECT_FALSE(find_wall(book, Side::sell, 10, 3.0).has_value());  // one level: nothing to compare
}

}  // namespace
}  // namespace symphony::agents
