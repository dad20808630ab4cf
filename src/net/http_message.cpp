// The parts of the HTTP client's messages that need no Asio (the LLM reply parsers and
// their fuzzer use them without the client).
#include <symphony/net/https_client.hpp>

#include <strings.h>

namespace symphony::net {

std::string_view HttpResponse::header(std::string_view name) const noexcept {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

}  // namespace symphony::net
