#include <symphony/net/url.hpp>

#include <charconv>

namespace symphony::net {

std::string Url::origin() const {
  std::string out = scheme + "://" + host;
  if (port != 443) out += ":" + std::to_string(port);
  return out;
}

std::optional<Url> parse_url(std::string_view text, std::string& error) {
  Url u;
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    error = "'" + std::string(text) + "' is not a URL (expected https://host[:port][/path] or wss://…)";
    return std::nullopt;
  }
  u.scheme = std::string(text.substr(0, sep));
  if (u.scheme != "https" && u.scheme != "wss") {
    error = "'" + std::string(text) + "': scheme must be https or wss (TLS is required), not '" + u.scheme + "'";
    return std::nullopt;
  }
  std::string_view rest = text.substr(sep + 3);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    u.target = std::string(rest.substr(slash));
    if (u.target.front() == '?') u.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) {
    error = "'" + std::string(text) + "': credentials in URLs are not accepted";
    return std::nullopt;
  }
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || p != port.data() + port.size() || value == 0 || value > 65535) {
      error = "'" + std::string(text) + "': bad port '" + std::string(port) + "'";
      return std::nullopt;
    }
    u.port = static_cast<std::uint16_t>(value);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) {
    error = "'" + std::string(text) + "': no host";
    return std::nullopt;
  }
  u.host = std::string(authority);
  return u;
}

}  // namespace symphony::net
