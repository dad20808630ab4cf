#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace symphony::risk {

/// Limits every new position must pass. Fractions are of current equity unless noted.
struct RiskConfig {
  Ratio risk_per_trade = Ratio::from_raw(500'000);          ///< equity lost if the stop is hit: 0.005
  Ratio max_leverage = Ratio::from_units(3);                ///< total exposure / equity
  Money max_position_notional = Money::from_units(50'000);  ///< per instrument
  Money max_total_exposure = Money::from_units(150'000);    ///< all instruments
  Ratio daily_loss_limit = Ratio::from_raw(3'000'000);      ///< from the UTC day's opening equity: 0.03
  Ratio max_drawdown = Ratio::from_raw(20'000'000);         ///< from peak equity; trips the kill switch: 0.2
  std::int64_t max_trades_per_day = 100;                    ///< entries that filled, plus entries still working
  std::int64_t max_open_positions = 3;
  Ratio min_stop_distance = Ratio::from_raw(50'000);      ///< of entry price: 0.0005
  Ratio max_stop_distance = Ratio::from_raw(10'000'000);  ///< of entry price: 0.1
};

/// What an agent wants: a position on `side` of `instrument` entered near `entry` with a
/// protective stop at `stop`.
struct TradeIntent {
  InstrumentId instrument = 0;
  Side side = Side::buy;
  Price entry;
  Price stop;
};

/// The account as the risk engine needs to see it.
struct AccountView {
  Money equity;
  Money exposure;  ///< Σ |position| × mark
  std::int64_t open_positions = 0;
  /// Entries sent and still working with nothing filled: each may yet become a trade, so
  /// each holds a place under the trades-per-day limit until it fills or ends unfilled.
  std::int64_t pending_entries = 0;
  bool has_position_on_instrument = false;
};

/// A risk decision: approved with a size, or refused with a reason. A refusal is a value,
/// not an error.
struct Verdict {
  bool approved = false;
  Qty qty;
  std::string reason;
};

/// A limit that was crossed, to be recorded as an event.
struct Breach {
  std::string kind;
  std::string detail;
};

/// Pre-trade checks, position sizing and account-level limits (daily loss, drawdown kill
/// switch, trades per day, exposure, leverage). Not thread-safe; lives on the hot thread.
class RiskEngine {
 public:
  RiskEngine(RiskConfig config, Money starting_equity, Timestamp now);

  /// Updates the day, peak and limits from the latest equity; returns new breaches.
  std::vector<Breach> on_equity(Timestamp now, Money equity);
  /// Sizes and checks a new position.
  [[nodiscard]] Verdict check(const TradeIntent& intent, const Instrument& instrument,
                              const AccountView& account) const;
  /// Counts a trade against today's limit: called when an entry first fills. Entries that
  /// never fill (rejected, canceled, or not sent in validate mode) never count.
  void on_trade_opened() noexcept { ++trades_today_; }
  [[nodiscard]] std::int64_t trades_today() const noexcept { return trades_today_; }
  /// Trips the kill switch by hand or from an integrity failure: no new positions until
  /// restart, and (in the engine) every open position is closed at market.
  void trip_kill_switch(std::string reason);

  [[nodiscard]] bool kill_switch() const noexcept { return kill_switch_; }
  [[nodiscard]] bool daily_loss_breached() const noexcept { return daily_loss_breached_; }
  [[nodiscard]] const RiskConfig& config() const noexcept { return config_; }
  [[nodiscard]] const std::string& kill_reason() const noexcept { return kill_reason_; }

 private:
  RiskConfig config_;
  std::int64_t day_ = 0;
  Money day_open_equity_;
  Money peak_equity_;
  std::int64_t trades_today_ = 0;
  bool daily_loss_breached_ = false;
  bool kill_switch_ = false;
  std::string kill_reason_;
};

}  // namespace symphony::risk
