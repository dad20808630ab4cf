#include <symphony/app/cli.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <vector>

namespace symphony::app {
namespace {

ParseOutcome parse(std::vector<const char*> args) {
  args.insert(args.begin(), "symphonyd");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, DefaultsMatchTheContract) {
  const auto r = parse({});
  ASSERT_TRUE(r.options.has_value());
  EXPECT_EQ(r.options->mode, "sim");
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
  EXPECT_EQ(o.mode, "validate");
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
