#include "venue/aster/errors.hpp"

#include <cctype>
#include <string>

namespace symphony::venue::aster {

bool outcome_unknown(int status, const std::optional<ApiError>& error) {
  if (status >= 500) return true;  // 503 above all: the order may exist
  if (!error) return false;
  if (error->code == code::disconnected || error->code == code::unexpected_response ||
      error->code == code::execution_timeout)
    return true;
  if (error->code != code::unknown) return false;
  // -1000 is Aster's catch-all: "An unknown error occurred while processing the request."
  // when it does not know, but also plain rejections ("Invalid symbol."). Only a message
  // that says nothing definite leaves the outcome open.
  std::string msg = error->msg;
  for (char& c : msg) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (msg.find_first_not_of(" .") == std::string::npos) return true;
  for (const char* vague :
       {"unknown", "internal", "timeout", "timed out", "try again", "unexpected", "disconnect", "busy", "status"})
    if (msg.find(vague) != std::string::npos) return true;
  return false;
}

std::error_code classify(int status, const std::optional<ApiError>& error) {
  if (status >= 200 && status < 300) return {};
  if (status == 418) return VenueErrc::banned;
  if (status == 429) return VenueErrc::rate_limited;
  if (outcome_unknown(status, error)) return VenueErrc::outcome_unknown;
  if (!error) return VenueErrc::rejected;
  switch (error->code) {
    case code::too_many_requests:
      return VenueErrc::rate_limited;
    case code::timestamp_outside:
      return VenueErrc::clock_skew;
    case code::bad_signature:
    case code::bad_api_key:
    case code::rejected_key:
      return VenueErrc::auth_failed;
    case code::cancel_rejected:
      return VenueErrc::already_final;
    case code::no_such_order:
      return VenueErrc::unknown_order;
    case code::no_margin_type_change:
      return VenueErrc::no_change;
    default:
      return status == 401 || status == 403 ? VenueErrc::auth_failed : VenueErrc::rejected;
  }
}

}  // namespace symphony::venue::aster
