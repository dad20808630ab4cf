#pragma once

#include <string>
#include <string_view>

namespace symphony {

/// `s` as a JSON string literal, quotes included, with `"`, `\` and control characters
/// escaped. Used wherever we write JSON by hand (event payloads, reports, log lines).
std::string json_quote(std::string_view s);

/// Appends `s` JSON-escaped (without quotes) to `out`.
void json_escape_to(std::string& out, std::string_view s);

/// Combines lambdas into one overloaded visitor for `std::visit`.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace symphony
