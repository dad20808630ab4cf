#pragma once

// Private to venue/aster: parse functions for Aster's REST answers and user-data-stream
// events (../shared/protocols/aster/README.md §2, §4.4, §6). Not on the per-message hot
// path (a few calls per loop tick), so they use nlohmann::json; each returns a `Failure`
// naming what was wrong (code `VenueErrc::malformed_answer`) when the body does not have
// the documented shape.

#include <symphony/core/instrument.hpp>
#include <symphony/core/result.hpp>
#include <symphony/market/candles.hpp>
#include <symphony/market/events.hpp>
#include <symphony/net/rate_limiter.hpp>
#include <symphony/venue/orders.hpp>
#include <symphony/venue/rest_session.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::venue::aster {

/// An error body `{"code": <int>, "msg": "..."}`.
using venue::ApiError;
/// The error in `body`, if it is one (a negative code; success replies reuse the shape
/// with code 200, once as the string "200").
std::optional<ApiError> parse_error(std::string_view body);

/// One symbol of exchangeInfo with every filter mapped onto `Instrument`.
struct SymbolInfo {
  Instrument instrument;  ///< id left 0: the caller assigns ids
  std::string status;     ///< "TRADING" when orders are accepted
  std::string base_asset;
  std::string quote_asset;
  std::string margin_asset;
  std::string contract_type;
  std::vector<std::string> order_types;
  std::vector<std::string> time_in_force;
  /// Why the symbol cannot be traded here (its filters could not be read), or empty.
  std::string refused;
};
struct ExchangeInfo {
  std::vector<net::RateLimit> rate_limits;
  std::vector<SymbolInfo> symbols;
  Timestamp server_time = 0;
};
result<ExchangeInfo, Failure> parse_exchange_info(std::string_view body);

result<Timestamp, Failure> parse_server_time(std::string_view body);

/// Kline rows `[openTime, o, h, l, c, volume, closeTime, quoteVolume, trades, ...]`.
/// Only closed bars are kept: a row whose close time is after `now` is still forming.
result<std::vector<market::Candle>, Failure> parse_klines(std::string_view body, Timestamp now);

/// Maps a venue symbol to our instrument id; false when it is not one of ours.
using SymbolLookup = std::function<bool(std::string_view symbol, InstrumentId& id)>;

/// An order as `POST/GET/DELETE /fapi/v3/order` return it.
result<OrderUpdate, Failure> parse_order(std::string_view body, const SymbolLookup& lookup);
/// The array of `GET /fapi/v3/openOrders`; orders of other symbols are skipped.
result<std::vector<OrderUpdate>, Failure> parse_orders(std::string_view body, const SymbolLookup& lookup);
/// `GET /fapi/v3/positionRisk`: the positions of our symbols, flat ones included (qty 0),
/// with the venue's update time. Only a one-way account
/// (every row `positionSide` BOTH) is understood: a LONG or SHORT row means the account is
/// in hedge mode, and the whole answer is refused with an error saying so (code
/// `VenueErrc::unsupported_account`), never collapsed into one position.
result<std::vector<VenuePosition>, Failure> parse_positions(std::string_view body, const SymbolLookup& lookup);
/// What the error of a hedge-mode account says.
inline constexpr const char* hedge_mode_error =
    "the account is in hedge mode (dual-side positions); Symphony trades one-way mode only: switch the account to "
    "one-way mode";
/// `GET /fapi/v3/balance`: the wallet balance of `asset` (0 if the account has none).
result<Money, Failure> parse_balance(std::string_view body, std::string_view asset);
result<std::string, Failure> parse_listen_key(std::string_view body);
/// `GET /fapi/v3/premiumIndex` for one symbol.
result<market::MarkPrice, Failure> parse_premium_index(std::string_view body, InstrumentId id);

/// `GET /fapi/v3/userTrades`: our fills (to recover those a user-stream outage missed).
/// `client_order_id` is empty: the venue reports only `orderId`, set in `venue_order_id`.
struct UserTrade {
  Fill fill;
  std::uint64_t venue_order_id = 0;
};
result<std::vector<UserTrade>, Failure> parse_user_trades(std::string_view body, const SymbolLookup& lookup);

struct CommissionRate {
  Ratio maker;
  Ratio taker;
};
result<CommissionRate, Failure> parse_commission_rate(std::string_view body);
/// `GET /fapi/v3/positionSide/dual`: true in hedge mode (which we do not trade).
result<bool, Failure> parse_position_mode(std::string_view body);
/// `POST /fapi/v3/leverage`: the leverage now set.
result<int, Failure> parse_leverage(std::string_view body);
/// A success acknowledgement: `{"code":200,...}` (or "200"), `{}`, or any object without
/// a negative code (countdownCancelAll echoes its parameters).
result<void, Failure> parse_ack(std::string_view body);

/// One element of a `batchOrders` reply: an order, or an error in its place.
struct BatchItem {
  std::optional<OrderUpdate> order;
  std::optional<ApiError> error;
};
result<std::vector<BatchItem>, Failure> parse_batch_orders(std::string_view body, const SymbolLookup& lookup);

/// A decoded user-data-stream event.
struct UserEvent {
  /// `config`: ACCOUNT_CONFIG_UPDATE (leverage, multi-assets or position mode changed).
  enum class Kind { order, account, config, listen_key_expired, other } kind = Kind::other;
  Timestamp event_ts = 0;
  OrderUpdate order;         ///< order
  std::optional<Fill> fill;  ///< order, when the event is a trade
  Side side = Side::buy;     ///< order
  Money wallet_balance;      ///< account: of the margin asset, when present
  bool has_wallet = false;
  std::vector<VenuePosition> positions;  ///< account: positions the event reports (BOTH legs)
  bool hedge_legs = false;               ///< account: it reported LONG/SHORT legs (hedge mode)
};
result<UserEvent, Failure> parse_user_event(std::string_view body, const SymbolLookup& lookup,
                                            std::string_view margin_asset);

/// Venue order status text → ours; false for an unknown status.
bool order_status_of(std::string_view text, OrderStatus& out);

}  // namespace symphony::venue::aster
