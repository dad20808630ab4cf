#pragma once

#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>
#include <symphony/venue/orders.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace symphony::venue {

/// An adapter's memory of the orders it has seen: what each is (instrument, side, venue
/// id), how much the venue says is filled against how much we have delivered as fills,
/// and the fills already delivered, so that a fill repeated (a stream replay, a REST
/// recovery overlapping the stream) is delivered once. Every adapter keeps one; none of
/// this is venue-specific. Lives on the hot thread.
class OrderTracker {
 public:
  struct Order {
    InstrumentId instrument = 0;
    Side side = Side::buy;
    std::uint64_t venue_order_id = 0;
    Qty fills_delivered;  ///< the sum of the fills handed on
    Qty venue_filled;     ///< the largest cumulative fill the venue has reported
    OrderStatus status = OrderStatus::pending_new;
    /// Until then "unknown order" may mean "not arrived yet" (queued, in flight).
    Timestamp submit_deadline = 0;
    bool requery_scheduled = false;
    bool fetch_scheduled = false;  ///< a look at its missing fills is due
    [[nodiscard]] bool fills_missing() const noexcept { return venue_filled > fills_delivered; }
  };

  /// A submission is going out; the venue may still act on it until `deadline`.
  Order& submitted(const std::string& client_order_id, InstrumentId instrument, Side side, Timestamp deadline);
  /// The venue's view of an order (a REST answer, a stream event, a listing): records
  /// its venue id and cumulative fill; a status never leaves a terminal one. Returns the
  /// order, whose `fills_missing()` says whether fills are to be recovered.
  Order& learn(const OrderUpdate& update);
  /// The order is final as rejected (refused, or it never arrived).
  void rejected(const std::string& client_order_id);
  /// Whether `fill` is new (its (instrument, fill id) never delivered); if so, counts it
  /// against its order. A repeat returns false and changes nothing.
  bool accept(const Fill& fill);
  /// Whether `fill` was delivered already.
  [[nodiscard]] bool delivered(const Fill& fill) const { return delivered_.contains(key_of(fill)); }

  [[nodiscard]] Order* find(const std::string& client_order_id);
  [[nodiscard]] const Order* find(const std::string& client_order_id) const;
  /// Our client id of the venue's order id, when it is an order of this run.
  [[nodiscard]] std::optional<std::string> client_id_of(std::uint64_t venue_order_id) const;
  /// Client ids of the orders on `instrument` not known to be final.
  [[nodiscard]] std::vector<std::string> open_on(InstrumentId instrument) const;
  /// Whether any order was ever seen (a reconnect then recovers fills).
  [[nodiscard]] bool any() const noexcept { return !orders_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return orders_.size(); }

 private:
  std::unordered_map<std::string, Order> orders_;
  std::unordered_map<std::uint64_t, std::string> by_venue_id_;
  std::set<FillKey> delivered_;  // by (instrument, fill id): venues number fills per symbol
};

}  // namespace symphony::venue
