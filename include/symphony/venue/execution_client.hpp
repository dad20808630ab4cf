#pragma once

#include <symphony/venue/orders.hpp>

#include <string>

namespace symphony::venue {

/// Receives what an `ExecutionClient` learns from its venue. Called on the hot thread.
class ExecutionHandler {
 public:
  virtual ~ExecutionHandler() = default;
  virtual void on_order_update(const OrderUpdate& update) = 0;
  virtual void on_fill(const Fill& fill) = 0;
  virtual void on_account(const AccountSnapshot& account) = 0;
  /// Venue `venue`'s account cannot be traded the way we trade it (`reason` says why,
  /// e.g. it was switched to hedge mode), or — with an empty `reason` — it can be again.
  /// While it is blocked no new trades are opened there; what is working is still managed.
  virtual void on_trading_blocked(VenueId venue, const std::string& reason) = 0;
};

/// Order entry on one venue account. Instrument ids are the process's (the registry's);
/// an adapter stamps its own `VenueId` on what it reports. Every call is asynchronous: it returns at once and
/// the answer arrives through the handler. Calls and callbacks happen on the hot thread.
class ExecutionClient {
 public:
  virtual ~ExecutionClient() = default;
  /// Where answers go; must be set before the first call.
  virtual void set_handler(ExecutionHandler* handler) = 0;
  /// Sends a new order.
  virtual void submit(const OrderRequest& request) = 0;
  /// Asks the venue to cancel an order; the answer is an order update.
  virtual void cancel(InstrumentId instrument, const std::string& client_order_id) = 0;
  /// Asks the venue to cancel every open order on `instrument`; each canceled order is
  /// answered by an order update.
  virtual void cancel_all(InstrumentId instrument) = 0;
  /// Asks for an order's current state (answered by `on_order_update`), used for orders
  /// whose answer was lost: they are queried, never blindly resent.
  virtual void query_order(InstrumentId instrument, const std::string& client_order_id) = 0;
  /// Asks for balances, positions and open orders (answered by `on_account`).
  virtual void request_account() = 0;
};

}  // namespace symphony::venue
