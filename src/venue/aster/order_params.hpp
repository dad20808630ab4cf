#pragma once

// Private to venue/aster: our order types as Aster's order parameters.

#include <symphony/venue/orders.hpp>

#include "venue/aster/signer.hpp"

#include <string_view>

namespace symphony::venue::aster {

/// `POST /fapi/v3/order` parameters for `r` on `symbol`: side, type (MARKET, LIMIT,
/// STOP_MARKET, TAKE_PROFIT_MARKET), timeInForce (GTC, IOC, GTX for post-only) and price
/// for limits, stopPrice with workingType CONTRACT_PRICE (the last trade, as our stops
/// trigger) for stops and take-profits, reduceOnly or closePosition, our client order id
/// as newClientOrderId, and newOrderRespType RESULT.
Params order_params(const OrderRequest& r, std::string_view symbol);

/// True when `id` is a valid Aster client order id (`^[.A-Z:/a-z0-9_-]{1,36}$`).
bool valid_client_order_id(std::string_view id) noexcept;

}  // namespace symphony::venue::aster
