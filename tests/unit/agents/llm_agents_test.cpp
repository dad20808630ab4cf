// Grok Alpha and the conductor's LLM refinement with a scripted LLM gateway: what they ask,
// what they do with an answer, and how they fall back to rules when no LLM answers.
#include <symphony/agents/conductor.hpp>
#include <symphony/agents/grok_alpha.hpp>
#include <symphony/core/rng.hpp>

#include <nlohmann/json.hpp>

#include "agent_test_instrument.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace symphony::agents {
namespace {

// Holds every submitted question until the test answers it, as the LLM thread would.
class ScriptedGateway : public llm::LlmGateway {
 public:
  bool on = true;
  struct asked {
    llm::Provider provider;
    llm::LlmRequest request;
    Done done;
  };
  std::vector<asked> questions;
  bool available(llm::Provider) const override { return on; }
  void submit(llm::Provider p, llm::LlmRequest r, Done d) override {
    questions.push_back({p, std::move(r), std::move(d)});
  }
  void answer(const std::string& json, std::size_t i = 0) {
    llm::LlmResult r;
    r.outcome = llm::Outcome::ok;
    r.answer = json;
    r.model = "gpt-4o-mini";
    questions.at(i).done(r);
  }
  void fail(llm::Outcome o, const std::string& why, std::size_t i = 0) {
    llm::LlmResult r;
    r.outcome = o;
    r.reason = why;
    questions.at(i).done(r);
  }
};

Instrument instrument() { return test::instrument(); }

// An hour of 1-minute bars climbing steadily: every rule vote says up.
Timestamp climb(market::MarketState& m, int bars, double& price, double step) {
  static Timestamp t = 1'767'225'600LL * ns_per_s;
  static std::uint64_t id = 1;
  for (int b = 0; b < bars; ++b) {
    price += step * ((b % 4 == 3) ? -0.5 : 1.0);
    for (int k = 0; k < 3; ++k)
      m.on_trade(
          {0, t + (k + 1) * ns_per_min / 4, Price::from_double(price + 0.01 * k), Qty::from_units(1), Side::buy, id++});
    t += ns_per_min;
    m.on_time(t);
  }
  return t;
}

TEST(GrokAlpha, AsksTheLlmWithTheMarketContextAndTradesItsAnswerOnce) {
  market::MarketState m(1);
  double p = 100;
  Timestamp t = climb(m, 60, p, 0.1);
  ScriptedGateway llm;
  GrokAlpha agent(GrokAlphaConfig{}, 1, &llm);
  const Instrument ins = instrument();
  const Decision first = agent.decide({ins, m.at(0), Regime::bull_trending, t});
  ASSERT_EQ(llm.questions.size(), 1u);
  const llm::LlmRequest& q = llm.questions[0].request;
  EXPECT_EQ(q.agent, "grok_alpha");
  EXPECT_EQ(q.tier, llm::Tier::routine);
  EXPECT_NE(q.prompt.find("symbol BTCUSDT | regime BULL_TRENDING"), std::string::npos) << q.prompt;
  EXPECT_NE(q.prompt.find("RSI"), std::string::npos);
  EXPECT_EQ(q.schema, GrokAlpha::answer_schema());
  // While the answer is pending the rules speak, and say so.
  EXPECT_NE(first.reason.find("rules (LLM pending)"), std::string::npos) << first.reason;
  // No second question while one is in flight.
  agent.decide({ins, m.at(0), Regime::bull_trending, t + 5 * ns_per_s});
  EXPECT_EQ(llm.questions.size(), 1u);

  llm.answer(R"({"action":"SELL","confidence":0.8,"reason":"exhausted rally"})");
  const Decision d = agent.decide({ins, m.at(0), Regime::bull_trending, t + 10 * ns_per_s});
  ASSERT_EQ(d.action, Action::sell) << d.reason;
  EXPECT_DOUBLE_EQ(d.confidence, 0.8);
  EXPECT_EQ(d.reason, "LLM gpt-4o-mini: exhausted rally");
  EXPECT_GT(d.stop, d.entry);  // its own stop in ATRs, not the model's
  EXPECT_LT(d.target2, d.target1);
  agent.acted(ins, d);
  EXPECT_EQ(agent.decide({ins, m.at(0), Regime::bull_trending, t + 15 * ns_per_s}).reason,
            "LLM gpt-4o-mini: answer already acted on");
  // Five minutes on it asks again; a volatile regime asks the strong model.
  agent.decide({ins, m.at(0), Regime::bull_volatile, t + 5 * ns_per_min});
  ASSERT_EQ(llm.questions.size(), 2u);
  EXPECT_EQ(llm.questions[1].request.tier, llm::Tier::high_stakes);
  llm.answer(R"({"action":"HOLD","confidence":0.4,"reason":"unclear"})", 1);
  const Decision hold = agent.decide({ins, m.at(0), Regime::bull_volatile, t + 5 * ns_per_min + 5 * ns_per_s});
  EXPECT_EQ(hold.action, Action::hold);
  EXPECT_EQ(hold.reason, "LLM gpt-4o-mini: HOLD (0.40): unclear");
}

TEST(GrokAlpha, FallsBackToItsRulesWhenTheLlmFailsOrIsOff) {
  market::MarketState m(1);
  double p = 100;
  Timestamp t = climb(m, 60, p, 0.1);
  ScriptedGateway llm;
  GrokAlpha agent(GrokAlphaConfig{}, 1, &llm);
  const Instrument ins = instrument();
  agent.decide({ins, m.at(0), Regime::bull_trending, t});
  llm.fail(llm::Outcome::timeout, "no answer within 30s");
  const Decision d = agent.decide({ins, m.at(0), Regime::bull_trending, t + 5 * ns_per_s});
  ASSERT_EQ(d.action, Action::buy) << d.reason;  // the climb: every rule votes up
  EXPECT_EQ(d.reason.rfind("rules (LLM timeout: no answer within 30s): trend +", 0), 0u) << d.reason;
  agent.acted(ins, d);
  EXPECT_NE(agent.decide({ins, m.at(0), Regime::bull_trending, t + 10 * ns_per_s}).reason.find("already acted on"),
            std::string::npos);

  llm.on = false;  // no key
  GrokAlpha off(GrokAlphaConfig{}, 1, &llm);
  const Decision o = off.decide({ins, m.at(0), Regime::bull_trending, t});
  EXPECT_EQ(llm.questions.size(), 1u);  // nothing asked
  EXPECT_EQ(o.reason.rfind("rules (LLM off: no openai key)", 0), 0u) << o.reason;
  GrokAlpha none(GrokAlphaConfig{}, 1, nullptr);
  const Decision n = none.decide({ins, m.at(0), Regime::bull_trending, t});
  EXPECT_EQ(n.action, Action::buy) << n.reason;

  // A flat market: the rules hold.
  market::MarketState flat(1);
  double q = 100;
  Timestamp u = climb(flat, 60, q, 0.0);
  EXPECT_EQ(none.decide({ins, flat.at(0), Regime::range_bound, u}).action, Action::hold);
}

TEST(Conductor, AnLlmRefinesTheMarketRegimeOnALaterTick) {
  market::MarketState market(1);
  ConductorConfig cfg;
  cfg.rules.warm_up_bars = 20;
  cfg.llm.enabled = true;
  ScriptedGateway llm;
  InProcessRegimeBus bus;
  Conductor conductor(cfg, 1, &bus, &llm);
  // Busy, then quiet: the rules learn the quiet level and say RANGE_BOUND.
  Rng rng(5);
  double logp = std::log(100.0);
  Timestamp t = 1'767'225'600LL * ns_per_s;
  std::uint64_t id = 1;
  for (int bar = 0; bar < 150; ++bar) {
    const int prints = bar < 30 ? 240 : 90;
    logp += (bar < 30 ? 0.002 : 0.0004) * rng.normal();
    for (int k = 0; k < prints; ++k)
      market.on_trade({0, t + (k + 1) * ns_per_min / (prints + 1), Price::from_double(std::exp(logp)),
                       Qty::from_units(1), Side::buy, id++});
    t += ns_per_min;
    market.on_time(t);
  }
  const auto round = conductor.classify(market, t);
  ASSERT_EQ(round.size(), 2u);
  EXPECT_EQ(round[1].regime, Regime::range_bound);
  ASSERT_EQ(llm.questions.size(), 1u);
  EXPECT_EQ(llm.questions[0].request.agent, "conductor");
  EXPECT_NE(llm.questions[0].request.prompt.find("rules say RANGE_BOUND"), std::string::npos);
  EXPECT_TRUE(conductor.take_refined().empty());
  llm.answer(R"({"regime":"BULL_TRENDING","confidence":0.7,"reason":"higher lows"})");
  const auto refined = conductor.take_refined();
  ASSERT_EQ(refined.size(), 1u);
  EXPECT_EQ(refined[0].source, "llm:gpt-4o-mini");
  EXPECT_EQ(refined[0].regime, Regime::bull_trending);
  EXPECT_EQ(refined[0].ts_us, round[1].ts_us);  // it refines that round
  EXPECT_EQ(conductor.market_regime(), Regime::bull_trending);
  EXPECT_EQ(bus.latest(RegimeClassification::market_scope)->source, "llm:gpt-4o-mini");
  // A failed refinement leaves the rules' label; the next round's rules label stands until then.
  conductor.classify(market, t + cfg.interval);
  EXPECT_EQ(conductor.market_regime(), Regime::range_bound);
  ASSERT_EQ(llm.questions.size(), 2u);
  llm.fail(llm::Outcome::circuit_open, "open", 1);
  EXPECT_TRUE(conductor.take_refined().empty());
  EXPECT_EQ(conductor.market_regime(), Regime::range_bound);
}

}  // namespace
}  // namespace symphony::agents
