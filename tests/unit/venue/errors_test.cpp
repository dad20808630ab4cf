#include <symphony/venue/errors.hpp>

#include <gtest/gtest.h>

namespace symphony::venue {
namespace {

TEST(VenueErrors, ConditionsGroupTheErrorsByWhatToDo) {
  const std::error_code limited = VenueErrc::rate_limited;
  EXPECT_EQ(limited, VenueCondition::retryable);
  EXPECT_EQ(limited, VenueCondition::rate_limited);
  EXPECT_NE(limited, VenueCondition::auth);
  EXPECT_EQ(std::error_code(VenueErrc::banned), VenueCondition::rate_limited);
  EXPECT_EQ(std::error_code(VenueErrc::not_sent), VenueCondition::retryable);
  EXPECT_EQ(std::error_code(VenueErrc::clock_skew), VenueCondition::retryable);
  EXPECT_EQ(std::error_code(VenueErrc::auth_failed), VenueCondition::auth);
  EXPECT_EQ(std::error_code(VenueErrc::outcome_unknown), VenueCondition::unknown_outcome);
  EXPECT_NE(std::error_code(VenueErrc::outcome_unknown), VenueCondition::retryable);  // never resent blindly
  EXPECT_EQ(std::error_code(VenueErrc::already_final), VenueCondition::already_final);
  EXPECT_NE(std::error_code(VenueErrc::rejected), VenueCondition::retryable);
  // Another category's code is never a venue condition.
  EXPECT_NE(std::make_error_code(std::errc::timed_out), VenueCondition::retryable);
  EXPECT_EQ(std::error_code(VenueErrc::unknown_order).message(), "no such order at the venue");
  EXPECT_STREQ(venue_error_category().name(), "venue");
}

}  // namespace
}  // namespace symphony::venue
