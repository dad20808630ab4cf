#include <symphony/app/run.hpp>

#include <symphony/analytics/report.hpp>
#include <symphony/app/cli.hpp>
#include <symphony/app/config.hpp>
#include <symphony/app/regime_accuracy.hpp>
#include <symphony/core/shared_clock_offset.hpp>
#include <symphony/engine/engine.hpp>
#include <symphony/engine/sim_driver.hpp>
#include <symphony/engine/validate_execution.hpp>
#include <symphony/net/reactor.hpp>
#include <symphony/store/sqlite_store.hpp>
#include <symphony/venue/instrument_registry.hpp>
#include <symphony/venue/sim/paper_venue.hpp>
#include <symphony/venue/sim/sim_venue.hpp>

#include "logging.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
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

// Checks made before anything starts: the report's directory and the data directory.
int prepare_directories(const Options& opt) {
  namespace fs = std::filesystem;
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
  return exit_ok;
}

std::string db_path_of(const Options& opt, const Config& cfg) {
  return (std::filesystem::path(opt.data_dir) / cfg.store.path).string();
}

std::unique_ptr<store::SqliteStore> open_store(const std::string& db_path, const store::RunInfo& run,
                                               const Config& cfg) {
  try {
    return std::make_unique<store::SqliteStore>(db_path, run, cfg.store.ring_capacity);
  } catch (const std::exception& e) {
    spdlog::error("store: {}", e.what());
    return nullptr;
  }
}

// The LLM clients, when an agent or the conductor uses them. Keys come from the
// environment only; a missing one turns its provider off with one log line.
std::unique_ptr<llm::LlmService> make_llm(const Options& opt, const Config& cfg, const Clock& clock) {
  const bool agents_ask =
      std::any_of(cfg.agents.begin(), cfg.agents.end(), [](const auto& k) { return k->enabled() && k->uses_llm(); });
  if (!agents_ask && !cfg.engine.conductor.llm.enabled) return nullptr;
  llm::LlmConfig l = cfg.llm;
  if (cfg.llm_cache_auto) l.cache = venue::on_real_venue(opt.mode) ? llm::CacheMode::record : llm::CacheMode::replay;
  l.cache_path = (std::filesystem::path(opt.data_dir) / cfg.llm.cache_path).string();
  std::map<llm::Provider, std::string> keys;
  if (l.cache == llm::CacheMode::replay) {
    spdlog::info("LLM: replay mode: answers come only from {}; nothing is sent", l.cache_path);
  } else {
    for (const auto& [provider, var] :
         {std::pair{llm::Provider::openai, "OPENAI_API_KEY"}, std::pair{llm::Provider::gemini, "GEMINI_API_KEY"}}) {
      const char* key = std::getenv(var);
      if (key && *key)
        keys[provider] = key;
      else
        spdlog::info("LLM: {} is not set: {} calls are off (agents use their rules)", var, llm::to_string(provider));
    }
  }
  try {
    auto service = std::make_unique<llm::LlmService>(clock, std::move(l), std::move(keys), opt.seed ^ 0x11'4d'00ULL);
    return service;
  } catch (const std::exception& e) {
    spdlog::error("LLM: {}; LLM features are off", e.what());
    return nullptr;
  }
}

agents::AgentRoster make_roster(const Config& cfg, Money balance, Timestamp now, std::size_t instruments,
                                llm::LlmGateway* llm) {
  agents::AgentRoster roster(scale(balance, cfg.agent_daily_loss_limit), now);
  for (const auto& kind : cfg.agents)
    if (kind->enabled()) roster.add(kind->make(instruments, kind->uses_llm() ? llm : nullptr), kind->regimes());
  return roster;
}

// Closes the store and writes the report: the common end of every session.
int finish_session(const Options& opt, store::SqliteStore& store, const std::string& db_path) {
  const bool stored = store.close();
  if (!stored) {
    spdlog::error("store: writing events failed: {}", store.error());
    return exit_runtime;
  }
  if (opt.report) {
    const analytics::Report report = analytics::build_report(db_path, store.run_id());
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

// sim and validate: the simulated venue on a simulated clock.
int run_simulated(const Options& opt, const Config& cfg) {
  SimulatedScheduler scheduler(cfg.sim.start_time);
  const LoggingScope logging(scheduler.clock(), opt.log_level.value_or(cfg.log.level),
                             opt.log_format.value_or(cfg.log.format));

  // Every venue the instruments name is simulated, each with its own generator and
  // matcher (the first on the run's seed, the others on streams derived from it).
  std::vector<Instrument> listed;
  for (const auto& s : cfg.instruments) listed.push_back(s.instrument);
  const venue::InstrumentRegistry registry(std::move(listed));
  // The one copy of market state: the engine feeds it, the simulated matchers read it.
  std::vector<Price> ticks;
  for (const auto& in : registry.all()) ticks.push_back(in.tick_size);
  market::MarketState market(registry.size(), cfg.market, {}, ticks);
  std::vector<std::unique_ptr<venue::sim::SimVenue>> sims;
  std::vector<std::unique_ptr<engine::ValidateExecution>> validates;
  std::vector<engine::VenueLink> links;
  const Money venue_balance = cfg.sim.exchange.starting_balance;
  for (std::size_t v = 0; v < registry.venue_count(); ++v) {
    const auto vid = static_cast<VenueId>(v);
    const std::uint64_t seed = opt.seed ^ (0x9e37'79b9'7f4a'7c15ULL * v);
    venue::sim::GeneratorConfig gen = cfg.sim.generator;
    gen.seed = seed;
    venue::sim::ExchangeConfig exch = cfg.sim.exchange;
    exch.seed = seed ^ 0x5eed'0f'e8c4'a06eULL;  // an independent stream for the matcher
    std::vector<venue::sim::SimInstrumentSpec> specs;
    for (const InstrumentId id : registry.instruments_of(vid)) {
      specs.push_back(cfg.instruments[id]);
      specs.back().instrument.id = id;
    }
    auto& sim = *sims.emplace_back(std::make_unique<venue::sim::SimVenue>(scheduler, gen, exch, specs, market, vid));
    venue::ExecutionClient* execution = &sim.execution();
    if (opt.mode == venue::Mode::validate)
      execution =
          validates.emplace_back(std::make_unique<engine::ValidateExecution>(scheduler, venue_balance, vid)).get();
    links.push_back({sim, *execution, venue_balance});
  }

  store::RunInfo run;
  for (const auto& in : registry.all())
    run.instrument_symbols.push_back(registry.venue_count() > 1 ? in.symbol + "@" + in.venue : in.symbol);
  run.mode = std::string(venue::to_string(opt.mode));
  run.seed = opt.seed;
  run.start_ts = cfg.sim.start_time;
  run.config_json = cfg.source_text;

  const std::string db_path = db_path_of(opt, cfg);
  auto store = open_store(db_path, run, cfg);
  if (!store) return exit_runtime;

  const Money balance = venue_balance * static_cast<std::int64_t>(registry.venue_count());
  const auto llm = make_llm(opt, cfg, scheduler.clock());
  const venue::sim::SimVenue& first = *sims.front();
  engine::EngineParts parts{scheduler, registry,
                            market,    links,
                            *store,    [&first]() -> std::optional<Regime> {
                              return first.generator().true_regime(); }};
  parts.llm = llm.get();
  const std::string prefix = fmt::format("s{}r{}", cfg.sim.start_time / ns_per_s, store->run_id());
  engine::EngineConfig engine_cfg = cfg.engine;
  engine_cfg.seed = opt.seed ^ 0xc0'2e'05'05ULL;  // the consensus' own stream
  engine::Engine engine(parts, engine_cfg, cfg.risk, cfg.trading,
                        make_roster(cfg, balance, cfg.sim.start_time, registry.size(), llm.get()), prefix);

  store->publish({scheduler.clock().now(), store::RunStarted{run.mode, opt.seed, balance}});
  spdlog::info("symphonyd starting: mode {}, seed {}, {} instruments on {} simulated venue{}, loop every {}, store {}",
               venue::to_string(opt.mode), opt.seed, registry.size(), registry.venue_count(),
               registry.venue_count() > 1 ? "s" : "", format_duration(cfg.engine.loop_period), db_path);
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
  spdlog::info("stopped after {} simulated; {} loop ticks; equity {}",
               format_duration(std::max<Duration>(scheduler.clock().now() - cfg.sim.start_time, 1)),
               engine.loop().ticks(), engine.equity().to_string());
  return finish_session(opt, *store, db_path);
}

// paper and live: each real venue on the real clock, on the reactor. In paper mode each
// trades on a simulated account against its own real book (venue::sim::PaperVenue).
// The run's venues, one per venue its instruments name, in registry order.
struct VenueSet {
  std::vector<std::unique_ptr<venue::Venue>> venues;
  std::vector<const venue::VenueFactory*> factories;
  std::vector<venue::Bootstrap> boots;
};

// Each venue made by its factory (in paper mode wrapped in a PaperVenue that fills
// against its book); an exit code when one cannot be.
std::optional<int> make_venues(const Options& opt, const Config& cfg, net::Reactor& reactor,
                               const venue::InstrumentRegistry& registry, VenueSet& out) {
  for (std::size_t v = 0; v < registry.venue_count(); ++v) {
    const auto vid = static_cast<VenueId>(v);
    const std::string& name = registry.venue_name(vid);
    const venue::VenueFactory* factory = cfg.venue(name);  // every venue has one (run() checked)
    // The first venue on the run's seed (as ever), the others on streams derived from it.
    const std::uint64_t seed = opt.seed ^ (0x9e37'79b9'7f4a'7c15ULL * v);
    try {
      std::unique_ptr<venue::Venue> made = factory->make({reactor, vid, registry.listing(vid), opt.mode, seed});
      if (opt.mode != venue::Mode::live) {
        venue::sim::ExchangeConfig x = cfg.paper.exchange;
        x.seed = seed ^ 0x5eed'0f'e8c4'a06eULL;
        made = std::make_unique<venue::sim::PaperVenue>(std::move(made), reactor, x, vid);
      }
      out.venues.push_back(std::move(made));
    } catch (const std::exception& e) {
      spdlog::error("{}: {}", name, e.what());
      return exit_usage;
    }
    out.factories.push_back(factory);
    spdlog::info("{}: connecting: {}", name, factory->describe());
  }
  return std::nullopt;
}

// Every venue's start-up, all at once, within the bootstrap timeout; the registry learns
// each venue's instrument rules. An exit code when one fails or a signal came.
std::optional<int> start_venues(const Config& cfg, net::Reactor& reactor, venue::InstrumentRegistry& registry,
                                VenueSet& set) {
  const std::size_t count = set.venues.size();
  std::vector<std::optional<venue::Bootstrap>> boots(count);
  std::size_t booting = count;
  for (std::size_t v = 0; v < count; ++v)
    set.venues[v]->bootstrap([&, v](venue::Bootstrap b) {
      boots[v] = std::move(b);
      if (--booting == 0) reactor.stop();
    });
  reactor.run(cfg.live.bootstrap_timeout);
  if (reactor.signalled()) {
    spdlog::info("signal received during start-up: exiting");
    return exit_ok;
  }
  for (std::size_t v = 0; v < count; ++v) {
    const std::string& name = registry.venue_name(static_cast<VenueId>(v));
    if (!boots[v]) {
      spdlog::error("{}: start-up did not finish within {}", name, format_duration(cfg.live.bootstrap_timeout));
      return exit_runtime;
    }
    if (!boots[v]->error.empty()) {
      spdlog::error("{}: start-up failed: {}", name, boots[v]->error);
      return exit_runtime;
    }
    try {
      for (const auto& in : boots[v]->instruments) registry.update(in);
    } catch (const std::exception& e) {
      spdlog::error("{}: start-up reported {}", name, e.what());
      return exit_runtime;
    }
    set.boots.push_back(std::move(*boots[v]));
  }
  return std::nullopt;
}

// The audit trail and the log say, per venue, what this run trades with.
void announce_mode(bool live, store::SqliteStore& store, Timestamp start, const VenueSet& set,
                   const std::vector<engine::VenueLink>& links) {
  for (std::size_t v = 0; v < set.venues.size(); ++v) {
    const venue::VenueFactory& f = *set.factories[v];
    const Money b = links[v].starting_balance;
    if (live) {
      std::string keys;
      for (const auto& k : f.credential_variables()) keys += (keys.empty() ? "" : ", ") + k;
      const std::string detail = "live trading on " + f.describe() +
                                 "; enabled by --mode live, live.enabled, --confirm-live; keys from " + keys;
      store.publish({start, store::AuditEvent{"mode_change", detail}});
      spdlog::warn("LIVE TRADING: real orders will be sent to {}; wallet {}", f.describe(), b.to_string());
    } else {
      const std::string detail = "paper trading: market data from " + f.describe() +
                                 ", fills simulated against its book, starting balance " + b.to_string();
      store.publish({start, store::AuditEvent{"mode_change", detail}});
      spdlog::info("paper trading on {} market data; simulated balance {}", f.name(), b.to_string());
    }
  }
}

int run_on_venue(const Options& opt, const Config& cfg) {
  const bool live = opt.mode == venue::Mode::live;
  const RealClock real_clock;
  std::optional<SharedClockOffset> test_offset;
  std::optional<OffsetClock> test_clock;
  if (opt.test_clock) {
    try {
      test_offset.emplace(*opt.test_clock, false);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "symphonyd: --test-clock: %s\n", e.what());
      return exit_usage;
    }
    test_clock.emplace(test_offset->offset());
  }
  const Clock& clock = test_clock ? static_cast<const Clock&>(*test_clock) : real_clock;
  net::Reactor reactor(clock);
  reactor.watch_shutdown_signals();
  const LoggingScope logging(clock, opt.log_level.value_or(cfg.log.level), opt.log_format.value_or(cfg.log.format));

  std::vector<Instrument> listed;
  for (const auto& s : cfg.instruments) listed.push_back(s.instrument);
  venue::InstrumentRegistry registry(std::move(listed));
  const std::size_t venue_count = registry.venue_count();
  VenueSet set;
  if (const auto code = make_venues(opt, cfg, reactor, registry, set)) return *code;
  if (const auto code = start_venues(cfg, reactor, registry, set)) return *code;
  std::vector<std::unique_ptr<venue::Venue>>& venues = set.venues;
  const std::vector<Instrument>& instruments = registry.all();
  for (const auto& in : instruments)
    spdlog::info("{}: {} tick {} step {} min qty {} min notional {}", in.venue, in.symbol, in.tick_size.to_string(),
                 in.step_size.to_string(), in.min_qty.to_string(), in.min_notional.to_string());

  std::vector<Price> ticks;
  std::vector<market::book_sequencing> sequencing;
  for (const auto& in : instruments) {
    ticks.push_back(in.tick_size);
    sequencing.push_back(venues[registry.venue_of(in.id)]->sequencing());
  }
  market::MarketState market(instruments.size(), cfg.market, sequencing, ticks);

  const Timestamp start = clock.now();
  store::RunInfo run;
  for (const auto& in : instruments)
    run.instrument_symbols.push_back(venue_count > 1 ? in.symbol + "@" + in.venue : in.symbol);
  run.mode = std::string(venue::to_string(opt.mode));
  run.seed = opt.seed;
  run.start_ts = start;
  run.config_json = cfg.source_text;
  const std::string db_path = db_path_of(opt, cfg);
  auto store = open_store(db_path, run, cfg);
  if (!store) return exit_runtime;

  std::vector<engine::VenueLink> links;
  Money balance;
  for (std::size_t v = 0; v < venue_count; ++v) {
    venues[v]->attach(market);
    const Money b = set.boots[v].wallet_balance.value_or(Money{});
    balance += b;
    links.push_back({venues[v]->feed(), venues[v]->execution(), b});
  }

  engine::EngineConfig engine_cfg = cfg.engine;
  engine_cfg.seed = opt.seed ^ 0xc0'2e'05'05ULL;  // the consensus' own stream
  engine_cfg.keep_protective_orders_on_stop = live && cfg.live.keep_protective_orders_on_shutdown;
  const auto llm = make_llm(opt, cfg, clock);
  engine::EngineParts parts{reactor, registry, market,
                            links,   *store,   []() -> std::optional<Regime> { return std::nullopt; }};
  parts.llm = llm.get();
  // fmt, not string concatenation: GCC 12 at -O3 warns falsely (-Wrestrict) on "s" + to_string.
  const std::string prefix = fmt::format("s{}r{}", start / ns_per_s, store->run_id());
  engine::Engine engine(parts, engine_cfg, cfg.risk, cfg.trading,
                        make_roster(cfg, balance, start, instruments.size(), llm.get()), prefix);

  store->publish({start, store::RunStarted{run.mode, opt.seed, balance}});
  announce_mode(live, *store, start, set, links);
  spdlog::info("symphonyd starting: mode {}, {} instruments, loop every {}, store {}", venue::to_string(opt.mode),
               instruments.size(), format_duration(cfg.engine.loop_period), db_path);
  engine.start();
  reactor.run(opt.duration);
  if (reactor.signalled()) spdlog::info("signal received: shutting down");

  // Stop the loop and the feeds, cancel (or keep) working orders, and let the venues
  // answer the cancels for a bounded grace period.
  engine.stop();
  const Timestamp grace_end = clock.now() + cfg.live.shutdown_grace;
  auto settled = [&] {
    for (const trading::ManagedOrder* o : engine.orders().working())
      if (!(engine_cfg.keep_protective_orders_on_stop && o->request.reduce_only)) return false;
    return true;
  };
  while (clock.now() < grace_end && !settled()) reactor.run(50 * ns_per_ms);
  engine.finish();
  spdlog::info("stopped after {}; {} loop ticks; equity {}", format_elapsed(clock.now() - start), engine.loop().ticks(),
               engine.equity().to_string());
  venues.clear();  // closes connections before the store and the report
  return finish_session(opt, *store, db_path);
}

int run_session(const Options& opt, const Config& cfg) {
  // Before any thread starts: a SIGTERM during start-up must wait for the reactor, not kill
  // the process half-initialised.
  engine::block_shutdown_signals();
  if (const int rc = prepare_directories(opt); rc != exit_ok) return rc;
  if (venue::on_real_venue(opt.mode)) return run_on_venue(opt, cfg);
  return run_simulated(opt, cfg);
}

// What stands between `--mode live` and real orders; empty when nothing does.
std::vector<std::string> live_blockers(const Options& opt, const Config& cfg, std::vector<std::string>& env_missing) {
  std::vector<std::string> out;
  if (!cfg.live.enabled)
    out.emplace_back(opt.config_file ? "\"live\": {\"enabled\": true} is not set in " + *opt.config_file
                                     : "no config file with \"live\": {\"enabled\": true} was given (--config)");
  for (const auto& name : env_missing) out.push_back("environment variable " + name + " is not set");
  if (!opt.confirm_live) out.emplace_back("--confirm-live was not given");
  return out;
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
    std::fprintf(stderr, "symphonyd: config error in %s\n", e.what());
    return exit_usage;
  }
  if (opt.check_config) {
    std::printf("config OK: %zu instruments, loop every %s, store %s/%s\n", cfg.instruments.size(),
                format_duration(cfg.engine.loop_period).c_str(), opt.data_dir.c_str(), cfg.store.path.c_str());
    return exit_ok;
  }
  if (opt.regime_accuracy) {
    const RegimeAccuracy a = score_regime_rules(cfg, opt.seed, opt.duration.value_or(30 * ns_per_day));
    std::fputs(format_regime_accuracy(a).c_str(), stdout);
    return exit_ok;
  }
  // Paper and live mode trade real venues only: each instrument's venue needs an adapter.
  std::vector<std::string> venue_problems;
  std::vector<std::string> env_missing;
  std::set<std::string> venues_used;
  if (venue::on_real_venue(opt.mode)) {
    std::string adapters;
    for (const auto& f : cfg.venues) adapters += (adapters.empty() ? "\"" : ", \"") + std::string(f->name()) + "\"";
    for (std::size_t i = 0; i < cfg.instruments.size(); ++i) {
      const Instrument& in = cfg.instruments[i].instrument;
      if (!cfg.venue(in.venue))
        venue_problems.push_back("$.instruments[" + std::to_string(i) + "] (" + in.symbol + ") is on venue '" +
                                 in.venue + "'; " + std::string(venue::to_string(opt.mode)) +
                                 " mode needs a real venue (" + adapters + ")");
      else if (venues_used.insert(in.venue).second && opt.mode == venue::Mode::live)
        for (auto& m : cfg.venue(in.venue)->missing_credentials()) env_missing.push_back(std::move(m));
    }
  }
  if (opt.mode == venue::Mode::paper && !venue_problems.empty()) {
    for (const auto& p : venue_problems) std::fprintf(stderr, "symphonyd: --mode paper: %s\n", p.c_str());
    return exit_usage;
  }
  if (opt.mode == venue::Mode::live) {
    auto blockers = live_blockers(opt, cfg, env_missing);
    blockers.insert(blockers.end(), venue_problems.begin(), venue_problems.end());
    if (!blockers.empty()) {
      std::string msg = "symphonyd: --mode live refused: real orders need all of these, and ";
      msg += blockers.size() == 1 ? "one is missing:\n" : std::to_string(blockers.size()) + " are missing:\n";
      for (const auto& b : blockers) msg += "  - " + b + "\n";
      std::fputs(msg.c_str(), stderr);
      return exit_usage;
    }
  } else if (opt.confirm_live) {
    std::fputs("symphonyd: --confirm-live: only meaningful with --mode live\n", stderr);
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
