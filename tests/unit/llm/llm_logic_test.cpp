// Cost meter and budgets, circuit breaker, answer cache: the LLM client's pieces on their own.
#include <symphony/llm/answer_cache.hpp>
#include <symphony/llm/circuit_breaker.hpp>
#include <symphony/llm/cost_meter.hpp>

#include <temp_dir.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace symphony::llm {
namespace {

constexpr Timestamp day0 = 1'767'225'600LL * ns_per_s;  // 2026-01-01T00:00:00Z

CostMeter meter(Money per_agent, Money daily) {
  return CostMeter({{"gpt-4o-mini", {0.15, 0.075, 0.60}}, {"gpt-4o", {2.50, 1.25, 10.00}}}, {per_agent, daily});
}

TEST(CostMeter, PricesTokensFromTheTable) {
  const CostMeter m = meter(Money::from_units(1), Money::from_units(5));
  // 1M uncached in, 1M out of gpt-4o: 2.50 + 10.00.
  EXPECT_EQ(m.price("gpt-4o", {1'000'000, 0, 1'000'000}), Money::from_units(12) + Money::parse("0.5").value());
  // 1000 in of which 400 cached, 200 out of gpt-4o-mini: (600·0.15 + 400·0.075 + 200·0.60) / 1e6.
  EXPECT_EQ(m.price("gpt-4o-mini", {1000, 400, 200}), Money::parse("0.00024").value());
  EXPECT_EQ(m.price("unknown-model", {1000, 0, 1000}), Money{});
  EXPECT_FALSE(m.priced("unknown-model"));
}

TEST(CostMeter, BudgetsStopCallsAndAreReportedOnceUntilTheNextUtcDay) {
  CostMeter m = meter(Money::parse("0.10").value(), Money::parse("0.25").value());
  std::string why;
  EXPECT_TRUE(m.allows("grok_alpha", day0, &why));
  EXPECT_TRUE(m.charge("grok_alpha", Money::parse("0.06").value(), day0).empty());
  auto spent = m.charge("grok_alpha", Money::parse("0.06").value(), day0 + ns_per_hour);
  ASSERT_EQ(spent.size(), 1u);
  EXPECT_EQ(spent[0].scope, "agent grok_alpha");
  EXPECT_EQ(spent[0].spent, Money::parse("0.12").value());
  EXPECT_FALSE(m.allows("grok_alpha", day0 + ns_per_hour, &why));
  EXPECT_EQ(why, "grok_alpha's daily LLM budget 0.1 USD spent (0.12)");
  EXPECT_TRUE(m.allows("conductor", day0 + ns_per_hour));  // another agent still may
  EXPECT_TRUE(m.charge("grok_alpha", Money::parse("0.01").value(), day0 + ns_per_hour).empty());  // not reported twice
  EXPECT_TRUE(m.charge("conductor", Money::parse("0.05").value(), day0 + ns_per_hour).empty());
  spent = m.charge("conductor", Money::parse("0.07").value(), day0 + 2 * ns_per_hour);
  ASSERT_EQ(spent.size(), 2u);  // the conductor's own budget and the day's
  EXPECT_EQ(spent[1].scope, "daily");
  EXPECT_FALSE(m.allows("someone_else", day0 + 2 * ns_per_hour, &why));
  EXPECT_NE(why.find("daily LLM budget 0.25 USD spent"), std::string::npos) << why;
  // A new UTC day: everyone may call again.
  EXPECT_TRUE(m.allows("grok_alpha", day0 + ns_per_day));
  EXPECT_EQ(m.spent_today(), Money{});
}

TEST(CostMeter, ZeroBudgetMeansNoCalls) {
  CostMeter m = meter(Money{}, Money::from_units(5));
  EXPECT_FALSE(m.allows("grok_alpha", day0));
}

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresThenTriesOnceAndCloses) {
  CircuitBreaker b({3, 60 * ns_per_s});
  Timestamp t = day0;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(b.allow(t));
    EXPECT_FALSE(b.record(false, t).has_value());
  }
  ASSERT_TRUE(b.allow(t));
  EXPECT_TRUE(b.record(true, t) == std::nullopt);  // a success resets the count
  EXPECT_EQ(b.consecutive_failures(), 0u);
  for (int i = 0; i < 2; ++i) b.record(false, t);
  EXPECT_EQ(b.record(false, t), CircuitBreaker::State::open);
  EXPECT_FALSE(b.allow(t + 59 * ns_per_s));
  t += 60 * ns_per_s;
  EXPECT_TRUE(b.allow(t));  // the trial
  EXPECT_EQ(b.state(), CircuitBreaker::State::half_open);
  EXPECT_FALSE(b.allow(t));                                    // one trial at a time
  EXPECT_EQ(b.record(false, t), CircuitBreaker::State::open);  // failed: open again, for another minute
  EXPECT_FALSE(b.allow(t + 30 * ns_per_s));
  t += 60 * ns_per_s;
  ASSERT_TRUE(b.allow(t));
  EXPECT_EQ(b.record(true, t), CircuitBreaker::State::closed);
  EXPECT_TRUE(b.allow(t));
}

LlmRequest question(std::string prompt) {
  LlmRequest r;
  r.system = "s";
  r.prompt = std::move(prompt);
  r.schema = "{}";
  return r;
}

TEST(AnswerCache, KeysOnProviderModelPromptAndSchema) {
  const std::string k = AnswerCache::key(Provider::openai, "gpt-4o", question("p"));
  EXPECT_EQ(k.size(), 64u);
  EXPECT_EQ(k, AnswerCache::key(Provider::openai, "gpt-4o", question("p")));
  EXPECT_NE(k, AnswerCache::key(Provider::gemini, "gpt-4o", question("p")));
  EXPECT_NE(k, AnswerCache::key(Provider::openai, "gpt-4o-mini", question("p")));
  EXPECT_NE(k, AnswerCache::key(Provider::openai, "gpt-4o", question("q")));
  LlmRequest other = question("p");
  other.schema = R"({"type": "object"})";
  EXPECT_NE(k, AnswerCache::key(Provider::openai, "gpt-4o", other));
  // Field boundaries count: "ab" + "c" is not "a" + "bc".
  LlmRequest a = question("c"), b = question("bc");
  a.system = "ab";
  b.system = "a";
  EXPECT_NE(AnswerCache::key(Provider::openai, "m", a), AnswerCache::key(Provider::openai, "m", b));
  // The agent and the tier do not change the question.
  LlmRequest c = question("p");
  c.agent = "x";
  c.tier = Tier::high_stakes;
  EXPECT_EQ(k, AnswerCache::key(Provider::openai, "gpt-4o", c));
}

TEST(AnswerCache, RecordsToAFileAndReplaysFromItSkippingATornLine) {
  test::TempDir dir;
  const std::string path = dir.file("answers.jsonl");
  {
    AnswerCache rec(path, CacheMode::record);
    rec.put("k1", {R"({"action":"BUY"})", "gpt-4o", {100, 10, 20}});
    rec.put("k2", {R"({"action":"SELL"})", "gpt-4o", {50, 0, 5}});
  }
  {
    std::ofstream torn(path, std::ios::app);
    torn << R"({"key": "k3", "answ)";  // a crash mid-write
  }
  const AnswerCache replay(path, CacheMode::replay);
  EXPECT_EQ(replay.size(), 2u);
  EXPECT_EQ(replay.skipped_lines(), 1u);
  const auto hit = replay.find("k1");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->answer, R"({"action":"BUY"})");
  EXPECT_EQ(hit->usage.cached, 10u);
  EXPECT_FALSE(replay.find("k3").has_value());
  // Replay never writes.
  AnswerCache again(path, CacheMode::replay);
  again.put("k4", {"{}", "m", {}});
  EXPECT_FALSE(AnswerCache(path, CacheMode::replay).find("k4").has_value());
  EXPECT_THROW(AnswerCache(dir.file("no/such/dir/answers.jsonl"), CacheMode::record), std::runtime_error);
}

}  // namespace
}  // namespace symphony::llm
