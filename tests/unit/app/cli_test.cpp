#include <symphony/app/cli.hpp>
#include <symphony/app/config.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include <functional>
#include <ostream>
#include <vector>

namespace symphony::app {
namespace {

ParseOutcome parse(std::vector<const char*> args) {
  args.insert(args.begin(), "symphonyd");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

// --list-agents: JSON on stdout, exit 0, nothing run. Each agent has its metadata, its
// default regime table and a config schema whose defaults are the built-in ones and whose
// properties cover its section of the example config.
TEST(CommandLine, ListAgentsPrintsMetadataAndConfigSchemas) {
  const auto r = parse({"--list-agents"});
  EXPECT_FALSE(r.options.has_value());
  EXPECT_EQ(r.exit_code, 0);
  const auto agents = nlohmann::json::parse(r.out);
  ASSERT_TRUE(agents.is_array());
  ASSERT_FALSE(agents.empty());
  std::ifstream in(std::string(SYMPHONY_SOURCE_DIR) + "/config/symphony.example.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto example = nlohmann::json::parse(text.str(), nullptr, true, /*ignore_comments=*/true);
  // Every key of `section` is described by `schema`, recursively, with the value as default.
  const std::function<void(const nlohmann::json&, const nlohmann::json&, const std::string&)> covers =
      [&](const nlohmann::json& section, const nlohmann::json& schema, const std::string& path) {
        ASSERT_EQ(schema["type"], "object") << path;
        EXPECT_EQ(schema["additionalProperties"], false) << path;
        for (const auto& [key, value] : section.items()) {
          ASSERT_TRUE(schema["properties"].contains(key)) << path << "." << key;
          const auto& p = schema["properties"][key];
          if (value.is_object()) {
            covers(value, p, path + "." + key);
          } else if (p["type"] == "number") {
            EXPECT_DOUBLE_EQ(p["default"].get<double>(), value.get<double>()) << path << "." << key;
          } else {
            EXPECT_EQ(p["default"], value) << path << "." << key;
          }
        }
      };
  for (const auto& a : agents) {
    const std::string id = a["id"];
    EXPECT_FALSE(a["name"].get<std::string>().empty()) << id;
    EXPECT_FALSE(a["emoji"].get<std::string>().empty()) << id;
    EXPECT_FALSE(a["description"].get<std::string>().empty()) << id;
    for (const char* regime : {"bull_trending", "bull_volatile", "bear_trending", "bear_volatile", "range_bound"}) {
      EXPECT_TRUE(a["regime_affinity"][regime]["longs"].is_number()) << id << " " << regime;
      EXPECT_TRUE(a["regime_affinity"][regime]["shorts"].is_number()) << id << " " << regime;
    }
    ASSERT_TRUE(example["agents"].contains(id)) << id;
    covers(example["agents"][id], a["config_schema"], "$.agents." + id);
    // The schema's regime defaults are the agent's default table.
    EXPECT_EQ(
        a["config_schema"]["properties"]["regimes"]["properties"]["range_bound"]["properties"]["longs"]["default"],
        a["regime_affinity"]["range_bound"]["longs"]);
  }
  EXPECT_EQ(agents[0]["id"], "momentum_hunter");
  EXPECT_EQ(agents[0]["config_schema"]["properties"]["rsi_overbought"]["maximum"], 100.0);
}

TEST(CommandLine, DefaultsMatchTheContract) {
  const auto r = parse({});
  ASSERT_TRUE(r.options.has_value());
  EXPECT_EQ(r.options->mode, venue::Mode::sim);
  EXPECT_EQ(r.options->data_dir, "./var");
  EXPECT_FALSE(r.options->duration.has_value());
  EXPECT_EQ(r.options->speed, 1.0);
  EXPECT_FALSE(r.options->report.has_value());
}

TEST(CommandLine, ReadsEveryFlag) {
  const auto r = parse({"--mode", "validate", "--data-dir", "/tmp/x", "--duration", "6h", "--speed", "max", "--seed",
                        "42", "--report", "-", "--log-level", "debug", "--log-format", "json", "--check-config"});
  ASSERT_TRUE(r.options.has_value()) << r.err;
  const Options& o = *r.options;
  EXPECT_EQ(o.mode, venue::Mode::validate);
  EXPECT_EQ(o.data_dir, "/tmp/x");
  EXPECT_EQ(o.duration.value(), 6 * ns_per_hour);
  EXPECT_EQ(o.speed, 0.0);
  EXPECT_EQ(o.seed, 42u);
  EXPECT_EQ(o.report.value(), "-");
  EXPECT_EQ(o.log_level.value(), "debug");
  EXPECT_EQ(o.log_format.value(), "json");
  EXPECT_TRUE(o.check_config);
}

TEST(CommandLine, SpeedFactor) {
  EXPECT_EQ(parse({"--speed", "60"}).options->speed, 60.0);
  EXPECT_EQ(parse({"--speed", "0.5"}).options->speed, 0.5);
}

struct BadFlag {
  std::vector<const char*> args;
  const char* mentions;
};

void PrintTo(const BadFlag& b, std::ostream* os) {
  for (const char* a : b.args) *os << a << ' ';
}

class CommandLineErrors : public ::testing::TestWithParam<BadFlag> {};

TEST_P(CommandLineErrors, ExitTwoNamingTheFlag) {
  const auto r = parse(GetParam().args);
  EXPECT_FALSE(r.options.has_value());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CommandLineErrors,
    ::testing::Values(BadFlag{{"--bogus"}, "--bogus"}, BadFlag{{"--mode", "yolo"}, "--mode"},
                      BadFlag{{"--duration", "5x"}, "--duration"}, BadFlag{{"--duration", "-1h"}, "--duration"},
                      BadFlag{{"--speed", "0"}, "--speed"}, BadFlag{{"--speed", "fast"}, "--speed"},
                      BadFlag{{"--seed", "abc"}, "--seed"}, BadFlag{{"--log-level", "loud"}, "--log-level"},
                      BadFlag{{"--log-format", "xml"}, "--log-format"},
                      BadFlag{{"--config", "/nonexistent/symphony.json"}, "--config"}, BadFlag{{"--mode"}, "--mode"}));

TEST(CommandLine, HelpAndVersionExitZero) {
  const auto help = parse({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_FALSE(help.options.has_value());
  EXPECT_NE(help.out.find("--speed"), std::string::npos);
  const auto version = parse({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("symphonyd"), std::string::npos);
}

}  // namespace
}  // namespace symphony::app
