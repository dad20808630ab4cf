#include <symphony/store/sqlite_store.hpp>

#include <symphony/core/text.hpp>
#include <symphony/store/sqlite_db.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace symphony::store {

namespace {

// Money, prices and quantities are stored as INTEGER in 1e-8 units: exact, and summable
// in SQL without rounding.
constexpr std::string_view schema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT, mode TEXT NOT NULL, seed INTEGER NOT NULL,
  start_ts INTEGER NOT NULL, end_ts INTEGER, equity_start INTEGER, equity_end INTEGER,
  config TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS instruments (
  run_id INTEGER NOT NULL, instrument INTEGER NOT NULL, symbol TEXT NOT NULL,
  PRIMARY KEY (run_id, instrument));
CREATE TABLE IF NOT EXISTS events (
  run_id INTEGER NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, type TEXT NOT NULL,
  payload TEXT NOT NULL, PRIMARY KEY (run_id, seq));
CREATE TABLE IF NOT EXISTS decisions (
  run_id INTEGER NOT NULL, ts INTEGER NOT NULL, agent TEXT NOT NULL, instrument INTEGER NOT NULL,
  action TEXT NOT NULL, confidence REAL NOT NULL, entry INTEGER, stop INTEGER, target1 INTEGER,
  target2 INTEGER, acted INTEGER NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
  run_id INTEGER NOT NULL, client_order_id TEXT NOT NULL, venue_order_id INTEGER,
  instrument INTEGER NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL, time_in_force TEXT NOT NULL,
  purpose TEXT NOT NULL, agent TEXT NOT NULL, qty INTEGER NOT NULL, price INTEGER, trigger_price INTEGER,
  reduce_only INTEGER NOT NULL, status TEXT NOT NULL, filled_qty INTEGER NOT NULL, avg_price INTEGER,
  reason TEXT NOT NULL, created_ts INTEGER NOT NULL, updated_ts INTEGER NOT NULL,
  PRIMARY KEY (run_id, client_order_id));
CREATE TABLE IF NOT EXISTS fills (
  run_id INTEGER NOT NULL, fill_id INTEGER NOT NULL, client_order_id TEXT NOT NULL,
  instrument INTEGER NOT NULL, side TEXT NOT NULL, qty INTEGER NOT NULL, price INTEGER NOT NULL,
  fee INTEGER NOT NULL, liquidity TEXT NOT NULL, realized_pnl INTEGER NOT NULL, ts INTEGER NOT NULL,
  PRIMARY KEY (run_id, instrument, fill_id));
CREATE TABLE IF NOT EXISTS positions (
  run_id INTEGER NOT NULL, instrument INTEGER NOT NULL, qty INTEGER NOT NULL, entry_price INTEGER NOT NULL,
  realized_pnl INTEGER NOT NULL, fees INTEGER NOT NULL, ts INTEGER NOT NULL,
  PRIMARY KEY (run_id, instrument));
CREATE TABLE IF NOT EXISTS trades (
  run_id INTEGER NOT NULL, trade_id INTEGER NOT NULL, agent TEXT NOT NULL, instrument INTEGER NOT NULL,
  side TEXT NOT NULL, qty INTEGER NOT NULL, entry_price INTEGER NOT NULL, exit_price INTEGER NOT NULL,
  opened_ts INTEGER NOT NULL, closed_ts INTEGER NOT NULL, pnl_gross INTEGER NOT NULL, fees INTEGER NOT NULL,
  pnl_net INTEGER NOT NULL, exit_reason TEXT NOT NULL, PRIMARY KEY (run_id, trade_id));
CREATE TABLE IF NOT EXISTS regimes (
  run_id INTEGER NOT NULL, ts INTEGER NOT NULL, instrument INTEGER, regime TEXT NOT NULL,
  confidence REAL NOT NULL, true_regime TEXT, trend_strength REAL, volatility_level REAL, source TEXT);
CREATE TABLE IF NOT EXISTS equity (
  run_id INTEGER NOT NULL, ts INTEGER NOT NULL, equity INTEGER NOT NULL, wallet INTEGER NOT NULL,
  unrealized INTEGER NOT NULL, exposure INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS loop_ticks (
  run_id INTEGER NOT NULL, tick INTEGER NOT NULL, ts INTEGER NOT NULL, lateness_ns INTEGER NOT NULL,
  regime TEXT NOT NULL, phase_ns TEXT NOT NULL, PRIMARY KEY (run_id, tick));
CREATE TABLE IF NOT EXISTS agent_states (
  run_id INTEGER NOT NULL, ts INTEGER NOT NULL, agent TEXT NOT NULL, from_state TEXT NOT NULL,
  to_state TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS risk_events (
  run_id INTEGER NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS llm_calls (
  run_id INTEGER NOT NULL, ts INTEGER NOT NULL, agent TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
  tier TEXT NOT NULL, outcome TEXT NOT NULL, tokens_in INTEGER NOT NULL, tokens_cached INTEGER NOT NULL,
  tokens_out INTEGER NOT NULL, cost INTEGER NOT NULL, latency_ns INTEGER NOT NULL, attempts INTEGER NOT NULL,
  from_cache INTEGER NOT NULL, reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS equity_by_run ON equity (run_id, ts);
CREATE INDEX IF NOT EXISTS decisions_by_run ON decisions (run_id, agent);
)sql";

}  // namespace

// Owns the database and its prepared statements; used only by the writer thread after
// construction.
class SqliteStore::writer {
 public:
  writer(const std::string& path, const RunInfo& run) : db_(path) {
    db_.exec(schema);
    migrate();
    SqliteStatement ins(db_.handle(), "INSERT INTO runs (mode, seed, start_ts, config) VALUES (?, ?, ?, ?)");
    ins.bind(1, run.mode).bind(2, static_cast<std::int64_t>(run.seed)).bind(3, run.start_ts).bind(4, run.config_json);
    ins.run();
    run_id_ = db_.last_insert_rowid();
    SqliteStatement sym(db_.handle(), "INSERT INTO instruments (run_id, instrument, symbol) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < run.instrument_symbols.size(); ++i) {
      sym.bind(1, run_id_).bind(2, static_cast<std::int64_t>(i)).bind(3, run.instrument_symbols[i]);
      sym.run();
    }
    symbols_ = run.instrument_symbols;
    prepare();
  }

  [[nodiscard]] std::int64_t run_id() const noexcept { return run_id_; }
  void set_busy_timeout(Duration timeout) { db_.set_busy_timeout(timeout); }
  void begin() { db_.exec("BEGIN"); }
  void commit() { db_.exec("COMMIT"); }
  void rollback() { db_.exec("ROLLBACK"); }

  // Can anything be written at all? A write that changes nothing, in its own transaction.
  bool probe() noexcept {
    try {
      begin();
      run_touch_->bind(1, run_id_);
      run_touch_->run();
      commit();
      return true;
    } catch (const std::exception&) {
      try {
        rollback();
      } catch (const std::exception&) {
      }
      return false;
    }
  }

  // One event as a line of the spool file: everything needed to write it later.
  std::string spool_line(const Event& e, const std::string& why) const {
    return fmt::format(R"({{"run_id":{},"ts":{},"type":"{}","payload":{},"why":{}}})", run_id_, e.ts,
                       event_type_name(e.body), full_payload(e), json_quote(why));
  }

  void write(const Event& e) {
    // The many small per-tick records (votes, equity, loop ticks) are kept once, in their
    // own tables, which hold every field; everything else is also journaled in `events`.
    const bool journaled = !std::holds_alternative<DecisionEvent>(e.body) &&
                           !std::holds_alternative<EquityEvent>(e.body) &&
                           !std::holds_alternative<LoopTickEvent>(e.body);
    if (journaled) {
      const std::int64_t seq = next_seq_++;
      event_->bind(1, run_id_).bind(2, seq).bind(3, e.ts).bind(4, event_type_name(e.body)).bind(5, payload(e));
      event_->run();
    }
    std::visit([&](const auto& body) { derive(e.ts, body); }, e.body);
  }

 private:
  // Brings a database made by an older version up to `schema`: `CREATE TABLE IF NOT
  // EXISTS` leaves existing tables as they were. Added columns are nullable, so old rows stay.
  void migrate() {
    add_column("regimes", "trend_strength", "REAL");
    add_column("regimes", "volatility_level", "REAL");
    add_column("regimes", "source", "TEXT");
    // Fill ids are per symbol on Binance-style venues: older databases keyed fills by id
    // alone, so two symbols' trade 7 collided and failed the batch.
    const bool keyed = [&] {
      SqliteStatement q(db_.handle(), "SELECT 1 FROM pragma_table_info('fills') WHERE name = 'instrument' AND pk > 0");
      return q.step();
    }();
    if (keyed) return;
    db_.exec("BEGIN");
    try {
      db_.exec(
          "ALTER TABLE fills RENAME TO fills_by_id;"
          "CREATE TABLE fills (run_id INTEGER NOT NULL, fill_id INTEGER NOT NULL, client_order_id TEXT NOT NULL,"
          " instrument INTEGER NOT NULL, side TEXT NOT NULL, qty INTEGER NOT NULL, price INTEGER NOT NULL,"
          " fee INTEGER NOT NULL, liquidity TEXT NOT NULL, realized_pnl INTEGER NOT NULL, ts INTEGER NOT NULL,"
          " PRIMARY KEY (run_id, instrument, fill_id));"
          "INSERT INTO fills SELECT * FROM fills_by_id;"
          "DROP TABLE fills_by_id;");
      db_.exec("COMMIT");
    } catch (...) {
      db_.exec("ROLLBACK");
      throw;
    }
  }
  void add_column(const char* table, const char* column, const char* type) {
    SqliteStatement info(db_.handle(), fmt::format("SELECT 1 FROM pragma_table_info('{}') WHERE name = ?", table));
    info.bind(1, std::string(column));
    if (info.step()) return;
    db_.exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, column, type));
  }

  void prepare() {
    auto h = db_.handle();
    event_.emplace(h, "INSERT INTO events (run_id, seq, ts, type, payload) VALUES (?, ?, ?, ?, ?)");
    decision_.emplace(h, "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    order_.emplace(h,
                   "INSERT INTO orders VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                   "?17, ?18, ?18) ON CONFLICT (run_id, client_order_id) DO UPDATE SET venue_order_id = "
                   "excluded.venue_order_id, status = excluded.status, filled_qty = excluded.filled_qty, avg_price = "
                   "excluded.avg_price, reason = excluded.reason, updated_ts = excluded.updated_ts");
    fill_.emplace(h, "INSERT INTO fills VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    position_.emplace(h, "INSERT OR REPLACE INTO positions VALUES (?, ?, ?, ?, ?, ?, ?)");
    trade_.emplace(h, "INSERT INTO trades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    regime_.emplace(h,
                    "INSERT INTO regimes (run_id, ts, instrument, regime, confidence, true_regime, trend_strength, "
                    "volatility_level, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    equity_.emplace(h, "INSERT INTO equity VALUES (?, ?, ?, ?, ?, ?)");
    tick_.emplace(h, "INSERT INTO loop_ticks VALUES (?, ?, ?, ?, ?, ?)");
    agent_.emplace(h, "INSERT INTO agent_states VALUES (?, ?, ?, ?, ?, ?)");
    risk_.emplace(h, "INSERT INTO risk_events VALUES (?, ?, ?, ?)");
    llm_.emplace(h, "INSERT INTO llm_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    run_start_.emplace(h, "UPDATE runs SET equity_start = ? WHERE run_id = ?");
    run_end_.emplace(h, "UPDATE runs SET end_ts = ?, equity_end = ?, complete = 1 WHERE run_id = ?");
    run_touch_.emplace(h, "UPDATE runs SET complete = complete WHERE run_id = ?");
  }

  std::string symbol(InstrumentId id) const { return id < symbols_.size() ? symbols_[id] : std::to_string(id); }

  // `payload`, and for the records kept only in their own tables their fields too.
  std::string full_payload(const Event& e) const {
    if (const auto* d = std::get_if<DecisionEvent>(&e.body))
      return fmt::format(
          R"({{"agent":{},"instrument":{},"action":"{}","confidence":{:.6f},"entry":"{}","stop":"{}","target1":"{}","target2":"{}","acted":{},"reason":{}}})",
          json_quote(d->agent.view()), json_quote(symbol(d->instrument)), d->action.view(), d->confidence,
          d->entry.to_string(), d->stop.to_string(), d->target1.to_string(), d->target2.to_string(), d->acted,
          json_quote(d->reason.view()));
    if (const auto* q = std::get_if<EquityEvent>(&e.body))
      return fmt::format(R"({{"equity":"{}","wallet":"{}","unrealized":"{}","exposure":"{}"}})", q->equity.to_string(),
                         q->wallet.to_string(), q->unrealized.to_string(), q->exposure.to_string());
    if (const auto* t = std::get_if<LoopTickEvent>(&e.body))
      return fmt::format(R"({{"tick":{},"lateness_ns":{}}})", t->tick, t->lateness_ns);
    return payload(e);
  }

  std::string payload(const Event& e) const {
    return std::visit(
        overloaded{
            [&](const RunStarted& b) {
              return fmt::format(R"({{"mode":{},"seed":{},"equity_start":"{}"}})", json_quote(b.mode.view()), b.seed,
                                 b.equity_start.to_string());
            },
            [&](const RunEnded& b) { return fmt::format(R"({{"equity_end":"{}"}})", b.equity_end.to_string()); },
            // Votes, equity and loop ticks are kept in their own tables only (see write).
            [](const DecisionEvent&) { return std::string(); },
            [](const EquityEvent&) { return std::string(); },
            [](const LoopTickEvent&) { return std::string(); },
            [&](const CoordinationEvent& b) {
              return fmt::format(
                  R"({{"instrument":{},"mode":"{}","policy":"{}","action":"{}","confidence":{:.6f},"lead":{},"voters":{},"backers":{},"conflict":{},"acted":{},"reason":{}}})",
                  json_quote(symbol(b.instrument)), b.mode.view(), b.policy.view(), b.action.view(), b.confidence,
                  json_quote(b.lead.view()), b.voters, b.backers, b.conflict, b.acted, json_quote(b.reason.view()));
            },
            [&](const OrderEvent& b) {
              return fmt::format(
                  R"({{"client_order_id":{},"venue_order_id":{},"instrument":{},"side":"{}","type":"{}","status":"{}","purpose":"{}","qty":"{}","price":"{}","trigger_price":"{}","filled_qty":"{}","avg_price":"{}","reduce_only":{},"reason":{}}})",
                  json_quote(b.client_order_id.view()), b.venue_order_id, json_quote(symbol(b.instrument)),
                  b.side.view(), b.type.view(), b.status.view(), b.purpose.view(), b.qty.to_string(),
                  b.price.to_string(), b.trigger_price.to_string(), b.filled_qty.to_string(), b.avg_price.to_string(),
                  b.reduce_only, json_quote(b.reason.view()));
            },
            [&](const FillEvent& b) {
              return fmt::format(
                  R"({{"fill_id":{},"client_order_id":{},"instrument":{},"side":"{}","qty":"{}","price":"{}","fee":"{}","liquidity":"{}","realized_pnl":"{}"}})",
                  b.fill_id, json_quote(b.client_order_id.view()), json_quote(symbol(b.instrument)), b.side.view(),
                  b.qty.to_string(), b.price.to_string(), b.fee.to_string(), b.liquidity.view(),
                  b.realized_pnl.to_string());
            },
            [&](const PositionEvent& b) {
              return fmt::format(R"({{"instrument":{},"qty":"{}","entry_price":"{}","realized_pnl":"{}","fees":"{}"}})",
                                 json_quote(symbol(b.instrument)), b.qty.to_string(), b.entry_price.to_string(),
                                 b.realized_pnl.to_string(), b.fees.to_string());
            },
            [&](const TradeEvent& b) {
              return fmt::format(
                  R"({{"trade_id":{},"agent":{},"instrument":{},"side":"{}","qty":"{}","entry_price":"{}","exit_price":"{}","pnl_net":"{}","fees":"{}","exit_reason":"{}"}})",
                  b.trade_id, json_quote(b.agent.view()), json_quote(symbol(b.instrument)), b.side.view(),
                  b.qty.to_string(), b.entry_price.to_string(), b.exit_price.to_string(), b.pnl_net.to_string(),
                  b.fees.to_string(), b.exit_reason.view());
            },
            [&](const RegimeEvent& b) {
              return fmt::format(
                  R"({{"scope":{},"regime":"{}","confidence":{:.4f},"trend_strength":{:.4f},"volatility_level":{:.4f},"ts_us":{},"source":{}{}}})",
                  json_quote(b.instrument == RegimeEvent::market_scope ? "market" : symbol(b.instrument)),
                  to_string(b.regime), b.confidence, b.trend_strength, b.volatility_level, b.ts_us,
                  json_quote(b.source.view()),
                  b.has_true_regime ? fmt::format(R"(,"true_regime":"{}")", to_string(b.true_regime)) : "");
            },
            [&](const AgentStateEvent& b) {
              return fmt::format(R"({{"agent":{},"from":"{}","to":"{}","reason":{}}})", json_quote(b.agent.view()),
                                 b.from.view(), b.to.view(), json_quote(b.reason.view()));
            },
            [&](const RiskEvent& b) {
              return fmt::format(R"({{"kind":"{}","detail":{}}})", b.kind.view(), json_quote(b.detail.view()));
            },
            [&](const AuditEvent& b) {
              return fmt::format(R"({{"kind":{},"detail":{}}})", json_quote(b.kind.view()),
                                 json_quote(b.detail.view()));
            },
            [&](const LlmCallEvent& b) {
              return fmt::format(
                  R"({{"agent":{},"provider":"{}","model":{},"tier":"{}","outcome":"{}","tokens_in":{},"tokens_cached":{},"tokens_out":{},"cost":"{}","latency_ms":{:.3f},"attempts":{},"from_cache":{},"reason":{}}})",
                  json_quote(b.agent.view()), b.provider.view(), json_quote(b.model.view()), b.tier.view(),
                  b.outcome.view(), b.tokens_in, b.tokens_cached, b.tokens_out, b.cost.to_string(),
                  static_cast<double>(b.latency_ns) / 1e6, b.attempts, b.from_cache, json_quote(b.reason.view()));
            },
        },
        e.body);
  }

  void derive(Timestamp, const RunStarted& b) {
    run_start_->bind(1, b.equity_start.raw()).bind(2, run_id_);
    run_start_->run();
  }
  void derive(Timestamp, const RunEnded& b) {
    run_end_->bind(1, b.stopped_ts).bind(2, b.equity_end.raw()).bind(3, run_id_);
    run_end_->run();
  }
  void derive(Timestamp ts, const DecisionEvent& b) {
    decision_->bind(1, run_id_).bind(2, ts).bind(3, b.agent.view()).bind(4, std::int64_t{b.instrument});
    decision_->bind(5, b.action.view()).bind(6, b.confidence).bind(7, b.entry.raw()).bind(8, b.stop.raw());
    decision_->bind(9, b.target1.raw())
        .bind(10, b.target2.raw())
        .bind(11, std::int64_t{b.acted})
        .bind(12, b.reason.view());
    decision_->run();
  }
  void derive(Timestamp ts, const OrderEvent& b) {
    auto& s = *order_;
    s.bind(1, run_id_).bind(2, b.client_order_id.view()).bind(3, static_cast<std::int64_t>(b.venue_order_id));
    s.bind(4, std::int64_t{b.instrument}).bind(5, b.side.view()).bind(6, b.type.view()).bind(7, b.time_in_force.view());
    s.bind(8, b.purpose.view()).bind(9, b.agent.view()).bind(10, b.qty.raw()).bind(11, b.price.raw());
    s.bind(12, b.trigger_price.raw()).bind(13, std::int64_t{b.reduce_only}).bind(14, b.status.view());
    s.bind(15, b.filled_qty.raw()).bind(16, b.avg_price.raw()).bind(17, b.reason.view()).bind(18, ts);
    s.run();
  }
  void derive(Timestamp ts, const FillEvent& b) {
    auto& s = *fill_;
    s.bind(1, run_id_).bind(2, static_cast<std::int64_t>(b.fill_id)).bind(3, b.client_order_id.view());
    s.bind(4, std::int64_t{b.instrument}).bind(5, b.side.view()).bind(6, b.qty.raw()).bind(7, b.price.raw());
    s.bind(8, b.fee.raw()).bind(9, b.liquidity.view()).bind(10, b.realized_pnl.raw()).bind(11, ts);
    s.run();
  }
  void derive(Timestamp ts, const PositionEvent& b) {
    auto& s = *position_;
    s.bind(1, run_id_).bind(2, std::int64_t{b.instrument}).bind(3, b.qty.raw()).bind(4, b.entry_price.raw());
    s.bind(5, b.realized_pnl.raw()).bind(6, b.fees.raw()).bind(7, ts);
    s.run();
  }
  void derive(Timestamp ts, const TradeEvent& b) {
    auto& s = *trade_;
    s.bind(1, run_id_).bind(2, static_cast<std::int64_t>(b.trade_id)).bind(3, b.agent.view());
    s.bind(4, std::int64_t{b.instrument}).bind(5, b.side.view()).bind(6, b.qty.raw()).bind(7, b.entry_price.raw());
    s.bind(8, b.exit_price.raw()).bind(9, b.opened_ts).bind(10, ts).bind(11, b.pnl_gross.raw()).bind(12, b.fees.raw());
    s.bind(13, b.pnl_net.raw()).bind(14, b.exit_reason.view());
    s.run();
  }
  void derive(Timestamp ts, const RegimeEvent& b) {
    auto& s = *regime_;
    s.bind(1, run_id_).bind(2, ts);
    if (b.instrument == RegimeEvent::market_scope)
      s.bind_null(3);
    else
      s.bind(3, std::int64_t{b.instrument});
    s.bind(4, to_string(b.regime)).bind(5, b.confidence);
    if (b.has_true_regime)
      s.bind(6, to_string(b.true_regime));
    else
      s.bind_null(6);
    s.bind(7, b.trend_strength).bind(8, b.volatility_level).bind(9, b.source.view());
    s.run();
  }
  void derive(Timestamp ts, const EquityEvent& b) {
    equity_->bind(1, run_id_).bind(2, ts).bind(3, b.equity.raw()).bind(4, b.wallet.raw());
    equity_->bind(5, b.unrealized.raw()).bind(6, b.exposure.raw());
    equity_->run();
  }
  void derive(Timestamp ts, const LoopTickEvent& b) {
    tick_->bind(1, run_id_).bind(2, static_cast<std::int64_t>(b.tick)).bind(3, ts).bind(4, b.lateness_ns);
    tick_->bind(5, b.regime_known ? to_string(b.regime) : std::string_view("UNCLASSIFIED"))
        .bind(6, fmt::format("{}", fmt::join(b.phase_ns, ",")));
    tick_->run();
  }
  void derive(Timestamp ts, const AgentStateEvent& b) {
    agent_->bind(1, run_id_).bind(2, ts).bind(3, b.agent.view()).bind(4, b.from.view()).bind(5, b.to.view());
    agent_->bind(6, b.reason.view());
    agent_->run();
  }
  // Audit events live in the events table only.
  void derive(Timestamp, const AuditEvent&) {}
  void derive(Timestamp, const CoordinationEvent&) {}
  void derive(Timestamp ts, const LlmCallEvent& b) {
    auto& s = *llm_;
    s.bind(1, run_id_).bind(2, ts).bind(3, b.agent.view()).bind(4, b.provider.view()).bind(5, b.model.view());
    s.bind(6, b.tier.view()).bind(7, b.outcome.view()).bind(8, static_cast<std::int64_t>(b.tokens_in));
    s.bind(9, static_cast<std::int64_t>(b.tokens_cached)).bind(10, static_cast<std::int64_t>(b.tokens_out));
    s.bind(11, b.cost.raw()).bind(12, b.latency_ns).bind(13, std::int64_t{b.attempts});
    s.bind(14, std::int64_t{b.from_cache ? 1 : 0}).bind(15, b.reason.view());
    s.run();
  }
  void derive(Timestamp ts, const RiskEvent& b) {
    risk_->bind(1, run_id_).bind(2, ts).bind(3, b.kind.view()).bind(4, b.detail.view());
    risk_->run();
  }

  SqliteDb db_;
  std::int64_t run_id_ = 0;
  std::int64_t next_seq_ = 0;
  std::vector<std::string> symbols_;
  std::optional<SqliteStatement> event_, decision_, order_, fill_, position_, trade_, regime_, equity_, tick_, agent_,
      llm_, risk_, run_start_, run_end_, run_touch_;

 public:
  std::mutex error_mutex;
  std::string error;
};

SqliteStore::SqliteStore(const std::string& path, const RunInfo& run, StoreLimits limits)
    : path_(path), limits_(limits), ring_(limits.ring_capacity), writer_(std::make_unique<writer>(path, run)) {
  run_id_ = writer_->run_id();
  writer_->set_busy_timeout(limits_.busy_timeout);
  thread_ = std::thread([this] { run_writer(); });
}

void SqliteStore::set_failing(bool failing) {
  {
    std::lock_guard lock(health_mutex_);
    failing_.store(failing, std::memory_order_release);
  }
  health_changed_.notify_all();
}

bool SqliteStore::wait_for_health(bool healthy, Duration timeout) const {
  std::unique_lock lock(health_mutex_);
  return health_changed_.wait_for(lock, std::chrono::nanoseconds(timeout),
                                  [&] { return (!failing_.load(std::memory_order_acquire)) == healthy; });
}

void SqliteStore::run_writer() {
  // Drain the ring in batches, one transaction per batch. A failed batch is rolled back
  // and kept: if the database takes writes at all, the batch is written event by event and
  // the events it refuses on their own are spooled; if it takes none, the store is
  // unhealthy and the batch is retried with backoff until it goes in.
  std::vector<Event> batch;
  batch.reserve(4096);
  auto backoff = std::chrono::milliseconds(50);
  int attempts_stopping = 0;
  const auto record_error = [&](const std::string& what) {
    std::lock_guard lock(writer_->error_mutex);
    writer_->error = what;
  };
  const auto write_all = [&](const Event* first, std::size_t n) {
    try {
      writer_->begin();
      for (std::size_t i = 0; i < n; ++i) writer_->write(first[i]);
      writer_->commit();
      return std::string();
    } catch (const std::exception& ex) {
      try {
        writer_->rollback();
      } catch (const std::exception&) {
      }
      return std::string(ex.what());
    }
  };
  for (;;) {
    const bool stopping = stop_.load(std::memory_order_acquire);
    const bool closing = closing_.load(std::memory_order_acquire);
    while (batch.size() < 4096) {
      auto e = ring_.try_pop();
      if (!e) break;
      batch.push_back(*e);
    }
    if (batch.empty()) {
      if (stopping) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    std::string why = write_all(batch.data(), batch.size());
    if (why.empty()) {
      batch.clear();
      // Recovered from an outage without losing anything: the outage is no error.
      if (failing_.load(std::memory_order_acquire)) {  // only this thread writes it
        set_failing(false);
        std::lock_guard lock(spool_mutex_);  // against a spool from the hot thread meanwhile
        if (spooled_.load(std::memory_order_acquire) == 0) record_error("");
      }
      backoff = std::chrono::milliseconds(50);
      continue;
    }
    if (writer_->probe()) {
      // The database works; some event of this batch does not go in. Find it.
      for (const Event& e : batch) {
        const std::string one = write_all(&e, 1);
        if (!one.empty()) spool(&e, 1, "refused by the database: " + one);
      }
      batch.clear();
      set_failing(false);
      continue;
    }
    set_failing(true);
    record_error("the database takes no writes: " + why);
    if (closing && ++attempts_stopping >= limits_.close_attempts) {
      // Shutting down and still failing: nothing is lost that can be spooled.
      spool(batch.data(), batch.size(), "unwritten at shutdown: " + why);
      batch.clear();
      while (auto e = ring_.try_pop()) spool(&*e, 1, "unwritten at shutdown: " + why);
      writer_done_.store(true, std::memory_order_release);
      return;
    }
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

void SqliteStore::spool(const Event* first, std::size_t count, const std::string& why) {
  if (count == 0) return;
  std::lock_guard lock(spool_mutex_);
  const std::string file = spool_path();
  std::FILE* f = std::fopen(file.c_str(), "a");
  std::string failure;
  if (!f) {
    failure = "; the spool file '" + file + "' cannot be opened: " + std::strerror(errno);
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      const std::string line = writer_->spool_line(first[i], why) + "\n";
      if (std::fwrite(line.data(), 1, line.size(), f) != line.size()) failure = "; writing the spool file failed";
    }
    if (std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0) failure = "; syncing the spool file failed";
    std::fclose(f);
  }
  spooled_.fetch_add(count, std::memory_order_acq_rel);
  std::lock_guard err(writer_->error_mutex);
  writer_->error = std::to_string(spooled_.load()) + " event(s) not in the database, spooled to '" + file +
                   "' (last: " + why + ")" + failure;
}

SqliteStore::~SqliteStore() { close(); }

void SqliteStore::drain_overflow() noexcept {
  while (!overflow_.empty() && ring_.try_push(overflow_.front())) overflow_.pop_front();
}

void SqliteStore::publish(const Event& event) {
  ++published_;
  if (!overflow_.empty()) drain_overflow();
  if (overflow_.empty() && ring_.try_push(event)) return;
  ++overflowed_;
  overflow_.push_back(event);
  // Bounded: what a long outage leaves beyond the overflow's capacity goes to the spool,
  // oldest first, rather than growing the hot thread's memory without end.
  if (overflow_.size() > limits_.overflow_capacity) {
    const std::size_t n = overflow_.size() - limits_.overflow_capacity / 2;
    std::vector<Event> out(overflow_.begin(), overflow_.begin() + static_cast<std::ptrdiff_t>(n));
    overflow_.erase(overflow_.begin(), overflow_.begin() + static_cast<std::ptrdiff_t>(n));
    spool(out.data(), out.size(), "overflowed the store's memory while the database failed");
  }
}

bool SqliteStore::close() {
  if (closed_) return error().empty();
  closed_ = true;
  // Hand the overflow to the writer while it lives; if the database still fails after its
  // last attempts it spools what it holds and ends, and the rest is spooled here.
  closing_.store(true, std::memory_order_release);
  while (!overflow_.empty() && !writer_done_.load(std::memory_order_acquire)) {
    drain_overflow();
    if (!overflow_.empty()) std::this_thread::yield();
  }
  if (!overflow_.empty()) {
    std::vector<Event> out(overflow_.begin(), overflow_.end());
    overflow_.clear();
    spool(out.data(), out.size(), "unwritten at shutdown: the database failed");
  }
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  return error().empty();
}

std::string SqliteStore::error() const {
  std::lock_guard lock(writer_->error_mutex);
  return writer_->error;
}

}  // namespace symphony::store
