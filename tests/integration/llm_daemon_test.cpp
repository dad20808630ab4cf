// symphonyd with its LLM features against a fake OpenAI on loopback: a sim run records the
// answers (cache "record", a key in the environment), then sim runs replay them without
// the network, answer for answer, and two replays give byte-identical reports.
#include <symphony/store/sqlite_db.hpp>

#include <fake_llm.hpp>
#include <process.hpp>
#include <temp_dir.hpp>
#include <test_pki.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

namespace symphony {
namespace {

using namespace std::chrono_literals;

std::int64_t count(const std::string& db, const std::string& sql) {
  store::SqliteDb d(db, true);
  store::SqliteStatement s(d.handle(), sql);
  s.step();
  return s.column_int64(0);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LlmDaemon, RecordsAnswersInOneRunAndReplaysThemDeterministically) {
  test::TempDir dir;
  test::TestPki pki{dir.path().string()};
  test::FakeLlm fake{pki, test::FakeLlm::Kind::openai, "sk-test-only"};
  // The fake answers the agent and the conductor with what their schemas allow.
  fake.set_fallback(fake.answer(R"({"action":"BUY","confidence":0.9,"reason":"the fake says buy"})"));
  const auto write_config = [&](const std::string& name, const std::string& cache) {
    const std::string path = dir.file(name);
    std::ofstream(path) << nlohmann::json{{"llm",
                                           {{"cache", cache},
                                            {"openai", {{"base_url", fake.base_url()}, {"ca_file", pki.ca_file()}}}}}}
                               .dump();
    return path;
  };
  const std::string data = dir.file("data");
  {
    test::Process p(SYMPHONY_DAEMON_PATH,
                    {"--config", write_config("record.json", "record"), "--data-dir", data, "--duration", "3h",
                     "--speed", "max", "--seed", "3"},
                    dir.path().string(), {"OPENAI_API_KEY=sk-test-only"});
    const auto r = p.wait(120s);
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->exit_code, 0) << r->err;
    EXPECT_EQ(r->err.find("sk-test-only"), std::string::npos);  // the key is never logged
  }
  const std::size_t asked = fake.hits();
  ASSERT_GT(asked, 0u);
  EXPECT_EQ(fake.requests()[0].header("authorization"), "Bearer sk-test-only");
  const std::string cache = slurp(data + "/llm_answers.jsonl");
  EXPECT_NE(cache.find("the fake says buy"), std::string::npos);

  std::string reports[2];
  for (int run = 0; run < 2; ++run) {
    const std::string report = dir.file("report" + std::to_string(run) + ".json");
    test::Process p(SYMPHONY_DAEMON_PATH,
                    {"--config", write_config("replay.json", "auto"), "--data-dir", data, "--duration", "3h", "--speed",
                     "max", "--seed", "3", "--report", report},
                    dir.path().string(), {"OPENAI_API_KEY=sk-test-only"});
    const auto r = p.wait(120s);
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->exit_code, 0) << r->err;
    EXPECT_NE(r->err.find("LLM: replay mode"), std::string::npos) << r->err;
    reports[run] = slurp(report);
  }
  EXPECT_EQ(fake.hits(), asked);  // replay sends nothing, key or not
  EXPECT_EQ(reports[0], reports[1]);
  const std::string db = data + "/symphony.db";
  // Runs 2 and 3 replayed recorded answers (the record run's asks came at other ticks while
  // answers were in flight, so not every later question was recorded).
  EXPECT_GT(count(db, "SELECT count(*) FROM llm_calls WHERE run_id = 2 AND from_cache = 1 AND outcome = 'ok'"), 0);
  EXPECT_EQ(count(db, "SELECT count(*) FROM llm_calls WHERE run_id = 2"),
            count(db, "SELECT count(*) FROM llm_calls WHERE run_id = 3"));
  EXPECT_GT(count(db,
                  "SELECT count(*) FROM decisions WHERE run_id = 3 AND agent = 'grok_alpha' AND reason LIKE "
                  "'LLM gpt-4o-mini%the fake says buy%'"),
            0);
  // The record run priced its calls.
  EXPECT_GT(count(db, "SELECT sum(cost) FROM llm_calls WHERE run_id = 1"), 0);
  EXPECT_EQ(count(db, "SELECT count(*) FROM events WHERE type = 'llm_call' AND run_id = 1"),
            count(db, "SELECT count(*) FROM llm_calls WHERE run_id = 1"));
}

TEST(LlmDaemon, WithoutAKeyTheLlmIsOffWithOneLogLineAndGrokAlphaUsesItsRules) {
  test::TempDir dir;
  const std::string config = dir.file("c.json");
  std::ofstream(config) << R"({"llm": {"cache": "record"}})";
  test::Process p(SYMPHONY_DAEMON_PATH,
                  {"--config", config, "--data-dir", dir.file("data"), "--duration", "2h", "--speed", "max"},
                  dir.path().string());
  const auto r = p.wait(120s);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->exit_code, 0) << r->err;
  EXPECT_NE(r->err.find("LLM: OPENAI_API_KEY is not set: openai calls are off (agents use their rules)"),
            std::string::npos)
      << r->err;
  const std::string db = dir.file("data") + "/symphony.db";
  EXPECT_EQ(count(db, "SELECT count(*) FROM llm_calls"), 0);  // never asked
  EXPECT_GT(count(db,
                  "SELECT count(*) FROM decisions WHERE agent = 'grok_alpha' AND reason LIKE "
                  "'rules (LLM off: no openai key)%'"),
            0);
}

}  // namespace
}  // namespace symphony
