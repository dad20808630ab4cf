#pragma once

#include <symphony/core/result.hpp>
#include <symphony/core/scheduler.hpp>
#include <symphony/venue/execution_client.hpp>
#include <symphony/venue/order_tracker.hpp>
#include <symphony/venue/rest_session.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace symphony::venue {

/// What an execution client does with its venue's answers, the same on every venue. It
/// keeps the `OrderTracker`, hands each update and each fill on once, fetches the fills a
/// venue reports but we never received, and never turns a lost answer into a second order:
/// an outcome-unknown submission stays pending (the engine queries it after its ack
/// timeout), and "unknown order" is believed only once the submission can no longer
/// arrive. The adapter sends the calls and parses its venue's answers; the flow decides.
/// Lives on the hot thread; a destroyed flow's scheduled work never runs.
class OrderFlow {
 public:
  /// The adapter's side: the calls the flow asks for, and how an order answer reads.
  struct Venue {
    /// Asks for an order's state; the answer comes back through `answered(Call::query, ...)`.
    std::function<void(InstrumentId, const std::string& client_order_id)> query_order;
    /// Fetches the trades of one order (its venue id) or, with 0, of the whole instrument;
    /// each comes back through `recovered`.
    std::function<void(InstrumentId, std::uint64_t venue_order_id)> fetch_trades;
    /// Reads a 2xx answer to a submit, cancel or query as the order's state.
    std::function<result<OrderUpdate, Failure>(std::string_view body)> parse_order;
  };
  enum class Call { submit, cancel, query };
  struct Counts {
    std::uint64_t unknown_outcomes = 0;  ///< answers lost or unreadable: the order is queried
    std::uint64_t recovered_fills = 0;   ///< fills delivered from fetched trades
  };
  /// How long a stream fill may lag the order update that reports it before the trades
  /// are fetched.
  static constexpr Duration fill_grace = 2 * ns_per_s;

  /// `name` prefixes the log lines ("aster").
  OrderFlow(Scheduler& scheduler, std::string name, Venue venue);
  ~OrderFlow();
  OrderFlow(const OrderFlow&) = delete;
  OrderFlow& operator=(const OrderFlow&) = delete;

  void set_handler(ExecutionHandler* handler) noexcept { handler_ = handler; }

  /// A submission is going out; the venue may still act on it until `deadline`.
  void submitted(const OrderRequest& request, Timestamp deadline);
  /// The order is final as rejected, for `reason`; the handler hears so.
  void reject(const std::string& client_order_id, InstrumentId instrument, std::string reason);
  /// An answer to a submit, cancel or query call. A 2xx is read and handed on (a query,
  /// made because something was lost, fetches missing fills at once); an unreadable 2xx
  /// or an unknown outcome is counted and left to be queried; a refused submission is
  /// rejected; a cancel of an order already final or unknown asks what it is; a query
  /// answered "unknown order" is `unknown_at_venue`.
  void answered(Call call, const std::string& client_order_id, InstrumentId instrument, const RestResult& answer);
  /// The venue says it has no such order. While the submission may still be queued or in
  /// flight that proves nothing: it is asked again once it can no longer arrive (once,
  /// however often this is called). After that it never arrived and is rejected, so a new
  /// order (with a new id) may be sent.
  void unknown_at_venue(InstrumentId instrument, const std::string& client_order_id);
  /// A cancel-all on `instrument` succeeded; its reply names no orders, so every order we
  /// knew open there is queried (each cancel is then answered even while a stream is down).
  void all_canceled(InstrumentId instrument);

  /// The venue's view of an order from its stream, with the fill it reports (if any):
  /// learned, the fill handed on unless delivered before, then the update.
  void update(const OrderUpdate& update, const Fill* fill = nullptr);
  /// An order the venue lists as open (an account snapshot): learned, not handed on.
  void listed(const OrderUpdate& update) { learn(update, fill_grace); }
  /// A fill from the venue's stream, handed on unless it was delivered before.
  void fill(const Fill& fill);
  /// A trade fetched by `fetch_trades`: delivered when it is of an order of this run and
  /// was not delivered before. `fill.client_order_id` need not be set.
  void recovered(Fill fill, std::uint64_t venue_order_id);

  /// Whether any order was ever seen (a reconnected stream then fetches trades).
  [[nodiscard]] bool any() const noexcept { return orders_.any(); }
  [[nodiscard]] Counts counts() const noexcept { return counts_; }
  [[nodiscard]] const OrderTracker& tracker() const noexcept { return orders_; }

 private:
  void learn(const OrderUpdate& update, Duration fetch_after);
  void watch_fills(const std::string& client_order_id, Duration fetch_after);
  void hand_on(const OrderUpdate& update);

  Scheduler& scheduler_;
  std::string name_;
  Venue venue_;
  ExecutionHandler* handler_ = nullptr;
  OrderTracker orders_;
  Counts counts_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace symphony::venue
