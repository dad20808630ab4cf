// Fuzzes URL parsing (config URLs of venues and LLM providers) against Boost.URL's RFC
// 3986 reading: a URL is accepted exactly when it is an absolute https or wss URI with a
// host, no user info, a port 1..65535 if any and no fragment, and the parts agree.
#include <symphony/net/url.hpp>
#include "printable.hpp"

#include <boost/url/parse.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, std::string_view text, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_url: %s for '%s' %s\n", what, symphony::fuzz::printable(text).c_str(), detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 512) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto ours = symphony::net::parse_url(text);
  if (!ours && ours.error().what.empty()) fail("refused without saying why", text);
  auto ref = boost::urls::parse_uri(text);
  // Boost.URL 1.81 reads a host that starts like an IPv4 address ("127.0.0.1A",
  // "1.2.3.4.nip.io") as that address and the rest as the path; RFC 3986 makes the whole
  // name a reg-name (IPv4address must match the entire host). Such a host is read from a
  // copy whose first digit is a letter, which makes it the reg-name it is; the host is
  // then compared with that letter put back.
  std::string alt;
  std::size_t host_at = std::string_view::npos;
  if (ref && ref->host_type() == boost::urls::host_type::ipv4) {
    const std::string_view h = ref->encoded_host();
    host_at = static_cast<std::size_t>(h.data() - text.data());
    const std::size_t end = host_at + h.size();
    if (end < text.size() && std::string_view(":/?#").find(text[end]) == std::string_view::npos) {
      alt.assign(text);
      alt[host_at] = 'a';
      ref = boost::urls::parse_uri(alt);
    } else {
      host_at = std::string_view::npos;
    }
  }
  bool valid = ref.has_value();
  unsigned port = 443;
  if (valid) {
    const auto& u = *ref;
    // Boost.URL 1.81 also takes "https://[::1]z9" (a path must start with "/" after an
    // authority: RFC 3986 §3.3); IPvFuture literals ("[v1.x]") are not IPv6 and refused.
    const std::string_view path = u.encoded_path(), host = u.encoded_host();
    valid = (u.scheme() == "https" || u.scheme() == "wss") && u.has_authority() && !u.has_userinfo() && !host.empty() &&
            !u.has_fragment() && (path.empty() || path.front() == '/') &&
            !(host.size() > 1 && host[0] == '[' && (host[1] == 'v' || host[1] == 'V'));
    if (valid && u.has_port()) {
      const std::string_view p = u.port();
      valid = !p.empty() && p.size() <= 5;
      unsigned v = 0;
      for (char c : p) v = v * 10 + static_cast<unsigned>(c - '0');
      valid = valid && v >= 1 && v <= 65535;
      port = v;
    }
  }
  if (valid != ours.has_value())
    fail(valid ? "refused a valid URL" : "accepted an invalid URL", text, ours ? "" : ours.error().what);
  if (!valid) return 0;
  const auto& u = *ref;
  std::string target(u.encoded_path());
  if (target.empty()) target = "/";
  if (u.has_query()) target += "?" + std::string(u.encoded_query());
  if (ours->scheme != u.scheme()) fail("scheme differs", text, ours->scheme);
  std::string host(u.encoded_host());
  if (host_at != std::string_view::npos) host[0] = text[host_at];
  if (ours->host != host) fail("host differs", text, ours->host);
  if (ours->port != port) fail("port differs", text, std::to_string(ours->port));
  if (ours->target != target) fail("target differs", text, ours->target + " vs " + target);
  // What we log as the origin parses back to the same scheme, host and port.
  const auto again = symphony::net::parse_url(ours->origin());
  if (!again) fail("origin does not parse back", text, again.error().what);
  if (again->host != ours->host || again->port != ours->port) fail("origin does not parse back", text, ours->origin());
  return 0;
}
