#pragma once

// Private to venue/aster: Aster's answers as venue errors.
#include <symphony/venue/errors.hpp>

#include "venue/aster/rest_parser.hpp"

#include <optional>

namespace symphony::venue::aster {

/// Aster's error codes (Binance futures numbering) that the adapter acts on.
namespace code {
inline constexpr int unknown = -1000;            ///< catch-all: a rejection or "unknown error"
inline constexpr int disconnected = -1001;       ///< internal error; the outcome is open
inline constexpr int too_many_requests = -1003;  ///< rate limit
inline constexpr int execution_timeout = -1007;  ///< timeout waiting for the backend
inline constexpr int unexpected_response = -1006;
inline constexpr int timestamp_outside = -1021;  ///< outside recvWindow
inline constexpr int bad_signature = -1022;
inline constexpr int cancel_rejected = -2011;  ///< cancel of an order that is final or unknown
inline constexpr int no_such_order = -2013;
inline constexpr int bad_api_key = -2014;
inline constexpr int rejected_key = -2015;  ///< invalid key, IP or permissions
inline constexpr int no_margin_type_change = -4046;
}  // namespace code

/// Whether an answer with HTTP `status` and venue `error` leaves open what became of the
/// request: a 5xx; -1001, -1006, -1007; and -1000 unless its message is a definite
/// rejection (Aster answers -1000 "Invalid symbol." too; "An unknown error occurred ..."
/// stays unknown).
bool outcome_unknown(int status, const std::optional<ApiError>& error);

/// What an answer that is not a 2xx means, as a venue error.
std::error_code classify(int status, const std::optional<ApiError>& error);

}  // namespace symphony::venue::aster
