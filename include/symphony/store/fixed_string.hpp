#pragma once

#include <symphony/core/text.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace symphony::store {

/// A string of at most `N - 1` bytes stored inline, so events stay trivially copyable and
/// can cross threads through a ring without allocating. Sizes are chosen so that every
/// text the daemon composes fits whole; input that would not fit anyway is never cut
/// mid-word: it ends at the last whole word that fits, followed by "…".
template <std::size_t N>
struct FixedString {
  static_assert(N > 8, "room for a word and the ellipsis");
  static constexpr std::size_t capacity = N - 1;
  char data[N] = {};

  FixedString() = default;
  // Implicit by design: events are filled from whatever string type is at hand.
  FixedString(std::string_view s) noexcept { assign(s); }      // NOLINT(google-explicit-constructor)
  FixedString(const std::string& s) noexcept { assign(s); }    // NOLINT(google-explicit-constructor)
  FixedString(const char* s) noexcept { assign(s ? s : ""); }  // NOLINT(google-explicit-constructor)
  void assign(std::string_view s) noexcept {
    if (s.size() <= capacity) {
      std::memcpy(data, s.data(), s.size());
      data[s.size()] = '\0';
      return;
    }
    constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // …
    const std::string_view head = whole_words(s, capacity - ellipsis.size());
    std::memcpy(data, head.data(), head.size());
    std::memcpy(data + head.size(), ellipsis.data(), ellipsis.size());
    data[head.size() + ellipsis.size()] = '\0';
  }
  [[nodiscard]] std::string_view view() const noexcept { return {data, std::strlen(data)}; }
};

}  // namespace symphony::store
