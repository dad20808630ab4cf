#include <symphony/core/fixed.hpp>

#include <symphony/core/assert.hpp>

#include <cmath>
#include <limits>

namespace symphony {

namespace {

__extension__ typedef __int128 i128;  // GCC and Clang both provide it on 64-bit targets

constexpr i128 i64_max = std::numeric_limits<std::int64_t>::max();
constexpr i128 i64_min = std::numeric_limits<std::int64_t>::min();

bool fits(i128 v) noexcept { return v <= i64_max && v >= i64_min; }

// Saturates: a value out of range becomes the nearer bound, in every build.
std::int64_t narrow(i128 v) noexcept {
  if (v > i64_max) return std::numeric_limits<std::int64_t>::max();
  if (v < i64_min) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(v);
}

// Floor/ceil/trunc/half-away division for signed 128-bit values.
i128 div_round(i128 num, i128 den, rounding mode) noexcept {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 q = num / den;  // truncates toward zero
  i128 r = num % den;
  if (r == 0) return q;
  switch (mode) {
    case rounding::toward_zero:
      return q;
    case rounding::down:
      return num < 0 ? q - 1 : q;
    case rounding::up:
      return num > 0 ? q + 1 : q;
    case rounding::nearest: {
      i128 twice = (r < 0 ? -r : r) * 2;
      if (twice >= den) return num < 0 ? q - 1 : q + 1;
      return q;
    }
  }
  return q;
}

}  // namespace

std::int64_t mul_div(std::int64_t a, std::int64_t b, std::int64_t c, rounding mode) noexcept {
  SYMPHONY_ASSERT(c != 0);
  return narrow(div_round(static_cast<i128>(a) * b, c, mode));
}

std::optional<std::int64_t> checked_mul_div(std::int64_t a, std::int64_t b, std::int64_t c, rounding mode) noexcept {
  if (c == 0) return std::nullopt;
  const i128 v = div_round(static_cast<i128>(a) * b, c, mode);  // |a * b| < 2^126: exact
  if (!fits(v)) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

template <class Tag>
result<Fixed<Tag>> Fixed<Tag>::parse(std::string_view text) noexcept {
  if (text.empty()) return core_error::empty_input;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  // The common case, inline for the feed parsers; what it declines is read (or refused
  // with its reason) below, with overflow checks on every digit.
  if (std::int64_t raw = 0; parse_decimal_raw(text, raw)) return Fixed(raw);
  std::int64_t value = 0;
  int int_digits = 0;
  int frac_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '.') {
      if (seen_point) return core_error::invalid_number;
      seen_point = true;
      continue;
    }
    if (ch < '0' || ch > '9') return core_error::invalid_number;
    const int digit = ch - '0';
    if (seen_point) {
      if (frac_digits == fixed_decimals) {
        if (digit != 0) return core_error::too_many_decimals;
        continue;  // trailing zeros beyond the eighth decimal are harmless
      }
      ++frac_digits;
    } else {
      ++int_digits;
    }
    if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, digit, &value))
      return core_error::out_of_range;
  }
  if (int_digits == 0 && frac_digits == 0) return core_error::invalid_number;
  static constexpr std::int64_t pow10[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000};
  if (__builtin_mul_overflow(value, pow10[fixed_decimals - frac_digits], &value)) return core_error::out_of_range;
  return Fixed(negative ? -value : value);
}

template <class Tag>
Fixed<Tag> Fixed<Tag>::from_double(double v, rounding mode) noexcept {
  double scaled = v * static_cast<double>(fixed_scale);
  switch (mode) {
    case rounding::down:
      scaled = std::floor(scaled);
      break;
    case rounding::up:
      scaled = std::ceil(scaled);
      break;
    case rounding::toward_zero:
      scaled = std::trunc(scaled);
      break;
    case rounding::nearest:
      scaled = std::round(scaled);
      break;
  }
  constexpr double hi = 9.2e18;
  if (!(scaled < hi)) scaled = hi;  // also maps NaN to the bound, never UB
  if (scaled < -hi) scaled = -hi;
  return Fixed(static_cast<std::int64_t>(scaled));
}

template <class Tag>
std::string Fixed<Tag>::to_string() const {
  // Work in unsigned magnitude so INT64_MIN formats without overflow.
  std::uint64_t mag = raw_ < 0 ? 0 - static_cast<std::uint64_t>(raw_) : static_cast<std::uint64_t>(raw_);
  std::uint64_t whole = mag / fixed_scale;
  std::uint64_t frac = mag % fixed_scale;
  std::string out = raw_ < 0 ? "-" : "";
  out += std::to_string(whole);
  if (frac != 0) {
    char digits[fixed_decimals + 1] = {};
    for (int k = fixed_decimals - 1; k >= 0; --k) {
      digits[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    int len = fixed_decimals;
    while (len > 0 && digits[len - 1] == '0') --len;
    out += '.';
    out.append(digits, static_cast<std::size_t>(len));
  }
  return out;
}

template <class Tag>
Fixed<Tag> Fixed<Tag>::round_to(Fixed increment, rounding mode) const noexcept {
  SYMPHONY_ASSERT(increment.raw_ > 0);
  i128 units = div_round(raw_, increment.raw_, mode);
  return Fixed(narrow(units * increment.raw_));
}

template class Fixed<price_tag>;
template class Fixed<qty_tag>;
template class Fixed<money_tag>;
template class Fixed<ratio_tag>;

Money notional(Price p, Qty q, rounding mode) noexcept {
  return Money::from_raw(mul_div(p.raw(), q.raw(), fixed_scale, mode));
}

Money scale(Money m, Ratio r, rounding mode) noexcept {
  return Money::from_raw(mul_div(m.raw(), r.raw(), fixed_scale, mode));
}

Qty quantity_for(Money budget, Price distance, rounding mode) noexcept {
  SYMPHONY_ASSERT(!distance.is_zero());
  return Qty::from_raw(mul_div(budget.raw(), fixed_scale, distance.raw(), mode));
}

std::optional<Money> checked_notional(Price p, Qty q, rounding mode) noexcept {
  const auto v = checked_mul_div(p.raw(), q.raw(), fixed_scale, mode);
  return v ? std::optional<Money>(Money::from_raw(*v)) : std::nullopt;
}

std::optional<Qty> checked_quantity_for(Money budget, Price distance, rounding mode) noexcept {
  const auto v = checked_mul_div(budget.raw(), fixed_scale, distance.raw(), mode);
  return v ? std::optional<Qty>(Qty::from_raw(*v)) : std::nullopt;
}

Price price_of(Money notional_total, Qty q, rounding mode) noexcept {
  SYMPHONY_ASSERT(!q.is_zero());
  return Price::from_raw(mul_div(notional_total.raw(), fixed_scale, q.raw(), mode));
}

Ratio ratio_of(Money a, Money b, rounding mode) noexcept {
  SYMPHONY_ASSERT(!b.is_zero());
  return Ratio::from_raw(mul_div(a.raw(), fixed_scale, b.raw(), mode));
}

}  // namespace symphony
