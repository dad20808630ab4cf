#pragma once

#include <system_error>

namespace symphony::venue {

/// What went wrong with a request to a venue, whatever the venue: each adapter maps its
/// own codes onto these (Aster: `venue/aster/errors.hpp`). Carried as `std::error_code`s
/// of `venue_error_category()`; compare with a `VenueCondition` to ask what to do.
enum class VenueErrc {
  rejected = 1,         ///< refused, definitely: nothing happened
  unknown_order,        ///< the venue has no such order
  already_final,        ///< the order is filled or canceled already (a cancel refused)
  no_change,            ///< the setting already has that value
  rate_limited,         ///< refused for the rate limit (HTTP 429 and the like): wait, then retry
  banned,               ///< refused for a while after rate-limit abuse (HTTP 418)
  auth_failed,          ///< bad signature, key or permission
  clock_skew,           ///< the request's timestamp is outside the venue's window
  outcome_unknown,      ///< it may have happened or not: reconcile, never resend
  not_sent,             ///< it never reached the venue (no connection, the rate limiter)
  malformed_answer,     ///< an answer that cannot be read
  unsupported_account,  ///< the account is set up in a way we do not trade (e.g. hedge mode): an operator must act
};

/// What a caller does about an error.
enum class VenueCondition {
  retryable = 1,    ///< nothing happened and it may go again (later)
  rate_limited,     ///< slow down
  auth,             ///< credentials or permissions: an operator must act
  unknown_outcome,  ///< query the venue before anything else
  already_final,    ///< the order is done: nothing is left to cancel
};

const std::error_category& venue_error_category() noexcept;
const std::error_category& venue_condition_category() noexcept;
std::error_code make_error_code(VenueErrc e) noexcept;
std::error_condition make_error_condition(VenueCondition c) noexcept;

}  // namespace symphony::venue

template <>
struct std::is_error_code_enum<symphony::venue::VenueErrc> : std::true_type {};
template <>
struct std::is_error_condition_enum<symphony::venue::VenueCondition> : std::true_type {};
