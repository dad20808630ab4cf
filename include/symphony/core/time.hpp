#pragma once

#include <symphony/core/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace symphony {

/// Nanoseconds since the Unix epoch, UTC.
using Timestamp = std::int64_t;
/// A span of time in nanoseconds.
using Duration = std::int64_t;

inline constexpr Duration ns_per_us = 1'000;
inline constexpr Duration ns_per_ms = 1'000'000;
inline constexpr Duration ns_per_s = 1'000'000'000;
inline constexpr Duration ns_per_min = 60 * ns_per_s;
inline constexpr Duration ns_per_hour = 60 * ns_per_min;
inline constexpr Duration ns_per_day = 24 * ns_per_hour;

/// Parses "250ms", "90s", "30m", "6h", "7d" (also "us" and "ns"); the number must be a
/// positive whole number.
result<Duration> parse_duration(std::string_view text) noexcept;
/// The shortest exact text `parse_duration` reads back: "5s", "90s", "1500ms".
std::string format_duration(Duration d);
/// A measured duration for people: "2.085s", "39.2ms", "1m05s", "850us". Rounded, unlike
/// `format_duration`; for logs.
std::string format_elapsed(Duration d);
/// ISO 8601 UTC with millisecond precision: "2026-01-01T00:00:00.000Z".
std::string format_iso8601(Timestamp ts);
/// Parses "YYYY-MM-DDTHH:MM:SSZ" (seconds precision, UTC only).
result<Timestamp> parse_iso8601(std::string_view text) noexcept;
/// The UTC calendar day number (days since the epoch) containing `ts`.
constexpr std::int64_t utc_day(Timestamp ts) noexcept {
  return ts >= 0 ? ts / ns_per_day : (ts - ns_per_day + 1) / ns_per_day;
}

}  // namespace symphony
