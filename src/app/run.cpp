#include <symphony/app/run.hpp>

#include <symphony/agents/momentum_hunter.hpp>
#include <symphony/analytics/report.hpp>
#include <symphony/app/cli.hpp>
#include <symphony/app/config.hpp>
#include <symphony/engine/engine.hpp>
#include <symphony/engine/sim_driver.hpp>
#include <symphony/engine/validate_execution.hpp>
#include <symphony/store/sqlite_store.hpp>
#include <symphony/venue/sim/sim_venue.hpp>

#include "logging.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <system_error>

namespace symphony::app {

namespace {

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees a
// half-written report.
bool write_atomically(const std::string& path, const std::string& text, std::string& error) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = "cannot write '" + tmp + "'";
      return false;
    }
    out << text;
    out.flush();
    if (!out) {
      error = "writing '" + tmp + "' failed";
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    error = "cannot rename '" + tmp + "' to '" + path + "': " + ec.message();
    return false;
  }
  return true;
}

int run_session(const Options& opt, const Config& cfg) {
  namespace fs = std::filesystem;
  // Before any thread starts: a SIGTERM during start-up must wait for the reactor, not kill
  // the process half-initialised.
  engine::block_shutdown_signals();
  if (opt.report && *opt.report != "-") {
    // Fail before trading, not after hours of it, if the report could never be written.
    const fs::path parent = fs::path(*opt.report).parent_path();
    if (!parent.empty() && !fs::is_directory(parent)) {
      std::fprintf(stderr, "symphonyd: --report: directory '%s' does not exist\n", parent.string().c_str());
      return exit_usage;
    }
  }

  std::error_code ec;
  fs::create_directories(opt.data_dir, ec);
  if (ec || !fs::is_directory(opt.data_dir)) {
    std::fprintf(stderr, "symphonyd: --data-dir: cannot create '%s': %s\n", opt.data_dir.c_str(),
                 ec ? ec.message().c_str() : "not a directory");
    return exit_usage;
  }

  SimulatedScheduler scheduler(cfg.sim.start_time);
  const LoggingScope logging(scheduler.clock(), opt.log_level.value_or(cfg.log.level),
                             opt.log_format.value_or(cfg.log.format));

  venue::sim::GeneratorConfig gen = cfg.sim.generator;
  gen.seed = opt.seed;
  venue::sim::ExchangeConfig exch = cfg.sim.exchange;
  exch.seed = opt.seed ^ 0x5eed'0f'e8c4'a06eULL;  // an independent stream for the matcher
  // The one copy of market state: the engine feeds it, the simulated matcher reads it.
  std::vector<Price> ticks;
  for (const auto& s : cfg.instruments) ticks.push_back(s.instrument.tick_size);
  market::MarketState market(cfg.instruments.size(), cfg.market, {}, ticks);
  venue::sim::SimVenue sim(scheduler, gen, exch, cfg.instruments, market);

  std::vector<Instrument> instruments;
  store::RunInfo run;
  for (const auto& s : cfg.instruments) {
    instruments.push_back(s.instrument);
    run.instrument_symbols.push_back(s.instrument.symbol);
  }
  run.mode = opt.mode;
  run.seed = opt.seed;
  run.start_ts = cfg.sim.start_time;
  run.config_json = cfg.source_text;

  const std::string db_path = (fs::path(opt.data_dir) / cfg.store.path).string();
  std::unique_ptr<store::SqliteStore> store;
  try {
    store = std::make_unique<store::SqliteStore>(db_path, run, cfg.store.ring_capacity);
  } catch (const std::exception& e) {
    spdlog::error("store: {}", e.what());
    return exit_runtime;
  }

  const Money balance = cfg.sim.exchange.starting_balance;
  engine::ValidateExecution validate(scheduler, balance);
  venue::ExecutionClient& execution =
      opt.mode == "validate" ? static_cast<venue::ExecutionClient&>(validate) : sim.execution();
  agents::AgentRoster roster(scale(balance, cfg.agent_daily_loss_limit), cfg.sim.start_time);
  if (cfg.momentum_hunter.enabled)
    roster.add(std::make_unique<agents::MomentumHunter>(cfg.momentum_hunter, instruments.size()));

  engine::EngineParts parts{scheduler, instruments, market, sim, execution, *store, [&sim]() -> std::optional<Regime> {
                              return sim.generator().true_regime();
                            }};
  const std::string prefix =
      "s" + std::to_string(cfg.sim.start_time / ns_per_s) + "r" + std::to_string(store->run_id());
  engine::Engine engine(parts, cfg.engine, cfg.risk, cfg.trading, std::move(roster), balance, prefix);

  store->publish({scheduler.clock().now(), store::RunStarted{opt.mode, opt.seed, balance}});
  spdlog::info("symphonyd starting: mode {}, seed {}, {} instruments, loop every {}, store {}", opt.mode, opt.seed,
               instruments.size(), format_duration(cfg.engine.loop_period), db_path);
  engine.start();

  engine::DriveOptions drive_opts;
  if (opt.duration) drive_opts.end = cfg.sim.start_time + *opt.duration;
  drive_opts.speed = opt.speed;
  const auto outcome = engine::drive(scheduler, drive_opts);
  if (outcome == engine::DriveOutcome::signalled) spdlog::info("signal received: shutting down");

  // Stop, cancel working orders, and give the venue a bounded grace period to answer.
  engine.stop();
  scheduler.run_until(scheduler.clock().now() + 2 * ns_per_s);
  engine.finish();
  const bool stored = store->close();
  if (!stored) {
    spdlog::error("store: writing events failed: {}", store->error());
    return exit_runtime;
  }
  spdlog::info("stopped after {} simulated; {} loop ticks; equity {}",
               format_duration(std::max<Duration>(scheduler.clock().now() - cfg.sim.start_time, 1)),
               engine.loop().ticks(), engine.equity().to_string());

  if (opt.report) {
    const analytics::Report report = analytics::build_report(db_path, store->run_id());
    const std::string json = analytics::to_json(report);
    if (*opt.report == "-") {
      std::fwrite(json.data(), 1, json.size(), stdout);
      std::fflush(stdout);
    } else {
      std::string error;
      if (!write_atomically(*opt.report, json, error)) {
        spdlog::error("--report: {}", error);
        return exit_runtime;
      }
    }
  }
  return exit_ok;
}

}  // namespace

int run(int argc, const char* const* argv) {
  ParseOutcome parsed = parse_command_line(argc, argv);
  if (!parsed.out.empty()) std::fputs(parsed.out.c_str(), stdout);
  if (!parsed.err.empty()) std::fputs(parsed.err.c_str(), stderr);
  if (!parsed.options) return parsed.exit_code;
  const Options& opt = *parsed.options;

  Config cfg;
  try {
    cfg = opt.config_file ? load_config(*opt.config_file) : default_config();
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "symphonyd: config error at %s\n", e.what());
    return exit_usage;
  }
  if (opt.check_config) {
    std::printf("config OK: %zu instruments, loop every %s, store %s/%s\n", cfg.instruments.size(),
                format_duration(cfg.engine.loop_period).c_str(), opt.data_dir.c_str(), cfg.store.path.c_str());
    return exit_ok;
  }
  if (opt.mode == "live") {
    std::fputs(
        "symphonyd: --mode live: refused. This build has no real venue adapter yet, so there is nothing to "
        "trade live against; live trading will also require live.enabled: true in the config, API keys in "
        "the environment and an explicit confirmation flag.\n",
        stderr);
    return exit_usage;
  }
  if (opt.mode == "paper") {
    std::fputs(
        "symphonyd: --mode paper: refused. Paper trading simulates fills against a real venue's market data, "
        "and this build has no real venue adapter yet; use --mode sim for the simulated exchange.\n",
        stderr);
    return exit_usage;
  }
  try {
    return run_session(opt, cfg);
  } catch (const std::exception& e) {
    spdlog::error("fatal: {}", e.what());
    return exit_runtime;
  }
}

}  // namespace symphony::app
