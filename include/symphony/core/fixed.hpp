#pragma once

#include <symphony/core/result.hpp>

#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace symphony {

/// Every fixed-point value carries eight decimal places: 1 unit of `raw()` is 1e-8.
inline constexpr std::int64_t fixed_scale = 100'000'000;
inline constexpr int fixed_decimals = 8;

/// How a value that falls between two representable values is resolved.
enum class rounding {
  down,         ///< toward negative infinity (floor)
  up,           ///< toward positive infinity (ceiling)
  toward_zero,  ///< truncate
  nearest,      ///< to nearest, halves away from zero
};

/// a * b / c computed exactly in 128 bits, then rounded. A result outside the 64-bit range
/// saturates at the nearer bound in every build (it never wraps to the other sign); where
/// that matters (sizing an order) use `checked_mul_div`.
std::int64_t mul_div(std::int64_t a, std::int64_t b, std::int64_t c, rounding mode) noexcept;
/// As `mul_div`, but empty when c is 0 or the result does not fit in 64 bits.
std::optional<std::int64_t> checked_mul_div(std::int64_t a, std::int64_t b, std::int64_t c, rounding mode) noexcept;

namespace detail {

/// 10^0 .. 10^8, for the decimal fast paths (a table at namespace scope: a local one is
/// rebuilt on the stack at every call).
inline constexpr std::int64_t pow10_to_8[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000};

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// How many of the eight bytes of `x` (the text XOR '0', first character lowest) are
// decimal digits before the first one that is not. A carry out of a non-digit byte only
// disturbs the bytes after it.
inline unsigned leading_digits(std::uint64_t x) noexcept {
  const std::uint64_t nondigit = ((x + 0x7676767676767676ULL) | x) & 0x8080808080808080ULL;
  return nondigit == 0 ? 8U : static_cast<unsigned>(std::countr_zero(nondigit)) >> 3;
}

// Eight digit values (0-9, the most significant in the lowest byte) to their number.
inline std::uint64_t eight_digits(std::uint64_t x) noexcept {
  x = (x * 2561) >> 8;                                             // 10 * 256 + 1: pairs
  x = ((x & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;               // 100 * 65536 + 1: quads
  return ((x & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;  // 10000 * 2^32 + 1
}

}  // namespace detail

/// The fast path of decimal parsing, inline for the per-message parsers: reads a decimal
/// at `p` — an optional sign, digits, and an optional point with up to eight decimals
/// (more only if they are zeros), at most 18 digits — into its raw value and returns the
/// first character after it; null when what is there is not such a decimal (then
/// `Fixed::parse` gives the exact reason, or reads a longer form). Reads no further than
/// `end`.
inline const char* parse_decimal_prefix(const char* p, const char* end, std::int64_t& raw) noexcept {
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  std::uint64_t v = 0;
  const char* const int_start = p;
  const char* const int_limit = end - p > 18 ? p + 18 : end;  // 18 digits cannot overflow
  while (p < int_limit && static_cast<unsigned>(*p - '0') <= 9) v = v * 10 + static_cast<unsigned>(*p++ - '0');
  const auto int_digits = p - int_start;
  if (p < end && static_cast<unsigned>(*p - '0') <= 9) return nullptr;  // too long for the fast path
  std::ptrdiff_t frac_digits = 0;
  if (p < end && *p == '.') {
    const char* const frac_start = ++p;
    const std::ptrdiff_t room = 18 - int_digits < fixed_decimals ? 18 - int_digits : fixed_decimals;
    while (p < end && p - frac_start < room && static_cast<unsigned>(*p - '0') <= 9)
      v = v * 10 + static_cast<unsigned>(*p++ - '0');
    frac_digits = p - frac_start;
    if (frac_digits < fixed_decimals && p < end && static_cast<unsigned>(*p - '0') <= 9) return nullptr;
    while (p < end && *p == '0') ++p;  // zeros beyond the eighth decimal are harmless
    if (p < end && static_cast<unsigned>(*p - '0') <= 9) return nullptr;
  }
  if (int_digits == 0 && frac_digits == 0) return nullptr;
  std::int64_t value = static_cast<std::int64_t>(v);
  if (__builtin_mul_overflow(value, detail::pow10_to_8[fixed_decimals - frac_digits], &value)) return nullptr;
  raw = negative ? -value : value;
  return p;
}

/// `parse_decimal_prefix` over all of `text`: false unless the whole text is read.
inline bool parse_decimal_raw(std::string_view text, std::int64_t& raw) noexcept {
  const char* const end = text.data() + text.size();
  return parse_decimal_prefix(text.data(), end, raw) == end;
}

/// The quoted-decimal fast path of the stream parsers, eight bytes at a time: reads
/// `digits` or `digits.digits` (1 to 8 digits on each side) at `p` and returns the
/// position of the `"` that must follow it, or null for any other form (a sign, more
/// digits, no closing quote: `parse_decimal_prefix` then decides). Reads up to 18 bytes
/// from `p` whatever the text's length, so the caller guarantees they are readable
/// (a padded buffer) and checks that the quote it gets lies inside its text.
inline const char* parse_quoted_decimal_wide(const char* p, std::int64_t& raw) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return nullptr;
  } else {
    constexpr std::uint64_t zeros = 0x3030303030303030ULL;
    const std::uint64_t x = detail::load8(p) ^ zeros;
    // A high bit per byte that is not a digit; exact up to the first byte of 0x8A or
    // more (after the XOR), whose carry may disturb the bytes after it.
    const std::uint64_t odd = ((x + 0x7676767676767676ULL) | x) & 0x8080808080808080ULL;
    const unsigned n = odd == 0 ? 8U : static_cast<unsigned>(std::countr_zero(odd)) >> 3;
    if (n == 0) return nullptr;
    const char* q = p + n;
    if (*q == '"') {
      raw = static_cast<std::int64_t>(detail::eight_digits(x << (8 * (8 - n)))) * fixed_scale;
      return q;
    }
    if (*q != '.') return nullptr;
    // The next non-digit after the point (a point carries nothing into the next byte).
    const std::uint64_t rest = n >= 7 ? 0 : odd & ~((std::uint64_t{0x100} << (8 * n)) - 1);
    const unsigned end = rest != 0 ? static_cast<unsigned>(std::countr_zero(rest)) >> 3 : 8;
    if (end < 8 || p[8] == '"') {
      // The whole decimal lies in the word: drop the point, read the digits as one number
      // and scale it by the missing decimals.
      const unsigned k = end - n - 1;
      if (k == 0 || p[end] != '"') return nullptr;
      const std::uint64_t below = (std::uint64_t{1} << (8 * n)) - 1;
      const std::uint64_t digits = (x & below) | ((x >> 8) & ~below);
      const unsigned d = end - 1;
      raw = static_cast<std::int64_t>(detail::eight_digits(digits << (8 * (8 - d)))) * detail::pow10_to_8[8 - k];
      return p + end;
    }
    // Longer: the whole part, then the fraction from its own word.
    const std::uint64_t units = detail::eight_digits(x << (8 * (8 - n)));
    const std::uint64_t frac_part = detail::load8(q + 1) ^ zeros;
    const unsigned k = detail::leading_digits(frac_part);
    if (k == 0 || q[1 + k] != '"') return nullptr;
    // The fraction's digits stay in front, zeros fill the rest: its value in 1e-8 units.
    const std::uint64_t keep = k == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * k)) - 1;
    const std::uint64_t frac = detail::eight_digits(frac_part & keep);
    raw = static_cast<std::int64_t>(units) * fixed_scale + static_cast<std::int64_t>(frac);
    return q + 1 + k;
  }
}

/// A signed decimal number with eight fractional digits, stored as an int64.
/// `Tag` keeps prices, quantities and money from being mixed by accident; the free
/// functions below are the only sanctioned crossings. No binary floating point is used
/// except in the explicitly named `to_double`/`from_double` (signal math, never orders).
template <class Tag>
class Fixed {
 public:
  constexpr Fixed() noexcept = default;

  /// The value whose raw representation is `raw` (value = raw * 1e-8).
  static constexpr Fixed from_raw(std::int64_t raw) noexcept { return Fixed(raw); }
  /// The whole number `units`.
  static constexpr Fixed from_units(std::int64_t units) noexcept { return Fixed(units * fixed_scale); }
  /// Parses a plain decimal such as "-12.345"; no exponent, at most eight decimals.
  static result<Fixed> parse(std::string_view text) noexcept;
  /// The nearest fixed value to `v` under `mode`; for signal math and simulations only.
  static Fixed from_double(double v, rounding mode = rounding::nearest) noexcept;

  [[nodiscard]] constexpr std::int64_t raw() const noexcept { return raw_; }
  [[nodiscard]] double to_double() const noexcept {
    return static_cast<double>(raw_) / static_cast<double>(fixed_scale);
  }
  /// Shortest exact decimal text: "1.5", "-0.00000001", "100000".
  [[nodiscard]] std::string to_string() const;

  [[nodiscard]] constexpr bool is_zero() const noexcept { return raw_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return raw_ < 0; }
  [[nodiscard]] constexpr bool is_positive() const noexcept { return raw_ > 0; }
  [[nodiscard]] constexpr Fixed abs() const noexcept { return Fixed(raw_ < 0 ? -raw_ : raw_); }

  /// This value rounded to a multiple of `increment` (a tick or step size) under `mode`.
  [[nodiscard]] Fixed round_to(Fixed increment, rounding mode) const noexcept;
  /// True when this value is an exact multiple of `increment`.
  [[nodiscard]] constexpr bool is_multiple_of(Fixed increment) const noexcept {
    return increment.raw_ != 0 && raw_ % increment.raw_ == 0;
  }

  constexpr Fixed operator-() const noexcept { return Fixed(-raw_); }
  constexpr Fixed& operator+=(Fixed o) noexcept {
    raw_ += o.raw_;
    return *this;
  }
  constexpr Fixed& operator-=(Fixed o) noexcept {
    raw_ -= o.raw_;
    return *this;
  }
  friend constexpr Fixed operator+(Fixed a, Fixed b) noexcept { return Fixed(a.raw_ + b.raw_); }
  friend constexpr Fixed operator-(Fixed a, Fixed b) noexcept { return Fixed(a.raw_ - b.raw_); }
  /// Scaling by a whole number, e.g. a tick count.
  friend constexpr Fixed operator*(Fixed a, std::int64_t k) noexcept { return Fixed(a.raw_ * k); }
  friend constexpr auto operator<=>(Fixed, Fixed) noexcept = default;

 private:
  constexpr explicit Fixed(std::int64_t raw) noexcept : raw_(raw) {}
  std::int64_t raw_ = 0;
};

struct price_tag {};
struct qty_tag {};
struct money_tag {};
struct ratio_tag {};

/// A price in quote currency per unit of base (e.g. USDT per BTC).
using Price = Fixed<price_tag>;
/// A quantity of the base asset; signed where it denotes a position.
using Qty = Fixed<qty_tag>;
/// An amount of quote currency (USDT): balances, P&L, fees, notionals.
using Money = Fixed<money_tag>;
/// A dimensionless fraction: fee rates, risk fractions (0.0005 = 5 bps).
using Ratio = Fixed<ratio_tag>;

/// price × quantity, rounded under `mode`.
Money notional(Price p, Qty q, rounding mode = rounding::nearest) noexcept;
/// money × ratio (a fee or a risk budget), rounded under `mode`.
Money scale(Money m, Ratio r, rounding mode = rounding::nearest) noexcept;
/// How many units of a price-distance fit in `budget`: budget / distance, as a quantity.
Qty quantity_for(Money budget, Price distance, rounding mode = rounding::down) noexcept;
/// `notional` and `quantity_for`, empty when the result is outside the fixed-point range
/// (or the distance is zero): an order sized from them is refused, never sent.
std::optional<Money> checked_notional(Price p, Qty q, rounding mode = rounding::nearest) noexcept;
std::optional<Qty> checked_quantity_for(Money budget, Price distance, rounding mode = rounding::down) noexcept;
/// The volume-weighted price of `notional_total` over `q`.
Price price_of(Money notional_total, Qty q, rounding mode = rounding::nearest) noexcept;
/// Reinterprets a price difference as money per unit (for P&L of one unit of base).
constexpr Money money_per_unit(Price p) noexcept { return Money::from_raw(p.raw()); }
/// The ratio a / b.
Ratio ratio_of(Money a, Money b, rounding mode = rounding::nearest) noexcept;

extern template class Fixed<price_tag>;
extern template class Fixed<qty_tag>;
extern template class Fixed<money_tag>;
extern template class Fixed<ratio_tag>;

}  // namespace symphony
