// Fuzzes decimal parsing (Fixed::parse and the stream parsers' fast paths) against an
// independent exact reading in 128-bit arithmetic: the same texts are accepted with the
// same value, and a value that parses formats back (to_string) to text that parses to it.
#include <symphony/core/fixed.hpp>
#include "printable.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace {

using symphony::Price;

// [+-]digits[.digits] with at least one digit, at most eight non-zero decimals (zeros may
// follow), |value| <= INT64_MAX in units of 1e-8: the documented form.
std::optional<std::int64_t> reference(std::string_view t) {
  std::size_t i = 0;
  bool negative = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    negative = t[0] == '-';
    i = 1;
  }
  __int128 value = 0;
  int int_digits = 0, frac_digits = 0;
  bool point = false;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '.') {
      if (point) return std::nullopt;
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (point) {
      if (frac_digits == 8) {
        if (c != '0') return std::nullopt;
        continue;
      }
      ++frac_digits;
    } else {
      ++int_digits;
    }
    value = value * 10 + (c - '0');
    if (value > static_cast<__int128>(INT64_MAX)) return std::nullopt;  // only grows from here
  }
  if (int_digits == 0 && frac_digits == 0) return std::nullopt;
  for (int k = frac_digits; k < 8; ++k) value *= 10;
  if (value > static_cast<__int128>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(negative ? -value : value);
}

[[noreturn]] void fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "fuzz_decimal: %s for '%s'\n", what, symphony::fuzz::printable(text).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto want = reference(text);
  const auto got = Price::parse(text);
  if (want.has_value() != got.has_value()) fail(want ? "parse refused a valid decimal" : "parse accepted junk", text);
  std::int64_t raw = 0;
  if (symphony::parse_decimal_raw(text, raw) && (!want || raw != *want)) fail("the fast path disagrees", text);
  // The quoted fast path reads a JSON string's content up to its closing quote, eight
  // bytes at a time past it: give it padding (a string's content has no bare quote).
  std::string quoted = std::string(text) + "\"" + std::string(32, '7');
  if (text.find('"') == std::string_view::npos && symphony::parse_quoted_decimal_wide(quoted.data(), raw) != nullptr &&
      (!want || raw != *want))
    fail("the quoted fast path disagrees", text);
  if (!want) return 0;
  if (got->raw() != *want) fail("parse read the wrong value", text);
  const std::string back = got->to_string();
  const auto again = Price::parse(back);
  if (!again || again->raw() != got->raw()) fail("to_string does not parse back to the value", text);
  if (again->to_string() != back) fail("to_string is not canonical", text);
  return 0;
}
