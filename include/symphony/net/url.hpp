#pragma once

#include <symphony/core/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace symphony::net {

/// A parsed `https://` or `wss://` URL (TLS only: there is no plain-text transport).
struct Url {
  std::string scheme;  ///< "https" or "wss"
  std::string host;
  std::uint16_t port = 443;
  std::string target = "/";  ///< path and query
  /// `scheme://host[:port]`, as written in logs.
  [[nodiscard]] std::string origin() const;
};

/// Parses `text`; a failure naming what is wrong (code `std::errc::invalid_argument`)
/// when it is not an https/wss URL with a host.
result<Url, Failure> parse_url(std::string_view text);

}  // namespace symphony::net
