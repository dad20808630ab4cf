#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <system_error>

namespace symphony {

/// The result of a fallible call that is not on the per-message hot path.
template <class T>
using result = boost::system::result<T>;

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
