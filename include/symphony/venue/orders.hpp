#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symphony::venue {

/// How an order executes. Stop-market and take-profit-market orders rest untriggered at
/// the venue until the last trade price crosses `trigger_price`, then execute as market
/// orders: a stop triggers against the position (a sell stop when price falls to it), a
/// take-profit in its favour (a sell take-profit when price rises to it).
enum class OrderType : std::uint8_t { market, limit, stop_market, take_profit_market };

/// How long a limit order may rest: good-till-cancelled, immediate-or-cancel, or
/// post-only (rejected instead of taking liquidity).
enum class TimeInForce : std::uint8_t { gtc, ioc, post_only };

/// The life of an order. `pending_new` is ours alone: sent, not yet acknowledged.
/// Terminal states are filled, canceled, rejected and expired; nothing leaves them.
enum class OrderStatus : std::uint8_t { pending_new, accepted, partially_filled, filled, canceled, rejected, expired };

/// Whether a fill added liquidity (maker) or took it (taker).
enum class Liquidity : std::uint8_t { maker, taker };

std::string_view to_string(OrderType t) noexcept;
std::string_view to_string(TimeInForce t) noexcept;
std::string_view to_string(OrderStatus s) noexcept;
std::string_view to_string(Liquidity l) noexcept;
constexpr bool is_terminal(OrderStatus s) noexcept {
  return s == OrderStatus::filled || s == OrderStatus::canceled || s == OrderStatus::rejected ||
         s == OrderStatus::expired;
}

/// A new order as an `ExecutionClient` receives it. `client_order_id` is unique per
/// order for the life of the account; a venue rejects a duplicate, which is what makes a
/// resend after a lost answer safe.
struct OrderRequest {
  std::string client_order_id;
  InstrumentId instrument = 0;
  Side side = Side::buy;
  OrderType type = OrderType::market;
  TimeInForce time_in_force = TimeInForce::gtc;
  Qty qty;
  Price price;          ///< limit orders only
  Price trigger_price;  ///< stop and take-profit orders only
  bool reduce_only = false;
  /// Stop and take-profit orders only: close the whole position when triggered, whatever
  /// its size then (`qty` is ignored). Implies reduce-only.
  bool close_position = false;
};

/// The venue's view of one order after a change.
struct OrderUpdate {
  std::string client_order_id;
  std::uint64_t venue_order_id = 0;
  InstrumentId instrument = 0;
  OrderStatus status = OrderStatus::pending_new;
  Qty filled_qty;  ///< cumulative
  Price avg_price;
  Timestamp ts = 0;
  std::string reason;  ///< why it was rejected, canceled or expired
};

/// One execution of (part of) an order. `fill_id` is unique per instrument (Binance-style
/// venues number trades per symbol), so a repeated delivery is recognised by `key_of` and
/// applied once.
struct Fill {
  std::uint64_t fill_id = 0;
  std::string client_order_id;
  InstrumentId instrument = 0;
  Side side = Side::buy;
  Qty qty;
  Price price;
  Money fee;
  Liquidity liquidity = Liquidity::taker;
  Timestamp ts = 0;
};

/// What identifies a fill: its instrument and its id within that instrument.
using FillKey = std::pair<InstrumentId, std::uint64_t>;
[[nodiscard]] inline FillKey key_of(const Fill& f) noexcept { return {f.instrument, f.fill_id}; }

/// A venue position as the venue reports it.
struct VenuePosition {
  InstrumentId instrument = 0;
  Qty qty;  ///< signed: positive long, negative short
  Price entry_price;
  Timestamp update_ts = 0;  ///< the venue's time of its last change (0: not given)
};

/// The venue's account: the source of truth the trading loop reconciles against.
struct AccountSnapshot {
  VenueId venue = 0;  ///< whose account: only that venue's instruments are in it
  Timestamp ts = 0;   ///< when it was complete (our clock)
  /// When it was asked for (our clock): it reflects nothing older. -1: unknown (a
  /// simulated clock starts at 0, so 0 is a time like any other).
  Timestamp requested_ts = -1;
  /// `positions` has a row for every instrument the venue reports, flat ones at 0: an
  /// instrument without a row is unknown (a blank answer), not flat. Otherwise only
  /// open positions are listed and a missing one is flat.
  bool lists_flat = false;
  Money wallet_balance;  ///< deposits + realized P&L − fees
  std::vector<VenuePosition> positions;
  std::vector<OrderUpdate> open_orders;
};

}  // namespace symphony::venue
