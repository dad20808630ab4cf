#include <symphony/core/time.hpp>

#include <gtest/gtest.h>

namespace symphony {
namespace {

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("90s").value(), 90 * ns_per_s);
  EXPECT_EQ(parse_duration("30m").value(), 30 * ns_per_min);
  EXPECT_EQ(parse_duration("6h").value(), 6 * ns_per_hour);
  EXPECT_EQ(parse_duration("7d").value(), 7 * ns_per_day);
  EXPECT_EQ(parse_duration("250ms").value(), 250 * ns_per_ms);
  EXPECT_EQ(parse_duration("5us").value(), 5 * ns_per_us);
  EXPECT_EQ(parse_duration("12ns").value(), 12);
}

TEST(Duration, RejectsMalformed) {
  for (const char* s : {"", "s", "5", "5x", "-5s", "0s", "1.5h", "5 s", "5S", "h5"})
    EXPECT_FALSE(parse_duration(s).has_value()) << s;
  EXPECT_FALSE(parse_duration("99999999999999999999d").has_value());
  EXPECT_FALSE(parse_duration("200000d").has_value());  // overflows int64 nanoseconds
}

TEST(Duration, FormatsShortestUnit) {
  EXPECT_EQ(format_duration(5 * ns_per_s), "5s");
  EXPECT_EQ(format_duration(90 * ns_per_s), "90s");
  EXPECT_EQ(format_duration(2 * ns_per_hour), "2h");
  EXPECT_EQ(format_duration(1500 * ns_per_ms), "1500ms");
  EXPECT_EQ(parse_duration(format_duration(7 * ns_per_day)).value(), 7 * ns_per_day);
}

TEST(Iso8601, RoundTrips) {
  const Timestamp t = parse_iso8601("2026-01-01T00:00:00Z").value();
  EXPECT_EQ(t, 1'767'225'600LL * ns_per_s);
  EXPECT_EQ(format_iso8601(t + 1500 * ns_per_ms), "2026-01-01T00:00:01.500Z");
  EXPECT_EQ(format_iso8601(parse_iso8601("2024-02-29T23:59:59Z").value()), "2024-02-29T23:59:59.000Z");
}

TEST(Iso8601, RejectsInvalidDates) {
  for (const char* s : {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T24:00:00Z",
                        "2026-01-01T00:00:00", "yesterday"})
    EXPECT_FALSE(parse_iso8601(s).has_value()) << s;
}

TEST(UtcDay, RollsOverAtMidnight) {
  const Timestamp midnight = parse_iso8601("2026-01-02T00:00:00Z").value();
  EXPECT_EQ(utc_day(midnight - 1) + 1, utc_day(midnight));
  EXPECT_EQ(utc_day(midnight), utc_day(midnight + ns_per_day - 1));
  EXPECT_EQ(utc_day(-1), -1);
}

// Found by fuzz_config: a date past 2262 overflowed the nanosecond clock (undefined
// behaviour); now it is out of range, and the clock's last day still parses.
TEST(Time, DatesBeyondTheClockAreOutOfRange) {
  EXPECT_EQ(parse_iso8601("4052-01-01T00:00:00Z").error(), core_error::out_of_range);
  EXPECT_EQ(parse_iso8601("1000-01-01T00:00:00Z").error(), core_error::out_of_range);
  EXPECT_TRUE(parse_iso8601("2262-04-10T23:59:59Z").has_value());
}

}  // namespace
}  // namespace symphony
