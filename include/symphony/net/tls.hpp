#pragma once

#include <string>

namespace symphony::net {

/// How a client verifies its server. Verification is always on: the certificate chain
/// must lead to a trusted CA and name the host (SNI is sent); TLS 1.2 is the minimum.
struct TlsConfig {
  /// PEM file of trusted CAs; empty means the system's CA store.
  std::string ca_file;
};

}  // namespace symphony::net
