#pragma once

#include <boost/system/result.hpp>

#include <iosfwd>
#include <string>
#include <system_error>

namespace symphony {

/// The result of a fallible call that is not on the per-message hot path: a value, or an
/// error code (or, with `E = Failure`, an error described for the person who reads it).
template <class T, class E = boost::system::error_code>
using result = boost::system::result<T, E>;

/// A failure described for the person who reads it, naming what was wrong and where
/// ("positionRisk: BTCUSDT: field 'positionAmt': bad decimal 'x'"), with a code for the
/// code that acts on it (a `venue::VenueErrc`, say); never contains secrets.
struct Failure {
  Failure() = default;
  /// Both parts are required: a `result<std::string, Failure>` takes a string as its value.
  Failure(std::string what_failed, std::error_code error) : what(std::move(what_failed)), code(error) {}
  std::string what;
  std::error_code code;
  friend bool operator==(const Failure&, const Failure&) = default;
};
/// Writes `what`.
std::ostream& operator<<(std::ostream& os, const Failure& failure);

/// What `result<T, Failure>::value()` throws on a failure: `std::runtime_error(what)`.
[[noreturn]] void throw_exception_from_error(const Failure& failure, const boost::source_location& loc);

/// Errors of the core domain: parsing and arithmetic on the value types.
enum class core_error {
  empty_input = 1,
  invalid_number,
  too_many_decimals,
  out_of_range,
  invalid_duration,
  invalid_time,
};

/// The error category of `core_error`.
const boost::system::error_category& core_category() noexcept;

inline boost::system::error_code make_error_code(core_error e) noexcept {
  return {static_cast<int>(e), core_category()};
}

}  // namespace symphony

template <>
struct boost::system::is_error_code_enum<symphony::core_error> : std::true_type {};
