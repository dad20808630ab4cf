#include <symphony/app/run.hpp>

#include <symphony/agents/breakout_sniper.hpp>
#include <symphony/agents/grok_alpha.hpp>
#include <symphony/agents/mean_reversion.hpp>
#include <symphony/agents/momentum_hunter.hpp>
#include <symphony/agents/trend_surfer.hpp>
#include <symphony/agents/volatility_harvester.hpp>
#include <symphony/agents/whale_tracker.hpp>
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
#include <symphony/venue/aster/aster_venue.hpp>
#include <symphony/venue/instrument_registry.hpp>
#include <symphony/venue/sim/sim_venue.hpp>

#include "logging.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
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
  if (!cfg.grok_alpha.enabled && !cfg.engine.conductor.llm.enabled) return nullptr;
  llm::LlmConfig l = cfg.llm;
  if (cfg.llm_cache_auto)
    l.cache = opt.mode == "sim" || opt.mode == "validate" ? llm::CacheMode::replay : llm::CacheMode::record;
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
  if (cfg.momentum_hunter.enabled)
    roster.add(std::make_unique<agents::MomentumHunter>(cfg.momentum_hunter, instruments), cfg.momentum_hunter.regimes);
  if (cfg.breakout_sniper.enabled)
    roster.add(std::make_unique<agents::BreakoutSniper>(cfg.breakout_sniper, instruments), cfg.breakout_sniper.regimes);
  if (cfg.trend_surfer.enabled)
    roster.add(std::make_unique<agents::TrendSurfer>(cfg.trend_surfer, instruments), cfg.trend_surfer.regimes);
  if (cfg.volatility_harvester.enabled)
    roster.add(std::make_unique<agents::VolatilityHarvester>(cfg.volatility_harvester, instruments),
               cfg.volatility_harvester.regimes);
  if (cfg.mean_reversion.enabled)
    roster.add(std::make_unique<agents::MeanReversion>(cfg.mean_reversion, instruments), cfg.mean_reversion.regimes);
  if (cfg.whale_tracker.enabled)
    roster.add(std::make_unique<agents::WhaleTracker>(cfg.whale_tracker, instruments), cfg.whale_tracker.regimes);
  if (cfg.grok_alpha.enabled)
    roster.add(std::make_unique<agents::GrokAlpha>(cfg.grok_alpha, instruments, llm), cfg.grok_alpha.regimes);
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
    if (opt.mode == "validate")
      execution =
          validates.emplace_back(std::make_unique<engine::ValidateExecution>(scheduler, venue_balance, vid)).get();
    links.push_back({sim, *execution, venue_balance});
  }

  store::RunInfo run;
  for (const auto& in : registry.all())
    run.instrument_symbols.push_back(registry.venue_count() > 1 ? in.symbol + "@" + in.venue : in.symbol);
  run.mode = opt.mode;
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

  store->publish({scheduler.clock().now(), store::RunStarted{opt.mode, opt.seed, balance}});
  spdlog::info("symphonyd starting: mode {}, seed {}, {} instruments on {} simulated venue{}, loop every {}, store {}",
               opt.mode, opt.seed, registry.size(), registry.venue_count(), registry.venue_count() > 1 ? "s" : "",
               format_duration(cfg.engine.loop_period), db_path);
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

// Paper mode's feed: the venue's market data goes to the engine (which applies it to the
// one market state), then tells the simulated matcher the book changed or a trade
// printed, so resting orders and triggers execute against the real book.
class PaperFeed final : public venue::MarketFeed, private venue::MarketHandlerTap {
 public:
  PaperFeed(venue::MarketFeed& inner, venue::sim::SimExchange& exchange) : inner_(inner), exchange_(exchange) {}
  void set_handler(venue::MarketHandler* handler) override {
    set_next(handler);
    inner_.set_handler(this);
  }
  void start() override { inner_.start(); }
  void stop() override { inner_.stop(); }

 private:
  market::book_status on_book(const market::BookSnapshot& s) override {
    const auto st = next_->on_book(s);
    exchange_.on_market(s.instrument, {});
    return st;
  }
  market::book_status on_book_diff(const market::BookDiff& d) override {
    const auto st = next_->on_book_diff(d);
    exchange_.on_market(d.instrument, {});
    return st;
  }
  void on_trade(const market::TradeTick& t) override {
    next_->on_trade(t);
    exchange_.on_market(t.instrument, std::span(&t, 1));
  }

  venue::MarketFeed& inner_;
  venue::sim::SimExchange& exchange_;
};

// paper and live: Aster on the real clock, on the reactor.
int run_on_venue(const Options& opt, const Config& cfg, std::optional<venue::aster::AsterCredentials> credentials) {
  const bool live = opt.mode == "live";
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
  venue::InstrumentRegistry registry(std::move(listed));  // one venue, aster (run() checked)
  constexpr VenueId aster_id = 0;
  std::unique_ptr<venue::aster::AsterVenue> aster;
  try {
    aster = std::make_unique<venue::aster::AsterVenue>(reactor, cfg.aster, registry.listing(aster_id), aster_id,
                                                       std::move(credentials), opt.seed);
  } catch (const std::exception& e) {
    spdlog::error("aster: {}", e.what());
    return exit_usage;
  }
  spdlog::info("aster: connecting to {} and {}", cfg.aster.rest_url, cfg.aster.ws_url);
  std::optional<venue::aster::AsterVenue::Bootstrap> boot;
  aster->bootstrap([&](venue::aster::AsterVenue::Bootstrap b) {
    boot = std::move(b);
    reactor.stop();
  });
  reactor.run(cfg.live.bootstrap_timeout);
  if (reactor.signalled()) {
    spdlog::info("signal received during start-up: exiting");
    return exit_ok;
  }
  if (!boot) {
    spdlog::error("aster: start-up did not finish within {}", format_duration(cfg.live.bootstrap_timeout));
    return exit_runtime;
  }
  if (!boot->error.empty()) {
    spdlog::error("aster: start-up failed: {}", boot->error);
    return exit_runtime;
  }
  for (const auto& in : boot->instruments) registry.update(in);
  const std::vector<Instrument>& instruments = registry.all();
  for (const auto& in : instruments)
    spdlog::info("aster: {} tick {} step {} min qty {} min notional {}", in.symbol, in.tick_size.to_string(),
                 in.step_size.to_string(), in.min_qty.to_string(), in.min_notional.to_string());

  std::vector<Price> ticks;
  std::vector<market::book_sequencing> sequencing;
  for (const auto& in : instruments) {
    ticks.push_back(in.tick_size);
    sequencing.push_back(market::book_sequencing::update_id_chain);
  }
  market::MarketState market(instruments.size(), cfg.market, sequencing, ticks);

  const Timestamp start = clock.now();
  store::RunInfo run;
  for (const auto& in : instruments) run.instrument_symbols.push_back(in.symbol);
  run.mode = opt.mode;
  run.seed = opt.seed;
  run.start_ts = start;
  run.config_json = cfg.source_text;
  const std::string db_path = db_path_of(opt, cfg);
  auto store = open_store(db_path, run, cfg);
  if (!store) return exit_runtime;

  venue::sim::ExchangeConfig paper_exchange = cfg.paper.exchange;
  paper_exchange.seed = opt.seed ^ 0x5eed'0f'e8c4'a06eULL;
  std::optional<venue::sim::SimExchange> matcher;
  std::optional<PaperFeed> paper_feed;
  if (!live) {
    matcher.emplace(reactor, paper_exchange, registry.listing(aster_id), market, aster_id);
    paper_feed.emplace(aster->feed(), *matcher);
  }
  venue::MarketFeed& feed = live ? aster->feed() : static_cast<venue::MarketFeed&>(*paper_feed);
  venue::ExecutionClient& execution = live ? aster->execution() : static_cast<venue::ExecutionClient&>(*matcher);
  const Money balance = live ? boot->wallet_balance.value_or(Money{}) : paper_exchange.starting_balance;

  engine::EngineConfig engine_cfg = cfg.engine;
  engine_cfg.seed = opt.seed ^ 0xc0'2e'05'05ULL;  // the consensus' own stream
  engine_cfg.keep_protective_orders_on_stop = live && cfg.live.keep_protective_orders_on_shutdown;
  const auto llm = make_llm(opt, cfg, clock);
  engine::EngineParts parts{reactor, registry,
                            market,  {{feed, execution, balance}},
                            *store,  []() -> std::optional<Regime> { return std::nullopt; }};
  parts.llm = llm.get();
  // fmt, not string concatenation: GCC 12 at -O3 warns falsely (-Wrestrict) on "s" + to_string.
  const std::string prefix = fmt::format("s{}r{}", start / ns_per_s, store->run_id());
  engine::Engine engine(parts, engine_cfg, cfg.risk, cfg.trading,
                        make_roster(cfg, balance, start, instruments.size(), llm.get()), prefix);

  store->publish({start, store::RunStarted{opt.mode, opt.seed, balance}});
  if (live) {
    const std::string keys =
        cfg.aster.signing == "v1" ? "ASTER_API_KEY, ASTER_API_SECRET" : "ASTER_USER, ASTER_SIGNER_KEY";
    const std::string detail = "live trading on aster (" + cfg.aster.rest_url + "), signing " + cfg.aster.signing +
                               "; enabled by --mode live, live.enabled, --confirm-live; keys from " + keys;
    store->publish({start, store::AuditEvent{"mode_change", detail}});
    spdlog::warn("LIVE TRADING: real orders will be sent to aster ({}); wallet {} {}", cfg.aster.rest_url,
                 balance.to_string(), cfg.aster.margin_asset);
  } else {
    const std::string detail = "paper trading: market data from aster (" + cfg.aster.ws_url +
                               "), fills simulated against its book, starting balance " + balance.to_string();
    store->publish({start, store::AuditEvent{"mode_change", detail}});
    spdlog::info("paper trading on aster market data; simulated balance {}", balance.to_string());
  }
  spdlog::info("symphonyd starting: mode {}, {} instruments, loop every {}, store {}", opt.mode, instruments.size(),
               format_duration(cfg.engine.loop_period), db_path);
  engine.start();
  reactor.run(opt.duration);
  if (reactor.signalled()) spdlog::info("signal received: shutting down");

  // Stop the loop and the feed, cancel (or keep) working orders, and let the venue answer
  // the cancels for a bounded grace period.
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
  aster.reset();  // closes connections before the store and the report
  return finish_session(opt, *store, db_path);
}

int run_session(const Options& opt, const Config& cfg, std::optional<venue::aster::AsterCredentials> credentials) {
  // Before any thread starts: a SIGTERM during start-up must wait for the reactor, not kill
  // the process half-initialised.
  engine::block_shutdown_signals();
  if (const int rc = prepare_directories(opt); rc != exit_ok) return rc;
  if (opt.mode == "paper" || opt.mode == "live") return run_on_venue(opt, cfg, std::move(credentials));
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
  std::optional<venue::aster::AsterCredentials> credentials;
  std::vector<std::string> venue_problems;
  if (opt.mode == "paper" || opt.mode == "live") {
    for (std::size_t i = 0; i < cfg.instruments.size(); ++i) {
      const Instrument& in = cfg.instruments[i].instrument;
      if (in.venue != "aster")
        venue_problems.push_back("$.instruments[" + std::to_string(i) + "] (" + in.symbol + ") is on venue '" +
                                 in.venue + "'; " + opt.mode + " mode needs \"venue\": \"aster\"");
    }
  }
  if (opt.mode == "paper" && !venue_problems.empty()) {
    for (const auto& p : venue_problems) std::fprintf(stderr, "symphonyd: --mode paper: %s\n", p.c_str());
    return exit_usage;
  }
  if (opt.mode == "live") {
    std::vector<std::string> env_missing;
    auto creds = venue::aster::credentials_from_environment(cfg.aster.signing, env_missing);
    auto blockers = live_blockers(opt, cfg, env_missing);
    blockers.insert(blockers.end(), venue_problems.begin(), venue_problems.end());
    if (!blockers.empty()) {
      std::string msg = "symphonyd: --mode live refused: real orders need all of these, and ";
      msg += blockers.size() == 1 ? "one is missing:\n" : std::to_string(blockers.size()) + " are missing:\n";
      for (const auto& b : blockers) msg += "  - " + b + "\n";
      std::fputs(msg.c_str(), stderr);
      return exit_usage;
    }
    credentials = std::move(creds);
  } else if (opt.confirm_live) {
    std::fputs("symphonyd: --confirm-live: only meaningful with --mode live\n", stderr);
    return exit_usage;
  }
  try {
    return run_session(opt, cfg, std::move(credentials));
  } catch (const std::exception& e) {
    spdlog::error("fatal: {}", e.what());
    return exit_runtime;
  }
}

}  // namespace symphony::app
