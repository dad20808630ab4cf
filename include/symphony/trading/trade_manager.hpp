#pragma once

#include <symphony/core/instrument.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/trading/order_manager.hpp>
#include <symphony/trading/portfolio.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace symphony::trading {

/// Trade-management settings.
struct TradeManagerConfig {
  Ratio partial_take_profit = Ratio::from_raw(50'000'000);  ///< share closed at target 1: 0.5
  bool breakeven_after_tp1 = true;                          ///< move the stop to the entry price once target 1 fills
  std::int64_t stop_retry_limit = 3;                        ///< failed stop placements before the position is flattened
  Duration entry_timeout = 30 * ns_per_s;                   ///< an entry still working after this is canceled
  Duration fill_grace =
      20 * ns_per_s;  ///< fills the venue reported are awaited this long before a position is an orphan
};

/// What an approved decision becomes: a sized position with its exits.
struct TradePlan {
  std::string agent;
  InstrumentId instrument = 0;
  Side side = Side::buy;
  Qty qty;
  Price entry;  ///< reference price when decided
  Price stop;
  Price target1;
  Price target2;
};

/// A round trip as recorded when it closes.
struct TradeRecord {
  std::uint64_t trade_id = 0;
  std::string agent;
  InstrumentId instrument = 0;
  Side side = Side::buy;
  Qty qty;  ///< entered
  Price entry_price;
  Price exit_price;
  Timestamp opened_ts = 0;
  Timestamp closed_ts = 0;
  Money pnl_gross;
  Money fees;
  Money pnl_net;
  std::string exit_reason;
};

/// Runs each trade from entry to exit: a market entry, then a bracket of a reduce-only
/// stop-market and two reduce-only take-profit-market orders (the first for
/// `partial_take_profit` of the position), the stop moved to breakeven after target 1,
/// siblings canceled when the position closes. A position is never left without a
/// working stop for longer than one loop period: a rejected stop is re-placed at once,
/// and after `stop_retry_limit` failures the position is flattened at market.
/// One trade per instrument. Not thread-safe; lives on the hot thread.
class TradeManager {
 public:
  using closed_listener = std::function<void(const TradeRecord&)>;
  using integrity_listener = std::function<void(const std::string& kind, const std::string& detail)>;

  TradeManager(OrderManager& orders, const Portfolio& portfolio, std::vector<Instrument> instruments,
               TradeManagerConfig config, const Clock& clock);

  void set_closed_listener(closed_listener fn) { on_closed_ = std::move(fn); }
  void set_integrity_listener(integrity_listener fn) { on_integrity_ = std::move(fn); }

  /// True when no trade is active on `instrument`.
  [[nodiscard]] bool idle(InstrumentId instrument) const { return !active_.contains(instrument); }
  /// Starts a trade; returns its id (0 after stop(): nothing is started).
  std::uint64_t open(const TradePlan& plan);
  /// Reacts to an order change reported by the order manager.
  void on_order(const ManagedOrder& order);
  /// Reacts to a new fill (`order` null for fills of orders we never sent).
  void on_fill(const ManagedOrder* order, const venue::Fill& fill, Money realized);
  /// Phase "monitor positions": re-protects, times out entries, flattens stuck trades.
  void monitor(const market::MarketState& market);
  /// Closes a trade's position at market and cancels its resting orders.
  void flatten(InstrumentId instrument, const std::string& reason);
  /// Shutdown: from here on no new order is sent, except, with `keep_protection`, a stop
  /// or a flatten that keeps a position covered (a target filling during the shutdown
  /// grace resizes the kept stop). Without it, whatever still arrives (a target's fill,
  /// an entry's late fill) places nothing that the shutdown's cancels would miss.
  void stop(bool keep_protection);
  /// Active trades, by instrument.
  [[nodiscard]] std::size_t active_count() const noexcept { return active_.size(); }

 private:
  struct trade {
    std::uint64_t id = 0;
    TradePlan plan;
    Timestamp opened_ts = 0;
    std::string entry_id, stop_id, tp1_id, tp2_id, flatten_id;
    std::string prev_stop_id;  ///< the stop in force while stop_id (its replacement) awaits its ack
    Price stop_price;
    bool entry_done = false;
    bool tp1_done = false;
    bool breakeven = false;
    bool closing = false;
    std::int64_t stop_failures = 0;
    Qty entered;
    Money entry_notional;
    Qty exited;
    Money exit_notional;
    Money realized;
    Money fees;
    std::string exit_reason;
    Price last_mark;  ///< the last mark seen by monitor, to value an exit we saw no fill of
  };

  void protect(trade& t, const market::MarketState* market);
  void place_stop(trade& t, Qty qty, Price trigger);
  [[nodiscard]] bool may_send(OrderPurpose purpose) const;
  void place_take_profits(trade& t, Qty position);
  void close(trade& t, std::string reason);
  [[nodiscard]] bool working(const std::string& id) const;
  /// What the stop (or a flatten) must cover: our position in the trade's direction, plus
  /// what the venue reports the entry filled beyond the fills we have received.
  [[nodiscard]] Qty cover_qty(const trade& t) const;
  /// `qty`, or the most one market order may carry on the venue when it is more.
  [[nodiscard]] Qty market_chunk(const trade& t, Qty qty) const;
  void submit_exit(trade& t, std::string& slot, venue::OrderType type, Qty qty, Price trigger, OrderPurpose purpose);
  trade* by_order(const ManagedOrder& o);

  OrderManager& orders_;
  const Portfolio& portfolio_;
  std::vector<Instrument> instruments_;
  TradeManagerConfig config_;
  const Clock& clock_;
  std::map<InstrumentId, trade> active_;
  std::uint64_t next_trade_id_ = 1;
  closed_listener on_closed_;
  integrity_listener on_integrity_;
  bool stopped_ = false;
  bool keep_protection_ = false;
};

}  // namespace symphony::trading
