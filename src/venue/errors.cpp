#include <symphony/venue/errors.hpp>

#include <string>

namespace symphony::venue {

namespace {

class ErrorCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "venue"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<VenueErrc>(ev)) {
      case VenueErrc::rejected:
        return "refused by the venue";
      case VenueErrc::unknown_order:
        return "no such order at the venue";
      case VenueErrc::already_final:
        return "the order is final already";
      case VenueErrc::no_change:
        return "the setting already has that value";
      case VenueErrc::rate_limited:
        return "refused for the rate limit";
      case VenueErrc::banned:
        return "banned for a while for rate-limit abuse";
      case VenueErrc::auth_failed:
        return "bad signature, key or permission";
      case VenueErrc::clock_skew:
        return "timestamp outside the venue's window";
      case VenueErrc::outcome_unknown:
        return "outcome unknown";
      case VenueErrc::not_sent:
        return "not sent";
      case VenueErrc::malformed_answer:
        return "unreadable answer";
      case VenueErrc::unsupported_account:
        return "the account's settings are not supported";
    }
    return "venue error " + std::to_string(ev);
  }
  [[nodiscard]] std::error_condition default_error_condition(int ev) const noexcept override { return {ev, *this}; }
};

bool in(VenueCondition c, VenueErrc e) noexcept {
  switch (c) {
    case VenueCondition::retryable:
      return e == VenueErrc::rate_limited || e == VenueErrc::banned || e == VenueErrc::clock_skew ||
             e == VenueErrc::not_sent;
    case VenueCondition::rate_limited:
      return e == VenueErrc::rate_limited || e == VenueErrc::banned;
    case VenueCondition::auth:
      return e == VenueErrc::auth_failed;
    case VenueCondition::unknown_outcome:
      return e == VenueErrc::outcome_unknown;
    case VenueCondition::already_final:
      return e == VenueErrc::already_final;
  }
  return false;
}

class ConditionCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "venue condition"; }
  [[nodiscard]] std::string message(int ev) const override {
    switch (static_cast<VenueCondition>(ev)) {
      case VenueCondition::retryable:
        return "retryable";
      case VenueCondition::rate_limited:
        return "rate limited";
      case VenueCondition::auth:
        return "credentials or permissions";
      case VenueCondition::unknown_outcome:
        return "outcome unknown";
      case VenueCondition::already_final:
        return "already final";
    }
    return "venue condition " + std::to_string(ev);
  }
  [[nodiscard]] bool equivalent(const std::error_code& code, int condition) const noexcept override {
    return code.category() == venue_error_category() &&
           in(static_cast<VenueCondition>(condition), static_cast<VenueErrc>(code.value()));
  }
};

}  // namespace

const std::error_category& venue_error_category() noexcept {
  static const ErrorCategory c;
  return c;
}

const std::error_category& venue_condition_category() noexcept {
  static const ConditionCategory c;
  return c;
}

std::error_code make_error_code(VenueErrc e) noexcept { return {static_cast<int>(e), venue_error_category()}; }

std::error_condition make_error_condition(VenueCondition c) noexcept {
  return {static_cast<int>(c), venue_condition_category()};
}

}  // namespace symphony::venue
