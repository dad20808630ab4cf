#include <symphony/net/url.hpp>

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>

namespace symphony::net {

namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}
bool sub_delim(char c) {
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
      return true;
    default:
      return false;
  }
}
bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The first character of `s` that RFC 3986 does not allow in this part (`extra`: the
// characters it allows besides unreserved, sub-delims and %-escapes), or npos.
std::size_t first_bad(std::string_view s, std::string_view extra) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (unreserved(c) || sub_delim(c) || extra.find(c) != std::string_view::npos) continue;
    if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])) {
      i += 2;
      continue;
    }
    return i;
  }
  return std::string_view::npos;
}

std::string describe(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
    return buf;
  }
  return std::string("'") + c + "'";
}

}  // namespace

std::string Url::origin() const {
  std::string out = scheme + "://" + host;
  if (port != 443) out += ":" + std::to_string(port);
  return out;
}

result<Url, Failure> parse_url(std::string_view text) {
  const auto invalid = std::make_error_code(std::errc::invalid_argument);
  const auto bad = [&](const std::string& why) { return Failure("'" + std::string(text) + "': " + why, invalid); };
  Url u;
  const auto sep = text.find("://");
  if (sep == std::string_view::npos)
    return Failure("'" + std::string(text) + "' is not a URL (expected https://host[:port][/path] or wss://…)",
                   invalid);
  u.scheme = std::string(text.substr(0, sep));
  if (u.scheme != "https" && u.scheme != "wss")
    return bad("scheme must be https or wss (TLS is required), not '" + u.scheme + "'");
  if (text.find('#') != std::string_view::npos) return bad("a fragment ('#...') is never sent: remove it");
  std::string_view rest = text.substr(sep + 3);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    const std::string_view target = rest.substr(slash);
    const auto q = target.find('?');
    const std::string_view path = target.substr(0, q);
    if (const auto at = first_bad(path, ":@/"); at != std::string_view::npos)
      return bad("character " + describe(path[at]) + " is not allowed in the path (escape it as %XX)");
    if (q != std::string_view::npos)
      if (const auto at = first_bad(target.substr(q + 1), ":@/?"); at != std::string_view::npos)
        return bad("character " + describe(target[q + 1 + at]) + " is not allowed in the query (escape it as %XX)");
    u.target = std::string(target);
    if (u.target.front() == '?') u.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) return bad("credentials in URLs are not accepted");
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    // An IPv6 literal: [address] then an optional :port.
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    const std::string address(authority.substr(1, close - 1));
    in6_addr unused{};
    if (address.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos ||
        inet_pton(AF_INET6, address.c_str(), &unused) != 1)
      return bad("'" + address + "' is not an IPv6 address");
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the IPv6 address");
      port = after.substr(1);
      if (port.empty()) return bad("empty port");
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return bad("empty port");
  }
  if (!port.empty()) {
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || p != port.data() + port.size() || port.size() > 5 || value == 0 || value > 65535)
      return bad("bad port '" + std::string(port) + "'");
    u.port = static_cast<std::uint16_t>(value);
  }
  if (host.empty()) return bad("no host");
  if (host.front() != '[')
    if (const auto at = first_bad(host, ""); at != std::string_view::npos)
      return bad("character " + describe(host[at]) + " is not allowed in a host name");
  u.host = std::string(host);
  return u;
}

}  // namespace symphony::net
