#include <symphony/app/cli.hpp>
#include <symphony/app/config.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <sstream>

namespace symphony::app {

namespace {
constexpr const char* version_text = "symphonyd 0.1.0";
}

ParseOutcome parse_command_line(int argc, const char* const* argv) {
  CLI::App cli{"symphonyd: regime-aware crypto trading daemon", "symphonyd"};
  Options o;
  std::string duration_text;
  std::string speed_text = "1";
  std::string config_file, report, log_level, log_format;

  cli.add_option("--config", config_file, "JSON config file (comments allowed); built-in defaults without it")
      ->check(CLI::ExistingFile);
  std::string mode_text = "sim";
  cli.add_option("--mode", mode_text, "sim | paper | live | validate")
      ->check(CLI::IsMember({"sim", "paper", "live", "validate"}));
  cli.add_option("--data-dir", o.data_dir, "directory for the database and state; created if missing");
  cli.add_option(
      "--duration", duration_text,
      "time to run (90s, 30m, 6h, 7d): simulated in sim/validate, real in paper/live; default: until SIGINT/SIGTERM");
  cli.add_option("--speed", speed_text, "simulated clock factor: 1 is real time, 60 sixty times faster, max flat out");
  cli.add_option("--seed", o.seed, "seed of every random source");
  cli.add_option("--report", report, "write the JSON report here at exit; - for stdout");
  cli.add_option("--log-level", log_level, "trace | debug | info | warn | error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  cli.add_option("--log-format", log_format, "text | json")->check(CLI::IsMember({"text", "json"}));
  cli.add_flag("--check-config", o.check_config, "validate the configuration and exit");
  cli.add_flag("--regime-accuracy", o.regime_accuracy,
               "score the regime rules against the simulated market's true regime over --duration (default 30d) "
               "with --seed, print precision and recall per regime, and exit");
  cli.add_flag("--confirm-live", o.confirm_live,
               "with --mode live: confirm that real orders are to be sent (also needs live.enabled and keys)");
  std::string test_clock;
  // Hidden: tests move the daemon's clock together with their fake venue's.
  cli.add_option("--test-clock", test_clock, "")->check(CLI::ExistingFile)->group("");
  bool version = false;
  cli.add_flag("--version", version, "print the version and exit");
  bool list_agents = false;
  cli.add_flag("--list-agents", list_agents, "print every agent's metadata and config schema as JSON and exit");

  ParseOutcome out;
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out.out = cli.help();
    return out;
  } catch (const CLI::ParseError& e) {
    out.exit_code = 2;
    out.err = std::string("symphonyd: ") + e.what() + "\nRun with --help for usage.\n";
    return out;
  }
  if (version) {
    out.out = std::string(version_text) + "\n";
    return out;
  }
  if (list_agents) {
    out.out = list_agents_json();
    return out;
  }
  auto usage = [&](const std::string& msg) {
    out.exit_code = 2;
    out.err = "symphonyd: " + msg + "\nRun with --help for usage.\n";
    return out;
  };
  o.mode = *venue::parse_mode(mode_text);  // CLI11 checked it is one of them
  if (!test_clock.empty()) {
    if (!venue::on_real_venue(o.mode)) return usage("--test-clock: only with --mode paper or live");
    o.test_clock = test_clock;
  }
  if (!duration_text.empty()) {
    auto d = parse_duration(duration_text);
    if (!d) return usage("--duration: '" + duration_text + "' is " + d.error().message());
    o.duration = *d;
  }
  if (speed_text == "max") {
    o.speed = 0;
  } else {
    double v = 0;
    const auto* end = speed_text.data() + speed_text.size();
    auto [p, ec] = std::from_chars(speed_text.data(), end, v);
    if (ec != std::errc() || p != end || !(v > 0) || v > 1e9)
      return usage("--speed: '" + speed_text + "' is not a positive factor or 'max'");
    o.speed = v;
  }
  if (o.data_dir.empty()) return usage("--data-dir: must not be empty");
  if (!config_file.empty()) o.config_file = config_file;
  if (!report.empty()) o.report = report;
  if (!log_level.empty()) o.log_level = log_level;
  if (!log_format.empty()) o.log_format = log_format;
  out.options = o;
  return out;
}

}  // namespace symphony::app
