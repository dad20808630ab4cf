#pragma once

#include <symphony/core/position_math.hpp>
#include <symphony/core/rng.hpp>
#include <symphony/core/scheduler.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/venue/execution_client.hpp>

#include <map>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

namespace symphony::venue::sim {

/// Knobs of the simulated exchange. Fee rates are fractions of notional; latency is one
/// way (an order reaches the matcher after `latency`, its answer reaches us after another).
struct ExchangeConfig {
  std::uint64_t seed = 1;
  Money starting_balance = Money::from_units(100'000);
  Ratio maker_fee = Ratio::from_raw(20'000);  // 0.0002
  Ratio taker_fee = Ratio::from_raw(50'000);  // 0.0005
  Duration latency = 50 * ns_per_ms;
  double partial_fill_probability = 0.2;
  double reject_probability = 0.05;
  std::int64_t leverage = 10;
  Ratio maintenance_margin_rate = Ratio::from_raw(500'000);  // 0.005
};

/// A simulated perpetual-futures exchange: one cross-margin account, matching against
/// the books of the market-state core it is given (the same books the engine trades on:
/// there is one copy of market state, not one per consumer). Market, limit (GTC, IOC, post-only), reduce-only,
/// stop-market and take-profit-market orders; maker/taker fees; slippage from walking the book; latency; random partial
/// fills and rejections; margin, leverage, positions and liquidation. Everything runs as scheduler tasks on the hot
/// thread; not thread-safe.
class SimExchange final : public ExecutionClient {
 public:
  /// `instruments` are this venue's, each under its process-wide id (`Instrument::id`,
  /// an index into `market`); `venue` is stamped on its account snapshots and notices.
  SimExchange(Scheduler& scheduler, ExchangeConfig config, std::vector<Instrument> instruments,
              const market::MarketState& market, VenueId venue = 0);

  void set_handler(ExecutionHandler* handler) override { handler_ = handler; }
  void submit(const OrderRequest& request) override;
  void cancel(InstrumentId instrument, const std::string& client_order_id) override;
  void query_order(InstrumentId instrument, const std::string& client_order_id) override;
  void request_account() override;
  void cancel_all(InstrumentId instrument) override;

  /// Tells the exchange that instrument `id`'s book in the market state changed and these
  /// trades printed: triggers fire, resting limits fill, and the account is checked for
  /// liquidation.
  void on_market(InstrumentId id, std::span<const market::TradeTick> trades);

  /// Venue-side truth, for tests and the accounting checks.
  [[nodiscard]] Money wallet_balance() const noexcept { return wallet_; }
  [[nodiscard]] const PositionState& position(InstrumentId id) const { return positions_.at(id); }
  [[nodiscard]] Money equity() const;
  [[nodiscard]] std::size_t working_orders() const noexcept { return working_.size(); }
  /// The venue's truth about its open orders: what was asked and how much is filled.
  struct OpenOrder {
    OrderRequest request;
    Qty filled;
  };
  [[nodiscard]] std::vector<OpenOrder> open_orders() const;
  [[nodiscard]] std::uint64_t liquidations() const noexcept { return liquidations_; }
  [[nodiscard]] const ExchangeConfig& config() const noexcept { return config_; }

 private:
  struct order {
    OrderRequest request;
    std::uint64_t venue_id = 0;
    OrderStatus status = OrderStatus::accepted;
    Qty filled;
    Money filled_notional;
    std::string reason;
  };

  void process_submit(const OrderRequest& request);
  void process_cancel(const std::string& client_order_id);
  void process_query(const std::string& client_order_id);
  void reply_unknown(const std::string& client_order_id);
  void continue_market(std::uint64_t venue_id);
  /// Takes liquidity for `o` up to `limit` (if any) and at most `max_qty`; returns filled.
  Qty take(order& o, Qty max_qty, const Price* limit);
  void fill(order& o, Qty qty, Price price, Liquidity liquidity);
  void finish(order& o, OrderStatus status, std::string reason);
  void reject(const OrderRequest& request, std::string reason);
  void notify_update(const order& o);
  /// How much a reduce-only order of `side` may still execute: the opposing position.
  [[nodiscard]] Qty reducible(InstrumentId id, Side side) const;
  [[nodiscard]] Qty remaining(const order& o) const { return o.request.qty - o.filled; }
  [[nodiscard]] Qty partial_slice(InstrumentId id, Qty qty);
  [[nodiscard]] std::string validate(const OrderRequest& r) const;
  [[nodiscard]] Price mark(InstrumentId id) const;
  [[nodiscard]] const market::OrderBook& book(InstrumentId id) const { return market_.at(id).book(); }
  /// This venue's instrument `id`, or null when it trades elsewhere (or nowhere).
  [[nodiscard]] const Instrument* own(InstrumentId id) const noexcept {
    return id < slot_.size() && slot_[id] >= 0 ? &instruments_[static_cast<std::size_t>(slot_[id])] : nullptr;
  }
  void check_liquidation();
  void later(Scheduler::task fn) { scheduler_.schedule_after(config_.latency, std::move(fn)); }

  Scheduler& scheduler_;
  ExchangeConfig config_;
  std::vector<Instrument> instruments_;
  std::vector<int> slot_;  // by instrument id: its index in instruments_, or -1
  VenueId venue_ = 0;
  ExecutionHandler* handler_ = nullptr;
  Rng rng_;
  Money wallet_;
  std::vector<PositionState> positions_;  // by instrument id (others' stay flat)
  std::vector<Timestamp> position_ts_;    // the time of each position's last change
  const market::MarketState& market_;
  std::map<std::uint64_t, order> orders_;  // by venue id: time priority
  std::unordered_map<std::string, std::uint64_t> by_client_;
  std::set<std::uint64_t> working_;
  std::uint64_t next_venue_id_ = 1;
  std::uint64_t next_fill_id_ = 1;
  std::uint64_t liquidations_ = 0;
};

}  // namespace symphony::venue::sim
