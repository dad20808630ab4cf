#include <symphony/core/time.hpp>

#include <cstdio>
#include <limits>

namespace symphony {

namespace {

struct unit {
  std::string_view suffix;
  Duration ns;
};
// Longest suffixes first so "ms" is not read as "m" followed by garbage.
constexpr unit units[] = {{"ns", 1},         {"us", ns_per_us},  {"ms", ns_per_ms}, {"s", ns_per_s},
                          {"m", ns_per_min}, {"h", ns_per_hour}, {"d", ns_per_day}};

// Days from 1970-01-01 to the civil date y-m-d (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

result<Duration> parse_duration(std::string_view text) noexcept {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits == text.size()) return core_error::invalid_duration;
  const std::string_view suffix = text.substr(digits);
  for (const auto& u : units) {
    if (suffix != u.suffix) continue;
    std::int64_t n = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      if (n > (std::numeric_limits<std::int64_t>::max() / 10)) return core_error::out_of_range;
      n = n * 10 + (text[i] - '0');
    }
    if (n == 0) return core_error::invalid_duration;
    if (n > std::numeric_limits<std::int64_t>::max() / u.ns) return core_error::out_of_range;
    return n * u.ns;
  }
  return core_error::invalid_duration;
}

std::string format_duration(Duration d) {
  for (auto it = std::rbegin(units); it != std::rend(units); ++it) {
    if (d != 0 && d % it->ns == 0) return std::to_string(d / it->ns) + std::string(it->suffix);
  }
  return std::to_string(d) + "ns";
}

std::string format_elapsed(Duration d) {
  char buf[48];
  const char* sign = d < 0 ? "-" : "";
  const Duration a = d < 0 ? -d : d;
  if (a >= ns_per_hour)
    std::snprintf(buf, sizeof buf, "%s%lldh%02lldm", sign, static_cast<long long>(a / ns_per_hour),
                  static_cast<long long>(a / ns_per_min % 60));
  else if (a >= ns_per_min)
    std::snprintf(buf, sizeof buf, "%s%lldm%02llds", sign, static_cast<long long>(a / ns_per_min),
                  static_cast<long long>(a / ns_per_s % 60));
  else if (a >= ns_per_s)
    std::snprintf(buf, sizeof buf, "%s%.3fs", sign, static_cast<double>(a) / static_cast<double>(ns_per_s));
  else if (a >= ns_per_ms)
    std::snprintf(buf, sizeof buf, "%s%.1fms", sign, static_cast<double>(a) / static_cast<double>(ns_per_ms));
  else
    std::snprintf(buf, sizeof buf, "%s%lldus", sign, static_cast<long long>(a / 1000));
  return buf;
}

std::string format_iso8601(Timestamp ts) {
  const std::int64_t day = utc_day(ts);
  const std::int64_t in_day = ts - day * ns_per_day;
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civil_from_days(day, y, m, d);
  const auto secs = in_day / ns_per_s;
  const auto ms = (in_day % ns_per_s) / ns_per_ms;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60), static_cast<long long>(ms));
  return buf;
}

result<Timestamp> parse_iso8601(std::string_view s) noexcept {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
    return core_error::invalid_time;
  if (!read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, mo) || !read_digits(s, 8, 2, d) || !read_digits(s, 11, 2, h) ||
      !read_digits(s, 14, 2, mi) || !read_digits(s, 17, 2, se))
    return core_error::invalid_time;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return core_error::invalid_time;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t cy = 0;
  unsigned cm = 0, cd = 0;
  civil_from_days(days, cy, cm, cd);
  if (cd != static_cast<unsigned>(d)) return core_error::invalid_time;  // e.g. February 30th
  // Our clock (int64 ns since 1970) spans 1677-09-21 .. 2262-04-11.
  constexpr std::int64_t max_days = std::numeric_limits<Timestamp>::max() / ns_per_day;
  if (days >= max_days || days < -max_days) return core_error::out_of_range;
  return days * ns_per_day + h * ns_per_hour + mi * ns_per_min + se * ns_per_s;
}

}  // namespace symphony
