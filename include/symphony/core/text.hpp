#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace symphony {

/// `s` as a JSON string literal, quotes included, with `"`, `\` and control characters
/// escaped. Used wherever we write JSON by hand (event payloads, reports, log lines).
std::string json_quote(std::string_view s);

/// `s` with anything that looks like a credential replaced by "<redacted>": API keys as
/// providers print them, even masked ("sk-abc1***wxyz", "AIza…"), bearer tokens, and
/// 64-digit hex keys. For text from outside (an error body) before it is stored or logged.
std::string redact_credentials(std::string_view s);

/// Appends `s` JSON-escaped (without quotes) to `out`.
void json_escape_to(std::string& out, std::string_view s);

/// The longest prefix of `s` of at most `max_bytes` that ends on a whole word (before a
/// space, trailing spaces dropped), or — for one long word — on a UTF-8 character
/// boundary. `s` itself when it fits.
constexpr std::string_view whole_words(std::string_view s, std::size_t max_bytes) noexcept {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  while (cut > 0 && s[cut] != ' ') --cut;
  if (cut == 0) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U) --cut;
  }
  while (cut > 0 && s[cut - 1] == ' ') --cut;
  return s.substr(0, cut);
}

/// `s` cut by `whole_words` to at most `max_bytes` including a trailing "…" when cut.
inline std::string clip_words(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::string out(whole_words(s, max_bytes - 3));
  out += "\xE2\x80\xA6";
  return out;
}

/// Combines lambdas into one overloaded visitor for `std::visit`.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace symphony
