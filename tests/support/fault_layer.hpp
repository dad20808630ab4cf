#pragma once

// The fault campaign's two parts. `FaultLayer` sits between the engine and a venue (the
// simulated one or the fake Aster) and, seeded, mistreats what passes: fills delayed,
// duplicated or corrupted, order updates delayed (so later ones overtake them), account
// snapshots blanked, replayed stale or held back, cancels dropped, stop replacements
// rejected, and the event store failing for a while. `InvariantChecker` watches the
// venue's truth beside the engine's view and records every breach of what must hold
// whatever the faults: no position without a working stop of its size for longer than a
// tick after its entry is known, nothing we consider canceled executing later, no entry
// before the first reconciliation, no client order id sent twice, no position differing
// from the venue's with no fill in flight, no exit recorded at a price of 0.
#include <symphony/core/scheduler.hpp>
#include <symphony/store/events.hpp>
#include <symphony/trading/order_manager.hpp>
#include <symphony/trading/portfolio.hpp>
#include <symphony/venue/execution_client.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace symphony::test {

/// How often each fault happens: a probability per message of its kind, unless noted.
struct FaultRates {
  double delay_fill = 0.08;  ///< a fill held for up to `max_fill_delay`
  Duration max_fill_delay = 20 * ns_per_s;
  double duplicate = 0.05;     ///< a fill or an order update delivered twice
  double delay_update = 0.08;  ///< an order update held for up to `max_update_delay` (later ones overtake it)
  Duration max_update_delay = 3 * ns_per_s;
  double corrupt_fill = 0.02;     ///< an extra copy of a fill with a negative quantity (a corrupt frame)
  double blank_account = 0.10;    ///< a snapshot with the rows of some instruments left out
  double stale_account = 0.08;    ///< an earlier snapshot delivered instead
  double reorder_account = 0.05;  ///< a snapshot held up to 12 s, so newer ones arrive first
  double drop_cancel = 0.15;      ///< a cancel that never reaches the venue
  /// A stop sent while another of ours works on the instrument (a replacement) is refused.
  double reject_replacement = 0.2;
  double absurd_mark = 0.003;     ///< per second and instrument: a mark at 100x or 1/100 the market
  double store_failure = 0.0005;  ///< per second: the store fails for 10 s to 3 min

  /// No fault at all: the layer only watches.
  static FaultRates none() {
    FaultRates r;
    r.delay_fill = r.duplicate = r.delay_update = r.corrupt_fill = r.blank_account = r.stale_account = 0;
    r.reorder_account = r.drop_cancel = r.reject_replacement = r.absurd_mark = r.store_failure = 0;
    return r;
  }
};

/// A breach of an invariant, with when and what.
struct Finding {
  std::string kind;
  Timestamp ts = 0;
  std::string detail;
};

class FaultLayer : public venue::ExecutionClient, public venue::ExecutionHandler, public store::EventSink {
 public:
  FaultLayer(Scheduler& scheduler, venue::ExecutionClient& venue, std::uint64_t seed, FaultRates rates);

  /// The engine's order book, to tell purposes (entries, stops) and what it considers canceled.
  void watch(const trading::OrderManager& orders) { orders_ = &orders; }
  void set_handler(venue::ExecutionHandler* h) override { engine_ = h; }

  // ExecutionClient: the engine's requests on their way to the venue.
  void submit(const venue::OrderRequest& r) override;
  void cancel(InstrumentId i, const std::string& id) override;
  void query_order(InstrumentId i, const std::string& id) override { venue_.query_order(i, id); }
  void request_account() override { venue_.request_account(); }
  void cancel_all(InstrumentId i) override { venue_.cancel_all(i); }

  // ExecutionHandler: the venue's news on its way to the engine.
  void on_order_update(const venue::OrderUpdate& u) override;
  void on_fill(const venue::Fill& f) override;
  void on_account(const venue::AccountSnapshot& a) override;
  void on_trading_blocked(VenueId venue, const std::string& reason) override {
    engine_->on_trading_blocked(venue, reason);
  }

  // EventSink: the engine's events on their way to the store, which fails now and then.
  void publish(const store::Event& e) override;
  [[nodiscard]] bool healthy() const noexcept override { return scheduler_.clock().now() >= store_down_until_; }
  /// Once a second: maybe the store fails for a while.
  void maybe_fail_store();

  /// Fills of `instrument` the venue has sent that the engine has not yet been handed.
  [[nodiscard]] int fills_held(InstrumentId instrument) const;
  /// Distinct fills received from the venue (repeats and corrupt copies not counted).
  [[nodiscard]] std::size_t fills_received() const noexcept { return received_.size(); }
  [[nodiscard]] const std::map<std::string, int>& injected() const noexcept { return injected_; }
  [[nodiscard]] const std::vector<Finding>& findings() const noexcept { return findings_; }
  [[nodiscard]] std::vector<Finding>& findings() noexcept { return findings_; }
  [[nodiscard]] const std::vector<store::Event>& events() const noexcept { return events_; }
  [[nodiscard]] std::mt19937_64& rng() noexcept { return rng_; }
  void count(const std::string& fault) { ++injected_[fault]; }

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  Duration upto(Duration d) { return std::uniform_int_distribution<Duration>(0, d)(rng_); }
  void deliver_update(const venue::OrderUpdate& u);
  void deliver_fill(const venue::Fill& f);
  void find(std::string kind, std::string detail);

  Scheduler& scheduler_;
  venue::ExecutionClient& venue_;
  venue::ExecutionHandler* engine_ = nullptr;
  const trading::OrderManager* orders_ = nullptr;
  FaultRates rates_;
  std::mt19937_64 rng_;
  std::map<std::string, int> injected_;
  std::vector<Finding> findings_;
  std::vector<store::Event> events_;
  std::map<std::string, int> submissions_;
  std::map<std::string, Timestamp> canceled_at_;  // when the engine first considered each order canceled
  std::map<InstrumentId, int> held_fills_;
  std::set<venue::FillKey> received_;
  std::vector<venue::AccountSnapshot> past_accounts_;
  Timestamp first_account_ts_ = -1;
  Timestamp store_down_until_ = 0;
};

/// The venue's truth, as the checker needs it.
struct VenueTruth {
  /// The instruments this venue trades (empty: all of them); the others are not checked.
  std::vector<InstrumentId> instruments;
  std::function<Qty(InstrumentId)> position;
  /// Open reduce-only stop-market orders: instrument, side, quantity left.
  struct Stop {
    InstrumentId instrument;
    Side side;
    Qty remaining;
  };
  std::function<std::vector<Stop>()> stops;
  /// Executions the venue has made for the account so far (optional): more than the
  /// layer has received means fills are on their way (a real-time venue's push lags).
  std::function<std::size_t()> executions;
};

class InvariantChecker {
 public:
  /// `grace`: how long a position may lack its stop after the venue made it (a loop tick,
  /// plus the longest an order update is held back).
  InvariantChecker(FaultLayer& layer, VenueTruth venue, const trading::Portfolio& portfolio, std::size_t instruments,
                   Duration tick, Duration grace);
  /// Samples the invariants at `now`; call often (every simulated second).
  void sample(Timestamp now);

 private:
  FaultLayer& layer_;
  VenueTruth venue_;
  const trading::Portfolio& portfolio_;
  Duration tick_;
  Duration grace_;
  std::vector<Timestamp> naked_since_, differ_since_;
  std::vector<bool> naked_reported_, differ_reported_;
  std::size_t trades_seen_ = 0;
};

}  // namespace symphony::test
