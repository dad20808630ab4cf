#pragma once

#include <symphony/core/fixed.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace symphony::analytics {

/// One agent's line in the report.
struct AgentReport {
  std::int64_t decisions = 0;  ///< every decide() call, HOLD included
  std::int64_t signals = 0;    ///< BUY/SELL decisions
  std::int64_t trades = 0;     ///< closed round trips
  Money pnl;                   ///< net of fees
};

/// The end-of-run report, computed from what the store holds for one run. Money is exact:
/// `equity_end == equity_start + pnl_net`, and `pnl_net` has the fees in it.
struct Report {
  std::string mode;
  std::uint64_t seed = 0;
  std::int64_t sim_seconds = 0;
  Money equity_start;
  Money equity_end;
  Money pnl_net;
  Money realized_pnl;    ///< before fees
  Money unrealized_pnl;  ///< of positions still open at the end
  Money fees;
  std::int64_t orders = 0;
  std::int64_t fills = 0;
  std::int64_t trades = 0;
  std::int64_t wins = 0;
  std::int64_t losses = 0;
  double win_rate = 0;
  double max_drawdown = 0;                      ///< largest peak-to-trough fall of equity, as a fraction of the peak
  std::map<std::string, std::int64_t> regimes;  ///< market regime → loop ticks spent in it
  std::map<std::string, AgentReport> agents;
  std::int64_t loop_ticks = 0;
  double loop_max_lateness_ms = 0;
};

/// Reads run `run_id` from the SQLite database at `path`. Throws if the run is missing.
Report build_report(const std::string& path, std::int64_t run_id);

/// The report as JSON with a fixed key order; money values are exact decimal numbers.
std::string to_json(const Report& report);

}  // namespace symphony::analytics
