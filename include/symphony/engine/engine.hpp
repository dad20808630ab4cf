#pragma once

#include <symphony/agents/agent_roster.hpp>
#include <symphony/agents/conductor.hpp>
#include <symphony/agents/consensus.hpp>
#include <symphony/engine/trading_loop.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/risk/risk_engine.hpp>
#include <symphony/store/events.hpp>
#include <symphony/trading/order_manager.hpp>
#include <symphony/trading/portfolio.hpp>
#include <symphony/trading/trade_manager.hpp>
#include <symphony/venue/execution_client.hpp>
#include <symphony/venue/execution_router.hpp>
#include <symphony/venue/instrument_registry.hpp>
#include <symphony/venue/market_feed.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace symphony::llm {
class LlmService;
}

namespace symphony::engine {

/// Engine settings (config sections `loop` and `agents`).
struct EngineConfig {
  Duration loop_period = 5 * ns_per_s;
  Duration stale_after = 15 * ns_per_s;  ///< market data older than this is not traded on
  Duration ack_timeout = 10 * ns_per_s;  ///< unanswered orders are queried after this
  /// A venue whose account requests go unanswered this long is down: no new trades on it
  /// (the others trade on) until it answers again.
  Duration venue_down_after = 30 * ns_per_s;
  /// How agents' votes combine; its threshold is the confidence below which nothing trades.
  agents::ConsensusConfig consensus;
  std::uint64_t seed = 0;                                    ///< for the consensus' random pick
  Duration status_interval = 15 * ns_per_min;                ///< how often a status line is logged
  Ratio maintenance_margin_rate = Ratio::from_raw(500'000);  ///< venue rule used for margin ratio
  Ratio max_margin_ratio = Ratio::from_raw(50'000'000);      ///< maintenance / equity that forces a reduce: 0.5
  agents::ConductorConfig conductor;                         ///< how often and by what rules the regime is classified
  /// On stop, leave reduce-only orders (protective stops and take-profits) at the venue,
  /// so open positions stay protected while the daemon is down; entries are canceled.
  bool keep_protective_orders_on_stop = false;
};

/// One venue the engine trades on: its market data, its order entry, and the balance its
/// account starts with.
struct VenueLink {
  venue::MarketFeed& feed;
  venue::ExecutionClient& execution;
  Money starting_balance;
};

/// Everything the engine is wired to; it owns none of it.
struct EngineParts {
  Scheduler& scheduler;
  /// Every instrument of every venue, under the ids the market state and the adapters use.
  venue::InstrumentRegistry instruments;
  /// The market-state core the engine feeds from the venues' feeds and trades on; one per
  /// process.
  market::MarketState& market;
  /// One per venue of `instruments`, in `VenueId` order.
  std::vector<VenueLink> venues;
  store::EventSink& events;
  /// Sim only: the generator's true regime, recorded beside each classification.
  std::function<std::optional<Regime>()> true_regime;
  /// Where the conductor's classifications are published besides the event store; optional.
  agents::RegimeBus* regime_bus = nullptr;
  /// The LLM clients, drained every tick (answers to agents and the conductor, a
  /// `llm_call` event per call); optional.
  llm::LlmService* llm = nullptr;
};

/// The trading engine: consumes market data and venue answers, runs the seven-phase loop,
/// and turns agent decisions into risk-checked, bracketed trades. Every fact is published
/// as an event. Over several venues, orders are routed by instrument, each venue's account
/// is reconciled on its own (a snapshot judges only its venue's instruments), and a venue
/// that is blocked, unreconciled, down or past its own risk limits stops new trades there
/// alone; the risk limits hold per account and over all of them. Not thread-safe; lives
/// on the hot thread (the scheduler's).
class Engine final : public LoopPhases, public venue::MarketHandler, public venue::ExecutionHandler {
 public:
  /// The starting balance is the sum of the venues'.
  Engine(EngineParts parts, EngineConfig config, risk::RiskConfig risk, trading::TradeManagerConfig trade,
         agents::AgentRoster roster, std::string order_id_prefix);

  /// Starts the feed and the loop.
  void start();
  /// Stops the loop and the feed and cancels every working order. Answers still arrive
  /// through the scheduler; run it for a grace period, then call `finish`.
  void stop();
  /// Publishes the final equity. Call once, after `stop` and the grace period.
  void finish();

  // LoopPhases
  void update_agent_activity() override;
  void check_pending_orders() override;
  void monitor_positions() override;
  void sync_exchange() override;
  void fetch_market_data() override;
  void check_liquidation_risk() override;
  void execute_new_trades() override;
  void tick_done(const TickStats& stats) override;

  // MarketHandler
  market::book_status on_book(const market::BookSnapshot& snapshot) override;
  market::book_status on_book_diff(const market::BookDiff& diff) override;
  void on_trade(const market::TradeTick& trade) override;
  void on_ticker(const market::Ticker& ticker) override;
  void on_mark_price(const market::MarkPrice& mark) override;
  market::warm_up_status on_klines(InstrumentId instrument, market::Timeframe timeframe,
                                   std::span<const market::Candle> bars) override;
  void on_feed_interrupted(InstrumentId instrument) override;

  // ExecutionHandler
  void on_order_update(const venue::OrderUpdate& update) override;
  void on_fill(const venue::Fill& fill) override;
  void on_account(const venue::AccountSnapshot& account) override;
  void on_trading_blocked(VenueId venue, const std::string& reason) override;

  [[nodiscard]] const trading::Portfolio& portfolio() const noexcept { return portfolio_; }
  [[nodiscard]] const market::MarketState& market() const noexcept { return market_; }
  [[nodiscard]] const TradingLoop& loop() const noexcept { return loop_; }
  [[nodiscard]] const trading::OrderManager& orders() const noexcept { return orders_; }
  [[nodiscard]] const risk::RiskEngine& risk() const noexcept { return risk_; }
  /// Why venue `v` takes no new trades now (not yet reconciled, blocked, down, its own
  /// kill switch), or empty when it does.
  [[nodiscard]] std::string venue_halted(VenueId v) const;
  [[nodiscard]] const venue::InstrumentRegistry& instruments() const noexcept { return parts_.instruments; }
  [[nodiscard]] Money equity() const { return portfolio_.equity(market_); }
  [[nodiscard]] std::optional<Regime> regime() const noexcept { return conductor_.market_regime(); }

 private:
  void publish(store::EventBody body);
  void order_changed(const trading::ManagedOrder& order);
  void publish_transitions(const std::vector<agents::AgentTransition>& transitions);
  void integrity(const std::string& kind, const std::string& detail);
  void classify_regime();
  void drain_llm();
  void publish_regime(const agents::RegimeClassification& c);
  void log_status();
  [[nodiscard]] Timestamp now() const { return parts_.scheduler.clock().now(); }
  [[nodiscard]] risk::AccountView account_view(std::optional<VenueId> venue) const;
  void reconcile_positions(const venue::AccountSnapshot& account, bool first);
  void reconcile_orders(const venue::AccountSnapshot& account);
  void check_margin(VenueId v);
  void foreign_row(VenueId venue, const std::string& what);

  // One venue's account: its reconciliation, its block and its own risk limits.
  struct VenueState {
    std::string name;
    bool sync_in_flight = false;
    Timestamp sync_requested_ts = 0;
    Timestamp unanswered_since = 0;             // since a request went out with no answer at all
    std::uint64_t foreign_rows = 0;             // snapshot rows on another venue's instruments
    Timestamp last_snapshot_requested_ts = -1;  // of the newest snapshot reconciled
    std::uint64_t snapshots_ignored = 0;        // late (reordered) snapshots not reconciled
    bool reconciled = false;                    // its first account snapshot is in
    bool down = false;                          // its account requests go unanswered
    std::string blocked;                        // why its account cannot be traded; empty when it can
    Money last_wallet_mismatch;
    std::optional<risk::RiskEngine> risk;  // its own limits (with more than one venue)
  };

  EngineParts parts_;
  EngineConfig config_;
  market::MarketState& market_;
  venue::ExecutionRouter router_;
  trading::Portfolio portfolio_;
  trading::OrderManager orders_;
  trading::TradeManager trades_;
  risk::RiskEngine risk_;
  agents::AgentRoster roster_;
  agents::Consensus consensus_;
  agents::Conductor conductor_;
  std::optional<Regime> last_logged_regime_;
  std::vector<agents::Vote> votes_;      // this instrument's, reused per tick
  std::vector<std::size_t> vote_agent_;  // roster index of each vote
  TradingLoop loop_;
  std::vector<bool> fresh_;
  std::vector<bool> was_stale_;
  std::vector<bool> mark_refused_;  // per instrument: the last mark was refused as absurd
  // What each (roster index, instrument)'s last stored vote said, and each instrument's
  // last stored HOLD outcome: unchanged votes and HOLDs are not stored again.
  std::map<std::pair<std::size_t, InstrumentId>, std::string> last_vote_;
  std::vector<std::optional<std::string>> last_hold_outcome_;
  std::vector<VenueState> venues_;  // by VenueId
  struct Sighting {
    Qty qty;                 // the venue's quantity
    Timestamp requested_ts;  // of the snapshot that showed it
  };
  std::map<InstrumentId, Sighting> pending_mismatch_;  // a difference seen once
  // Per instrument: when our last fill arrived (our clock) and its venue time. A snapshot
  // asked for before the one, or a venue row older than the other, may predate that fill.
  std::vector<Timestamp> last_fill_rx_ts_;
  std::vector<Timestamp> last_fill_venue_ts_;
  bool store_failing_ = false;  ///< the event store cannot persist: no new entries
  bool stopped_ = false;
  Timestamp stopped_ts_ = 0;
  Timestamp next_status_ts_ = 0;
  std::uint64_t trades_closed_ = 0;
  std::uint64_t trades_won_ = 0;
};

}  // namespace symphony::engine
