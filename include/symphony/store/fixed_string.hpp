#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace symphony::store {

/// A string of at most `N - 1` bytes stored inline, so events stay trivially copyable and
/// can cross threads through a ring without allocating. Longer input is truncated.
template <std::size_t N>
struct FixedString {
  char data[N] = {};

  FixedString() = default;
  // Implicit by design: events are filled from whatever string type is at hand.
  FixedString(std::string_view s) noexcept { assign(s); }      // NOLINT(google-explicit-constructor)
  FixedString(const std::string& s) noexcept { assign(s); }    // NOLINT(google-explicit-constructor)
  FixedString(const char* s) noexcept { assign(s ? s : ""); }  // NOLINT(google-explicit-constructor)
  void assign(std::string_view s) noexcept {
    const std::size_t n = std::min(s.size(), N - 1);
    std::memcpy(data, s.data(), n);
    data[n] = '\0';
  }
  [[nodiscard]] std::string_view view() const noexcept { return {data, std::strlen(data)}; }
};

}  // namespace symphony::store
