#include <symphony/core/fixed.hpp>
#include <symphony/core/rng.hpp>

#include "decimals.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace symphony {
namespace {

using test::m;
using test::p;
using test::q;

struct ParseCase {
  const char* text;
  std::int64_t raw;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class FixedParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(FixedParse, ReadsExactRawValue) {
  auto r = Price::parse(GetParam().text);
  ASSERT_TRUE(r.has_value()) << GetParam().text;
  EXPECT_EQ(r->raw(), GetParam().raw);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FixedParse,
    ::testing::Values(ParseCase{"0", 0}, ParseCase{"1", 100'000'000}, ParseCase{"-1", -100'000'000},
                      ParseCase{"+2.5", 250'000'000}, ParseCase{"0.1", 10'000'000}, ParseCase{".5", 50'000'000},
                      ParseCase{"5.", 500'000'000}, ParseCase{"0.00000001", 1}, ParseCase{"-0.00000001", -1},
                      ParseCase{"123.456780000", 12'345'678'000},
                      ParseCase{"92233720368.54775807", std::numeric_limits<std::int64_t>::max()}));

class FixedParseError : public ::testing::TestWithParam<std::pair<const char*, core_error>> {};

TEST_P(FixedParseError, RejectsWithReason) {
  auto r = Money::parse(GetParam().first);
  ASSERT_FALSE(r.has_value()) << GetParam().first;
  EXPECT_EQ(r.error(), make_error_code(GetParam().second)) << GetParam().first;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FixedParseError,
    ::testing::Values(std::pair{"", core_error::empty_input}, std::pair{"-", core_error::invalid_number},
                      std::pair{".", core_error::invalid_number}, std::pair{"1.2.3", core_error::invalid_number},
                      std::pair{"1e5", core_error::invalid_number}, std::pair{"abc", core_error::invalid_number},
                      std::pair{" 1", core_error::invalid_number},
                      std::pair{"0.123456789", core_error::too_many_decimals},
                      std::pair{"92233720368.54775808", core_error::out_of_range},
                      std::pair{"100000000000", core_error::out_of_range}));

TEST(Fixed, FastPrefixParseStopsAtTheDecimalsEnd) {
  std::int64_t raw = 0;
  const std::string text = "61800.20\",";
  const char* after = parse_decimal_prefix(text.data(), text.data() + text.size(), raw);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(*after, '"');
  EXPECT_EQ(raw, 6'180'020'000'000);
  const std::string long_digits = "1234567890123456789";  // 19 digits: the careful path's job
  EXPECT_EQ(parse_decimal_prefix(long_digits.data(), long_digits.data() + long_digits.size(), raw), nullptr);
}

TEST(Fixed, FastPathAgreesWithTheFullParser) {
  // Random decimals of every shape: the inline fast path either declines or agrees.
  Rng rng(2024);
  const char alphabet[] = "0123456789.-+e ";
  int accepted = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string s;
    const auto len = 1 + rng.below(22);
    for (std::uint64_t k = 0; k < len; ++k)
      s += rng.chance(0.85) ? static_cast<char>('0' + rng.below(10)) : alphabet[rng.below(sizeof alphabet - 1)];
    std::int64_t raw = 0;
    const bool fast = parse_decimal_raw(s, raw);
    const auto full = Price::parse(s);
    if (fast) {
      ++accepted;
      ASSERT_TRUE(full.has_value()) << s;
      EXPECT_EQ(full->raw(), raw) << s;
    }
  }
  EXPECT_GT(accepted, 10'000);
}

TEST(Fixed, WideQuotedPathAgreesWithTheFullParser) {
  // Quoted decimals of every shape, followed by random bytes (as in a receive buffer):
  // the eight-bytes-at-a-time path either declines or stops at the closing quote with
  // the full parser's value.
  Rng rng(77);
  const char alphabet[] = "0123456789.-+e \"\x80\xb5:/";
  int accepted = 0;
  for (int i = 0; i < 300'000; ++i) {
    std::string s;
    const auto len = rng.below(20);
    for (std::uint64_t k = 0; k < len; ++k)
      s += rng.chance(0.85) ? static_cast<char>('0' + rng.below(10)) : alphabet[rng.below(sizeof alphabet - 1)];
    std::string buf = s + '"';
    while (buf.size() < 32) buf += static_cast<char>(rng.below(256));
    std::int64_t raw = 0;
    const char* quote = parse_quoted_decimal_wide(buf.data(), raw);
    if (quote == nullptr) continue;
    ASSERT_EQ(*quote, '"') << s;
    const std::string_view text(buf.data(), static_cast<std::size_t>(quote - buf.data()));
    ASSERT_LE(text.size(), s.size()) << s;
    const auto full = Price::parse(text);
    ASSERT_TRUE(full.has_value()) << text;
    EXPECT_EQ(full->raw(), raw) << text;
    ++accepted;
  }
  EXPECT_GT(accepted, 30'000);
  // The forms it is for, and the edges of its width.
  std::int64_t raw = 0;
  for (const auto& [text, expected] :
       std::vector<std::pair<std::string, std::int64_t>>{{"61800.20", 6'180'020'000'000},
                                                         {"0.001", 100'000},
                                                         {"7", 700'000'000},
                                                         {"12345678.12345678", 1'234'567'812'345'678},
                                                         {"0.00000001", 1},
                                                         {"99999999", 9'999'999'900'000'000}}) {
    const std::string buf = text + "\"" + std::string(20, '9');
    const char* quote = parse_quoted_decimal_wide(buf.data(), raw);
    ASSERT_EQ(quote, buf.data() + text.size()) << text;
    EXPECT_EQ(raw, expected) << text;
  }
  for (const std::string text : {"123456789", "1.123456789", "-1", "1.", ".5", "", "1.2.3", "1e5"}) {
    const std::string buf = text + "\"" + std::string(20, '"');
    EXPECT_EQ(parse_quoted_decimal_wide(buf.data(), raw), nullptr) << text;
  }
}

TEST(Fixed, FormatsShortestExactText) {
  EXPECT_EQ(p("100000").to_string(), "100000");
  EXPECT_EQ(p("1.50").to_string(), "1.5");
  EXPECT_EQ(p("-0.00000001").to_string(), "-0.00000001");
  EXPECT_EQ(Price{}.to_string(), "0");
  EXPECT_EQ(Price::from_raw(std::numeric_limits<std::int64_t>::min()).to_string(), "-92233720368.54775808");
}

TEST(Fixed, RoundTripsThroughText) {
  for (const char* s : {"0.1", "-12.34567891", "60000.1", "0.00000009", "-5"})
    EXPECT_EQ(Qty::parse(Qty::parse(s)->to_string())->raw(), Qty::parse(s)->raw()) << s;
}

TEST(Fixed, RoundsToIncrementInEveryMode) {
  const Price tick = p("0.5");
  EXPECT_EQ(p("10.3").round_to(tick, rounding::down), p("10"));
  EXPECT_EQ(p("10.3").round_to(tick, rounding::up), p("10.5"));
  EXPECT_EQ(p("10.25").round_to(tick, rounding::nearest), p("10.5"));  // halves away from zero
  EXPECT_EQ(p("10.24").round_to(tick, rounding::nearest), p("10"));
  EXPECT_EQ(p("-10.3").round_to(tick, rounding::down), p("-10.5"));
  EXPECT_EQ(p("-10.3").round_to(tick, rounding::up), p("-10"));
  EXPECT_EQ(p("-10.3").round_to(tick, rounding::toward_zero), p("-10"));
  EXPECT_EQ(p("-10.25").round_to(tick, rounding::nearest), p("-10.5"));
  EXPECT_EQ(p("10.5").round_to(tick, rounding::up), p("10.5"));  // exact stays
}

TEST(Fixed, MultipleOfIncrement) {
  EXPECT_TRUE(p("60000.1").is_multiple_of(p("0.1")));
  EXPECT_FALSE(p("60000.15").is_multiple_of(p("0.1")));
  EXPECT_FALSE(p("1").is_multiple_of(Price{}));
}

TEST(Fixed, NotionalUses128BitIntermediate) {
  // 90,000 × 1,000 = 9e7 quote: the raw product (9e12 × 1e11) overflows 64 bits.
  EXPECT_EQ(notional(p("90000"), q("1000")), m("90000000"));
  EXPECT_EQ(notional(p("60000.1"), q("0.001")), m("60.0001"));
  EXPECT_EQ(notional(p("0.00000001"), q("0.5"), rounding::down), m("0"));
  EXPECT_EQ(notional(p("0.00000001"), q("0.5"), rounding::up), m("0.00000001"));
  EXPECT_EQ(notional(p("0.00000001"), q("0.5"), rounding::nearest), m("0.00000001"));
  EXPECT_EQ(notional(p("-0.00000001"), q("0.5"), rounding::nearest), m("-0.00000001"));
}

TEST(Fixed, FeeScaling) {
  EXPECT_EQ(scale(m("60000"), Ratio::parse("0.0005").value()), m("30"));
  EXPECT_EQ(scale(m("0.00000003"), Ratio::parse("0.5").value(), rounding::up), m("0.00000002"));
  EXPECT_EQ(scale(m("0.00000003"), Ratio::parse("0.5").value(), rounding::down), m("0.00000001"));
}

TEST(Fixed, QuantityForRiskBudget) {
  // Risking 500 with a 250 stop distance buys 2 units; rounding never sizes up.
  EXPECT_EQ(quantity_for(m("500"), p("250")), q("2"));
  EXPECT_EQ(quantity_for(m("1"), p("3")), q("0.33333333"));
  EXPECT_EQ(quantity_for(m("1"), p("3"), rounding::up), q("0.33333334"));
}

// quantity_for(5000 USDT, 3e-8) once returned -17,800,774,070.43 in release builds (the
// overflow check was an assert): out-of-range results are detected in every build.
TEST(Fixed, OverflowIsDetectedInEveryBuild) {
  EXPECT_FALSE(checked_quantity_for(m("5000"), p("0.00000003")));
  EXPECT_FALSE(checked_quantity_for(m("5000"), Price{}));
  EXPECT_FALSE(checked_notional(p("90000000000"), q("90000000000")));
  EXPECT_EQ(checked_quantity_for(m("500"), p("250")), q("2"));
  EXPECT_EQ(checked_notional(p("90000"), q("1000")), m("90000000"));
  // The unchecked forms saturate at the bound: never the wrong sign.
  EXPECT_EQ(quantity_for(m("5000"), p("0.00000003")).raw(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(quantity_for(m("-5000"), p("0.00000003")).raw(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(mul_div(std::numeric_limits<std::int64_t>::max(), 2, 1, rounding::down),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(checked_mul_div(std::numeric_limits<std::int64_t>::max(), 2, 1, rounding::down));
  EXPECT_EQ(checked_mul_div(std::numeric_limits<std::int64_t>::max(), 2, 2, rounding::down),
            std::numeric_limits<std::int64_t>::max());
}

TEST(Fixed, AveragePrice) {
  EXPECT_EQ(price_of(m("150"), q("2")), p("75"));
  EXPECT_EQ(price_of(m("1"), q("3")), p("0.33333333"));
}

TEST(Fixed, FromDoubleRounds) {
  EXPECT_EQ(Price::from_double(0.1).raw(), 10'000'000);
  EXPECT_EQ(Price::from_double(1.000000015, rounding::down).raw(), 100'000'001);
  EXPECT_EQ(Price::from_double(1e300).raw(), static_cast<std::int64_t>(9.2e18));
}

TEST(Fixed, ArithmeticAndComparison) {
  EXPECT_EQ(p("1.1") + p("2.2"), p("3.3"));  // exact, unlike binary floating point
  EXPECT_EQ(p("1") - p("1.5"), p("-0.5"));
  EXPECT_EQ(p("0.1") * 3, p("0.3"));
  EXPECT_LT(p("-1"), p("0"));
  EXPECT_EQ(p("-2").abs(), p("2"));
}

}  // namespace
}  // namespace symphony
