#pragma once

#include <symphony/core/clock.hpp>
#include <symphony/venue/execution_client.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace symphony::trading {

/// Why we sent an order: what role it plays in a trade.
enum class OrderPurpose : std::uint8_t { entry, stop, take_profit_1, take_profit_2, flatten, cancel_orphan };
std::string_view to_string(OrderPurpose p) noexcept;

/// Our record of one order: what we asked for and the latest the venue told us.
struct ManagedOrder {
  venue::OrderRequest request;
  OrderPurpose purpose = OrderPurpose::entry;
  std::uint64_t trade_id = 0;
  std::string agent;
  venue::OrderStatus status = venue::OrderStatus::pending_new;
  std::uint64_t venue_order_id = 0;
  Qty filled;  ///< from fills, which are authoritative
  /// Cumulative quantity the venue says is filled; runs ahead of `filled` while fills are
  /// on their way (a lost answer recovered by a query, a user stream catching up).
  Qty venue_filled;
  Money filled_notional;
  std::string reason;
  Timestamp created_ts = 0;
  Timestamp updated_ts = 0;
  Timestamp last_query_ts = 0;
  /// When the venue first reported more filled than our fills (-1: never): a fill then
  /// counts as in flight for a grace from this time, not from the latest report.
  Timestamp awaiting_fills_since = -1;
  bool cancel_requested = false;

  [[nodiscard]] bool working() const noexcept { return !venue::is_terminal(status); }
  [[nodiscard]] Qty remaining() const noexcept { return request.qty - filled; }
  [[nodiscard]] Price avg_price() const noexcept {
    return filled.is_zero() ? Price{} : price_of(filled_notional, filled);
  }
};

/// Owns client order ids and the order state machine. Ids are `<prefix>-<n>`, unique
/// for the run (the prefix carries the run's start), so a venue can reject duplicates.
/// Status only moves forward: terminal states are final, filled quantity never shrinks,
/// a fill is applied once however often it is delivered. Orders without an answer are
/// queried, never resent. Not thread-safe; lives on the hot thread.
class OrderManager {
 public:
  using listener = std::function<void(const ManagedOrder&)>;

  OrderManager(venue::ExecutionClient& client, const Clock& clock, std::string id_prefix);

  /// Called whenever an order is created or changes.
  void set_listener(listener fn) { listener_ = std::move(fn); }
  /// Assigns a client id, records the order and sends it.
  const ManagedOrder& submit(venue::OrderRequest request, OrderPurpose purpose, std::uint64_t trade_id,
                             std::string agent);
  /// Asks the venue to cancel a working order; false if it is unknown or already final.
  bool cancel(const std::string& client_order_id);
  /// Applies a venue update; returns the order if it changed.
  const ManagedOrder* on_update(const venue::OrderUpdate& update);
  /// Applies a fill once; returns the order (null for an order we never sent, such as a
  /// venue liquidation) and whether this fill was new. Unlike `on_update` it does not
  /// call the listener: the caller books the fill, then reports the order change.
  std::pair<const ManagedOrder*, bool> on_fill(const venue::Fill& fill);
  /// Queries orders sent more than `ack_timeout` ago and still unacknowledged, or working
  /// orders the venue did not list; at most once per `ack_timeout` each.
  std::size_t query_stale(Duration ack_timeout);
  /// Queries one order (used by reconciliation).
  void query(const std::string& client_order_id);

  [[nodiscard]] const ManagedOrder* find(const std::string& client_order_id) const;
  /// Working orders, in creation order.
  [[nodiscard]] std::vector<const ManagedOrder*> working() const;
  [[nodiscard]] std::uint64_t submitted() const noexcept { return next_id_ - 1; }
  /// True while fills of ours on `instrument` may still be on their way: an order sent and
  /// unanswered, or one the venue has reported filled further than the fills we have, for
  /// less than `grace` (after that the fills count as lost, and reconciliation repairs).
  [[nodiscard]] bool fills_in_flight(InstrumentId instrument, Duration grace) const;
  /// Orders whose reported fills are awaited now (those past the grace are forgotten).
  [[nodiscard]] std::size_t fills_awaited() const noexcept { return awaiting_fills_.size(); }

 private:
  void changed(ManagedOrder& o);

  venue::ExecutionClient& client_;
  const Clock& clock_;
  std::string prefix_;
  listener listener_;
  std::uint64_t next_id_ = 1;
  std::map<std::string, ManagedOrder> orders_;
  mutable std::vector<std::string> working_ids_;  // creation order; pruned lazily by working()
  std::set<venue::FillKey> seen_fills_;           // by (instrument, fill id)
  // Orders with venue_filled > filled, and since when; entries past the callers' grace
  // are dropped when next looked at (fills lost for good must not pile up).
  mutable std::map<std::string, Timestamp> awaiting_fills_;
};

}  // namespace symphony::trading
