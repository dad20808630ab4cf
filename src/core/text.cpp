#include <symphony/core/text.hpp>

namespace symphony {

namespace {
constexpr bool token_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*';
}
}  // namespace

std::string redact_credentials(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (!token_char(s[i]) || (i > 0 && token_char(s[i - 1]))) {
      out += s[i++];
      continue;
    }
    std::size_t end = i;
    while (end < s.size() && token_char(s[end])) ++end;
    const std::string_view word = s.substr(i, end - i);
    bool letters = false, digits = false;
    for (char c : word) {
      letters |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      digits |= c >= '0' && c <= '9';
    }
    // Provider key prefixes (masked or not), and any long mixed token (a listen key, a hex
    // private key, a session token): none of them is ever worth a log line.
    const bool key = word.starts_with("sk-") || word.starts_with("AIza") || word.starts_with("xai-") ||
                     (word.size() >= 32 && letters && digits) || word.find("***") != std::string_view::npos;
    out += key ? "<redacted>" : std::string(word);
    i = end;
    if (word == "Bearer" && i + 1 < s.size() && s[i] == ' ') {
      std::size_t t = i + 1;
      while (t < s.size() && s[t] != ' ' && s[t] != '"' && s[t] != '\'') ++t;
      out += " <redacted>";
      i = t;
    }
  }
  return out;
}

void json_escape_to(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(c >> 4) & 0xF];
          out += hex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  json_escape_to(out, s);
  out += '"';
  return out;
}

}  // namespace symphony
