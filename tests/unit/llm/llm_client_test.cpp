// The LLM client against a fake OpenAI and a fake Gemini on loopback, serving the sample
// payloads: success, refusal, truncation, safety block, 429, 500 and timeout; budgets,
// the circuit breaker, and recording then replaying answers.
#include <symphony/llm/llm_client.hpp>
#include <symphony/net/reactor.hpp>

#include <fake_llm.hpp>
#include <temp_dir.hpp>
#include <test_pki.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <optional>

namespace symphony::llm {
namespace {

using test::FakeLlm;
using test::ServerReply;

const char* const schema = R"({"type": "object", "additionalProperties": false,
  "required": ["action", "confidence"],
  "properties": {"action": {"type": "string", "enum": ["BUY", "SELL", "HOLD"]},
                 "confidence": {"type": "number", "minimum": 0, "maximum": 1}}})";

LlmRequest question(std::string prompt = "BTCUSDT: what now?", std::string agent = "grok_alpha") {
  LlmRequest r;
  r.agent = std::move(agent);
  r.system = "Answer with a trading signal.";
  r.prompt = std::move(prompt);
  r.schema_name = "signal";
  r.schema = schema;
  return r;
}

struct LlmClientFixture : ::testing::TestWithParam<FakeLlm::Kind> {
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  RealClock clock;
  net::Reactor reactor{clock};
  FakeLlm fake{pki, GetParam()};
  CostMeter meter{{{"gpt-4o-mini", {0.15, 0.075, 0.60}},
                   {"gpt-4o", {2.50, 1.25, 10.00}},
                   {"gemini-2.5-flash-lite", {0.10, 0.01, 0.40}},
                   {"gemini-2.5-flash", {0.30, 0.03, 2.50}}},
                  {Money::from_units(1), Money::from_units(5)}};
  std::vector<LlmNotice> notices;

  ProviderConfig config() {
    ProviderConfig c;
    const bool openai = GetParam() == FakeLlm::Kind::openai;
    c.provider = openai ? Provider::openai : Provider::gemini;
    c.base_url = fake.base_url();
    c.routine_model = openai ? "gpt-4o-mini" : "gemini-2.5-flash-lite";
    c.high_stakes_model = openai ? "gpt-4o" : "gemini-2.5-flash";
    c.timeout = 2 * ns_per_s;
    c.backoff = {10 * ns_per_ms, 50 * ns_per_ms, 2.0, 0.5};
    c.tls.ca_file = pki.ca_file();
    return c;
  }
  std::unique_ptr<LlmClient> client(ProviderConfig c, std::string key = "test-key", AnswerCache* cache = nullptr) {
    auto out = std::make_unique<LlmClient>(reactor, std::move(c), std::move(key), meter, cache, 42);
    out->set_notice_listener([this](const LlmNotice& n) { notices.push_back(n); });
    return out;
  }
  // Runs the reactor until the call is answered (at most 10 s).
  LlmResult ask(LlmClient& c, LlmRequest r = question()) {
    std::optional<LlmResult> out;
    bool running = false;  // a call refused at once answers before the reactor runs
    c.complete(std::move(r), [&](LlmResult&& res) {
      out = std::move(res);
      if (running) reactor.stop();
    });
    running = true;
    if (!out) reactor.run(10 * ns_per_s);
    EXPECT_TRUE(out) << "no result within 10 s";
    return out ? std::move(*out) : LlmResult{};
  }
  std::string sample_prefix() const { return GetParam() == FakeLlm::Kind::openai ? "openai/" : "gemini/"; }
};

TEST_P(LlmClientFixture, AnswersAStructuredQuestionAndPricesIt) {
  auto c = client(config());
  fake.push(fake.answer(R"({"action":"BUY","confidence":0.8})", 1000, 200));
  const LlmResult r = ask(*c);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(nlohmann::json::parse(r.answer)["action"], "BUY");
  EXPECT_EQ(r.usage.input, 1000u);
  EXPECT_EQ(r.attempts, 1u);
  EXPECT_FALSE(r.from_cache);
  EXPECT_GT(r.latency, 0);
  // Routine tier: gpt-4o-mini 1000·0.15 + 200·0.60 per 1e6, or flash-lite 1000·0.10 + 200·0.40.
  EXPECT_EQ(r.cost, Money::parse(GetParam() == FakeLlm::Kind::openai ? "0.00027" : "0.00018").value());
  EXPECT_EQ(meter.spent_today("grok_alpha"), r.cost);
  // What went over the wire: the key header, the model of the tier, the schema.
  const auto reqs = fake.requests();
  ASSERT_EQ(reqs.size(), 1u);
  const auto body = nlohmann::json::parse(reqs[0].body);
  if (GetParam() == FakeLlm::Kind::openai) {
    EXPECT_EQ(reqs[0].header("authorization"), "Bearer test-key");
    EXPECT_EQ(body["model"], "gpt-4o-mini");
  } else {
    EXPECT_EQ(reqs[0].header("x-goog-api-key"), "test-key");
    EXPECT_EQ(reqs[0].path(), "/v1beta/models/gemini-2.5-flash-lite:generateContent");
  }
  // The high-stakes tier uses the strong model.
  fake.push(fake.answer(R"({"action":"HOLD","confidence":0.5})"));
  LlmRequest big = question();
  big.tier = Tier::high_stakes;
  ASSERT_TRUE(ask(*c, big).ok());
  if (GetParam() == FakeLlm::Kind::openai)
    EXPECT_EQ(nlohmann::json::parse(fake.requests()[1].body)["model"], "gpt-4o");
  else
    EXPECT_EQ(fake.requests()[1].path(), "/v1beta/models/gemini-2.5-flash:generateContent");
}

TEST_P(LlmClientFixture, RefusalsTruncationSafetyBlocksAndBadAnswersFailWithTheirReason) {
  auto c = client(config());
  const bool openai = GetParam() == FakeLlm::Kind::openai;
  if (openai) {
    fake.push(fake.sample("chat_completion_response_refusal.json"));
    fake.push(fake.sample("chat_completion_response_finish_length.json"));
  } else {
    fake.push(fake.sample("generateContent_response_prompt_blocked.json"));
    fake.push(fake.sample("generateContent_response_finish_safety.json"));
  }
  fake.push(fake.answer(R"({"action":"MOON","confidence":0.9})"));
  fake.push(fake.answer("not json at all"));
  const LlmResult first = ask(*c);
  EXPECT_EQ(first.outcome, openai ? Outcome::refusal : Outcome::safety_block) << first.reason;
  const LlmResult second = ask(*c);
  EXPECT_EQ(second.outcome, openai ? Outcome::truncated : Outcome::safety_block) << second.reason;
  const LlmResult bad = ask(*c);
  EXPECT_EQ(bad.outcome, Outcome::malformed);
  EXPECT_EQ(bad.reason, R"(answer does not match the schema: $.action: "MOON" is not one of ["BUY","SELL","HOLD"])");
  const LlmResult junk = ask(*c);
  EXPECT_EQ(junk.outcome, Outcome::malformed);
  EXPECT_EQ(fake.hits(), 4u);                                    // none of these is retried
  EXPECT_EQ(c->breaker_state(), CircuitBreaker::State::closed);  // nor held against the provider
}

TEST_P(LlmClientFixture, RetriesA429AfterRetryAfterAndA500WithBackoff) {
  auto c = client(config());
  const bool openai = GetParam() == FakeLlm::Kind::openai;
  if (openai)
    fake.push(fake.sample("error_429_rate_limit_tokens.json", 429, {{"retry-after-ms", "150"}}));
  else
    fake.push(ServerReply::json(R"({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "slow down",
        "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.150s"}]}})",
                                429));
  fake.push(fake.answer(R"({"action":"SELL","confidence":0.7})"));
  const LlmResult r = ask(*c);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.attempts, 2u);
  EXPECT_GE(r.latency, 150 * ns_per_ms);  // it waited as asked

  fake.push(ServerReply::json(R"({"error": {"message": "boom"}})", 500));
  fake.push(ServerReply::json(R"({"error": {"message": "boom"}})", 503));
  fake.push(fake.answer(R"({"action":"SELL","confidence":0.7})"));
  const LlmResult again = ask(*c);
  ASSERT_TRUE(again.ok()) << again.reason;
  EXPECT_EQ(again.attempts, 3u);

  // Out of retries: the last failure is the result.
  fake.set_fallback(ServerReply::json(R"({"error": {"message": "still down"}})", 500));
  const LlmResult down = ask(*c);
  EXPECT_EQ(down.outcome, Outcome::server_error);
  EXPECT_EQ(down.attempts, 3u);
  EXPECT_NE(down.reason.find("HTTP 500"), std::string::npos) << down.reason;
}

TEST_P(LlmClientFixture, QuotaAndBadKeysAreNotRetried) {
  const bool openai = GetParam() == FakeLlm::Kind::openai;
  auto c = client(config());
  fake.push(openai ? fake.sample("error_429_insufficient_quota.json", 429)
                   : fake.sample("error_429_resource_exhausted.json", 429));
  EXPECT_EQ(ask(*c).outcome, Outcome::quota_exhausted);
  EXPECT_EQ(fake.hits(), 1u);
  auto wrong = client(config(), "wrong-key");
  const LlmResult r = ask(*wrong);
  EXPECT_EQ(r.outcome, Outcome::auth) << r.reason;
  EXPECT_EQ(r.reason.find("wrong-key"), std::string::npos);  // the key never shows
  // Nor the masked key OpenAI's 401 echoes ("sk-abc12***…wxyz"): it is stored and logged.
  EXPECT_EQ(r.reason.find("sk-abc12"), std::string::npos) << r.reason;
  EXPECT_EQ(r.reason.find("wxyz"), std::string::npos) << r.reason;
  EXPECT_EQ(fake.hits(), 2u);
}

TEST_P(LlmClientFixture, TimesOutAStalledServer) {
  ProviderConfig cfg = config();
  cfg.timeout = 300 * ns_per_ms;
  cfg.max_retries = 1;
  auto c = client(cfg);
  ServerReply stall;
  stall.action = ServerReply::Action::stall;
  fake.set_fallback(stall);
  const LlmResult r = ask(*c);
  EXPECT_EQ(r.outcome, Outcome::timeout) << r.reason;
  EXPECT_EQ(r.attempts, 2u);
  EXPECT_GE(r.latency, 600 * ns_per_ms);
}

TEST_P(LlmClientFixture, CircuitBreakerOpensOnFailuresAndClosesAfterASuccessfulTrial) {
  ProviderConfig cfg = config();
  cfg.max_retries = 0;
  cfg.breaker = {2, 200 * ns_per_ms};
  auto c = client(cfg);
  fake.set_fallback(ServerReply::json(R"({"error": {"message": "down"}})", 502));
  EXPECT_EQ(ask(*c).outcome, Outcome::server_error);
  EXPECT_EQ(ask(*c).outcome, Outcome::server_error);
  EXPECT_EQ(c->breaker_state(), CircuitBreaker::State::open);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, LlmNotice::Kind::breaker);
  EXPECT_NE(notices[0].detail.find("circuit open after 2 failures"), std::string::npos) << notices[0].detail;
  const LlmResult refused = ask(*c);
  EXPECT_EQ(refused.outcome, Outcome::circuit_open);
  EXPECT_EQ(fake.hits(), 2u);    // refused without a request
  reactor.run(250 * ns_per_ms);  // past open_for
  fake.push(fake.answer(R"({"action":"HOLD","confidence":0.1})"));
  ASSERT_TRUE(ask(*c).ok());  // the trial
  EXPECT_EQ(c->breaker_state(), CircuitBreaker::State::closed);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_NE(notices[1].detail.find("circuit closed"), std::string::npos) << notices[1].detail;
}

TEST_P(LlmClientFixture, BudgetExhaustionStopsCallsAndIsReported) {
  CostMeter tight({{"gpt-4o-mini", {0.15, 0.075, 0.60}}, {"gemini-2.5-flash-lite", {0.10, 0.01, 0.40}}},
                  {Money::parse("0.001").value(), Money::from_units(5)});
  LlmClient c(reactor, config(), "test-key", tight, nullptr, 1);
  c.set_notice_listener([this](const LlmNotice& n) { notices.push_back(n); });
  fake.set_fallback(fake.answer(R"({"action":"BUY","confidence":0.9})", 10000, 2000));  // ≥ 0.001 USD each
  ASSERT_TRUE(ask(c).ok());
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, LlmNotice::Kind::budget);
  EXPECT_NE(notices[0].detail.find("agent grok_alpha LLM budget exhausted"), std::string::npos) << notices[0].detail;
  const LlmResult r = ask(c);
  EXPECT_EQ(r.outcome, Outcome::budget_exhausted);
  EXPECT_NE(r.reason.find("grok_alpha's daily LLM budget"), std::string::npos) << r.reason;
  EXPECT_EQ(fake.hits(), 1u);                                // fail safe: no request went out
  EXPECT_TRUE(ask(c, question("other", "conductor")).ok());  // other agents keep theirs
}

TEST_P(LlmClientFixture, WithoutAKeyEverythingIsOffAndNothingIsSent) {
  auto c = client(config(), "");
  EXPECT_FALSE(c->enabled());
  const LlmResult r = ask(*c);
  EXPECT_EQ(r.outcome, Outcome::disabled);
  EXPECT_EQ(fake.hits(), 0u);
}

TEST_P(LlmClientFixture, RecordedAnswersReplayIdenticallyWithoutTheNetwork) {
  const std::string path = dir.file("answers.jsonl");
  std::vector<std::string> recorded;
  {
    AnswerCache cache(path, CacheMode::record);
    auto c = client(config(), "test-key", &cache);
    for (int i = 0; i < 3; ++i) {
      fake.push(fake.answer(R"({"action":"BUY","confidence":0.)" + std::to_string(i + 5) + "}"));
      const LlmResult r = ask(*c, question("tick " + std::to_string(i)));
      ASSERT_TRUE(r.ok()) << r.reason;
      recorded.push_back(r.answer);
    }
  }
  const std::size_t hits = fake.hits();
  for (int run = 0; run < 2; ++run) {  // two replays: the same answers, no request
    AnswerCache cache(path, CacheMode::replay);
    auto c = client(config(), "", &cache);  // not even a key
    for (int i = 0; i < 3; ++i) {
      const LlmResult r = ask(*c, question("tick " + std::to_string(i)));
      ASSERT_TRUE(r.ok()) << r.reason;
      EXPECT_TRUE(r.from_cache);
      EXPECT_EQ(r.answer, recorded[static_cast<std::size_t>(i)]);
      EXPECT_EQ(r.cost, Money{});  // paid when recorded
    }
    const LlmResult miss = ask(*c, question("never asked"));
    EXPECT_EQ(miss.outcome, Outcome::not_cached);
  }
  EXPECT_EQ(fake.hits(), hits);
}

INSTANTIATE_TEST_SUITE_P(Providers, LlmClientFixture, ::testing::Values(FakeLlm::Kind::openai, FakeLlm::Kind::gemini),
                         [](const auto& p) { return p.param == FakeLlm::Kind::openai ? "OpenAi" : "Gemini"; });

}  // namespace
}  // namespace symphony::llm
