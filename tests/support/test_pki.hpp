#pragma once

#include <string>

namespace symphony::test {

/// A certificate authority and a server certificate for 127.0.0.1 and localhost,
/// generated when constructed (ECDSA P-256, valid for a day). Nothing is read from or
/// checked into the tree. `ca_file` is a PEM file of the CA for clients to trust.
class TestPki {
 public:
  /// Writes the CA certificate to `dir`/ca.pem.
  explicit TestPki(const std::string& dir);
  [[nodiscard]] const std::string& ca_file() const noexcept { return ca_file_; }
  [[nodiscard]] const std::string& ca_pem() const noexcept { return ca_pem_; }
  [[nodiscard]] const std::string& server_cert_pem() const noexcept { return cert_pem_; }
  [[nodiscard]] const std::string& server_key_pem() const noexcept { return key_pem_; }

 private:
  std::string ca_file_;
  std::string ca_pem_;
  std::string cert_pem_;
  std::string key_pem_;
};

}  // namespace symphony::test
