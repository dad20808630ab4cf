// symphonyd as a user meets it: flags, config errors, modes, signals.
#include "process.hpp"
#include "report_fields.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <sstream>

namespace symphony {
namespace {

using namespace std::chrono_literals;

struct BadInput {
  const char* name;
  const char* config;  ///< written to a file and passed with --config, unless null
  std::vector<std::string> args;
  const char* says;
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }

class DaemonBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(DaemonBadInput, ExitsTwoWithAClearMessage) {
  test::TempDir dir;
  std::vector<std::string> args = GetParam().args;
  if (GetParam().config) {
    args.push_back("--config");
    args.push_back(dir.write("bad.json", GetParam().config));
  }
  args.insert(args.end(), {"--data-dir", dir.file("var"), "--duration", "1m", "--speed", "max"});
  const auto r = test::run_daemon(args, dir.path().string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(GetParam().says), std::string::npos) << r.err;
  // Nothing was started, so nothing was written.
  EXPECT_FALSE(std::filesystem::exists(dir.file("var/symphony.db")));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DaemonBadInput,
    ::testing::Values(
        BadInput{"Malformed", R"({"risk": {"risk_per_trade": 0.01,,}})", {}, "not valid JSON"},
        // Every config error names the file it is in.
        BadInput{
            "TruncatedConfigNamesTheFile", R"({"risk": {"risk_per_trade": 0.0)", {}, "bad.json' at $: not valid JSON"},
        BadInput{
            "UnknownKey", R"({"risk": {"risk_per_trad": 0.01}})", {}, "bad.json' at $.risk.risk_per_trad: unknown key"},
        BadInput{"WrongType", R"({"loop": {"period": true}})", {}, "$.loop.period: must be a duration string"},
        BadInput{"NegativeSize",
                 R"({"risk": {"max_position_notional": -100}})",
                 {},
                 "$.risk.max_position_notional: -100 is out of range"},
        BadInput{"NegativeBalance",
                 R"({"venues": {"sim": {"starting_balance": "-1"}}})",
                 {},
                 "$.venues.sim.starting_balance"},
        BadInput{"UnknownFlag", nullptr, {"--frobnicate"}, "--frobnicate"},
        BadInput{"BadMode", nullptr, {"--mode", "turbo"}, "--mode"},
        BadInput{"BadDuration", nullptr, {"--duration", "forever"}, "--duration"},
        BadInput{"LiveRefused", nullptr, {"--mode", "live"}, "--mode live refused"},
        BadInput{"ReportDirMissing", nullptr, {"--report", "/nonexistent-dir/report.json"}, "--report: directory"},
        BadInput{"PaperNeedsAsterInstruments",
                 nullptr,
                 {"--mode", "paper"},
                 "on venue 'sim'; paper mode needs a real venue (\"aster\")"},
        BadInput{"ConfirmLiveWithoutLive", nullptr, {"--confirm-live"}, "only meaningful with --mode live"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Daemon, CheckConfigAcceptsTheDocumentedExample) {
  test::TempDir dir;
  const auto r = test::run_daemon(
      {"--check-config", "--config", std::string(SYMPHONY_SOURCE_DIR) + "/config/symphony.example.json"},
      dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("config OK"), std::string::npos);
}

TEST(Daemon, ExampleConfigRunsLikeTheDefaults) {
  test::TempDir a, b;
  const auto with = test::run_daemon({"--config", std::string(SYMPHONY_SOURCE_DIR) + "/config/symphony.example.json",
                                      "--duration", "2h", "--speed", "max", "--report", "-", "--data-dir", a.file("v")},
                                     a.path().string());
  const auto without = test::run_daemon(
      {"--duration", "2h", "--speed", "max", "--report", "-", "--data-dir", b.file("v")}, b.path().string());
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out, without.out);  // every documented value is the built-in default
}

TEST(Daemon, JsonLogsAreOneObjectPerLine) {
  test::TempDir dir;
  const auto r = test::run_daemon({"--duration", "2h", "--speed", "max", "--log-format", "json", "--log-level", "debug",
                                   "--data-dir", dir.file("v")},
                                  dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.err);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << line;
    EXPECT_TRUE(j["ts"].is_string() && j["level"].is_string() && j["msg"].is_string()) << line;
    ++n;
  }
  EXPECT_GT(n, 3);
  EXPECT_NE(r.err.find(R"("ts":"2026-01-01T00:00:00.000Z")"), std::string::npos);  // stamped with simulated time
}

TEST(Daemon, VersionAndHelp) {
  test::TempDir dir;
  EXPECT_EQ(test::run_daemon({"--version"}, dir.path().string()).exit_code, 0);
  const auto help = test::run_daemon({"--help"}, dir.path().string());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--report"), std::string::npos);
}

TEST(Daemon, ValidateModeRecordsOrdersButSendsNone) {
  test::TempDir dir;
  const auto r = test::run_daemon({"--mode", "validate", "--duration", "6h", "--speed", "max", "--seed", "7",
                                   "--report", "-", "--data-dir", dir.file("v")},
                                  dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mode"], "validate");
  EXPECT_GT(j["orders"].get<int>(), 0);
  EXPECT_EQ(j["fills"], 0);
  EXPECT_EQ(test::report_money(r.out, "equity_end"), test::report_money(r.out, "equity_start"));
}

void expect_clean_shutdown(int sig, const std::vector<std::string>& extra, bool twice = false) {
  test::TempDir dir;
  std::vector<std::string> args{"--data-dir", dir.file("var"), "--report", dir.file("report.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  test::Process p(SYMPHONY_DAEMON_PATH, args, dir.path().string());
  ASSERT_TRUE(test::poll_until([&] { return p.err_so_far().find("symphonyd starting") != std::string::npos; }, 30s))
      << p.err_so_far();
  p.signal(sig);
  if (twice) p.signal(sig);  // an impatient operator: the second must not cut the flush short
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = p.wait(10s);
  ASSERT_TRUE(r.has_value()) << "did not exit after the signal";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_NE(r->err.find("signal received"), std::string::npos) << r->err;
  const std::string report = test::read_file(dir.file("report.json"));
  const auto j = nlohmann::json::parse(report);
  EXPECT_EQ(j["mode"], "sim");
  EXPECT_EQ(test::report_money(report, "equity_end"),
            test::report_money(report, "equity_start") + test::report_money(report, "pnl_net"));
}

TEST(Daemon, SigtermInRealTimeStopsWithinFiveSecondsAndReports) { expect_clean_shutdown(SIGTERM, {"--speed", "1"}); }

TEST(Daemon, SigintAtMaxSpeedStopsAndReports) { expect_clean_shutdown(SIGINT, {"--speed", "max"}); }

// Regression: a SIGTERM that arrived between start-up and the reactor's first wait killed
// the daemon outright (exit by signal, no report). Signals are now blocked until watched.
TEST(Daemon, SignalRightAfterStartIsHandled) {
  for (int i = 0; i < 5; ++i) expect_clean_shutdown(SIGTERM, {"--speed", "1"});
}

TEST(Daemon, SecondSignalDuringShutdownDoesNotCutItShort) {
  expect_clean_shutdown(SIGTERM, {"--speed", "max"}, /*twice=*/true);
}

}  // namespace
}  // namespace symphony
