#include <symphony/analytics/report.hpp>

#include <symphony/core/text.hpp>
#include <symphony/store/sqlite_db.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace symphony::analytics {

using store::SqliteStatement;

Report build_report(const std::string& path, std::int64_t run_id) {
  store::SqliteDb db(path, true);
  auto h = db.handle();
  Report r;
  {
    SqliteStatement s(h, "SELECT mode, seed, start_ts, end_ts, equity_start FROM runs WHERE run_id = ?");
    s.bind(1, run_id);
    if (!s.step()) throw std::runtime_error("run " + std::to_string(run_id) + " is not in " + path);
    r.mode = s.column_text(0);
    r.seed = static_cast<std::uint64_t>(s.column_int64(1));
    const std::int64_t start = s.column_int64(2);
    const std::int64_t end = s.column_is_null(3) ? start : s.column_int64(3);
    r.sim_seconds = (end - start) / 1'000'000'000;
    r.equity_start = Money::from_raw(s.column_int64(4));
  }
  {
    SqliteStatement s(
        h, "SELECT count(*), coalesce(sum(fee), 0), coalesce(sum(realized_pnl), 0) FROM fills WHERE run_id = ?");
    s.bind(1, run_id);
    s.step();
    r.fills = s.column_int64(0);
    r.fees = Money::from_raw(s.column_int64(1));
    r.realized_pnl = Money::from_raw(s.column_int64(2));
  }
  {
    SqliteStatement s(h, "SELECT count(*) FROM orders WHERE run_id = ?");
    s.bind(1, run_id);
    s.step();
    r.orders = s.column_int64(0);
  }
  {
    // The equity curve: the last row is the end of the run; drawdown is measured along it.
    SqliteStatement s(h, "SELECT equity, wallet FROM equity WHERE run_id = ? ORDER BY ts, rowid");
    s.bind(1, run_id);
    Money peak = r.equity_start;
    r.equity_end = r.equity_start;
    while (s.step()) {
      const Money eq = Money::from_raw(s.column_int64(0));
      r.equity_end = eq;
      r.unrealized_pnl = eq - Money::from_raw(s.column_int64(1));
      peak = std::max(peak, eq);
      if (peak.is_positive()) r.max_drawdown = std::max(r.max_drawdown, (peak - eq).to_double() / peak.to_double());
    }
  }
  // pnl_net from the fills and the final open P&L: it equals equity_end − equity_start only
  // if every fill reached the store and the books were kept exactly.
  r.pnl_net = r.realized_pnl - r.fees + r.unrealized_pnl;
  {
    SqliteStatement s(h,
                      "SELECT agent, count(*), coalesce(sum(pnl_net), 0), sum(pnl_net > 0), sum(pnl_net <= 0) "
                      "FROM trades WHERE run_id = ? GROUP BY agent");
    s.bind(1, run_id);
    while (s.step()) {
      auto& a = r.agents[s.column_text(0)];
      a.trades = s.column_int64(1);
      a.pnl = Money::from_raw(s.column_int64(2));
      r.trades += a.trades;
      r.wins += s.column_int64(3);
      r.losses += s.column_int64(4);
    }
  }
  r.win_rate = r.trades > 0 ? static_cast<double>(r.wins) / static_cast<double>(r.trades) : 0.0;
  {
    SqliteStatement s(h,
                      "SELECT agent, count(*), sum(action != 'HOLD') FROM decisions WHERE run_id = ? GROUP BY agent");
    s.bind(1, run_id);
    while (s.step()) {
      auto& a = r.agents[s.column_text(0)];
      a.decisions = s.column_int64(1);
      a.signals = s.column_int64(2);
    }
  }
  {
    SqliteStatement s(h, "SELECT regime, count(*) FROM loop_ticks WHERE run_id = ? GROUP BY regime");
    s.bind(1, run_id);
    while (s.step()) r.regimes[s.column_text(0)] = s.column_int64(1);
  }
  {
    SqliteStatement s(h, "SELECT count(*), coalesce(max(lateness_ns), 0) FROM loop_ticks WHERE run_id = ?");
    s.bind(1, run_id);
    s.step();
    r.loop_ticks = s.column_int64(0);
    r.loop_max_lateness_ms = static_cast<double>(s.column_int64(1)) / 1e6;
  }
  return r;
}

std::string to_json(const Report& r) {
  std::string out = "{\n";
  auto field = [&](std::string_view key, const std::string& value, bool last = false) {
    out += fmt::format("  {}: {}{}\n", json_quote(key), value, last ? "" : ",");
  };
  field("mode", json_quote(r.mode));
  field("seed", std::to_string(r.seed));
  field("sim_seconds", std::to_string(r.sim_seconds));
  field("equity_start", r.equity_start.to_string());
  field("equity_end", r.equity_end.to_string());
  field("pnl_net", r.pnl_net.to_string());
  field("realized_pnl", r.realized_pnl.to_string());
  field("unrealized_pnl", r.unrealized_pnl.to_string());
  field("fees", r.fees.to_string());
  field("orders", std::to_string(r.orders));
  field("fills", std::to_string(r.fills));
  field("trades", std::to_string(r.trades));
  field("wins", std::to_string(r.wins));
  field("losses", std::to_string(r.losses));
  field("win_rate", fmt::format("{:.6f}", r.win_rate));
  field("max_drawdown", fmt::format("{:.6f}", r.max_drawdown));
  std::string regimes = "{";
  for (auto it = r.regimes.begin(); it != r.regimes.end(); ++it)
    regimes += fmt::format("{}{}: {}", it == r.regimes.begin() ? "" : ", ", json_quote(it->first), it->second);
  field("regimes", regimes + "}");
  std::string agents = "{";
  for (auto it = r.agents.begin(); it != r.agents.end(); ++it) {
    const auto& a = it->second;
    agents += fmt::format("{}\n    {}: {{\"decisions\": {}, \"signals\": {}, \"trades\": {}, \"pnl\": {}}}",
                          it == r.agents.begin() ? "" : ",", json_quote(it->first), a.decisions, a.signals, a.trades,
                          a.pnl.to_string());
  }
  field("agents", agents + (r.agents.empty() ? "}" : "\n  }"));
  field("loop", fmt::format("{{\"ticks\": {}, \"max_lateness_ms\": {:.3f}}}", r.loop_ticks, r.loop_max_lateness_ms),
        true);
  return out + "}\n";
}

}  // namespace symphony::analytics
