#include "net/asio.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace symphony::net::detail {

ssl::context make_client_context(const std::string& ca_file) {
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  error_code ec;
  if (ca_file.empty())
    ctx.set_default_verify_paths(ec);
  else
    ctx.load_verify_file(ca_file, ec);
  if (ec)
    throw std::runtime_error(ca_file.empty() ? "TLS: cannot load the system CA store: " + ec.message()
                                             : "TLS: cannot load CA file '" + ca_file + "': " + ec.message());
  ctx.set_verify_mode(ssl::verify_peer);
  return ctx;
}

bool prepare_tls(SSL* ssl, const std::string& host, std::string& error) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  error_code ec;
  (void)asio::ip::make_address(host, ec);
  if (!ec) {
    // An IP literal: no SNI (RFC 6066 forbids it); the certificate must list the address.
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
      error = "TLS: cannot verify against address " + host;
      return false;
    }
    return true;
  }
  // SSL_set_tlsext_host_name, without the macro's C cast.
  if (SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str())) != 1) {
    error = "TLS: cannot set SNI host name " + host;
    return false;
  }
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) != 1) {
    error = "TLS: cannot verify against host " + host;
    return false;
  }
  return true;
}

asio::awaitable<Resolved> resolve(tcp::resolver& resolver, const std::string& host, std::uint16_t port,
                                  Duration timeout) {
  struct Flags {
    bool expired = false;
    bool done = false;
  };
  auto flags = std::make_shared<Flags>();
  asio::steady_timer deadline(resolver.get_executor());
  deadline.expires_after(to_chrono(timeout));
  deadline.async_wait([flags, &resolver](const error_code& ec) {
    if (ec || flags->done) return;
    flags->expired = true;
    resolver.cancel();
  });
  auto [ec, endpoints] = co_await resolver.async_resolve(host, std::to_string(port), use_tuple);
  flags->done = true;
  deadline.cancel();
  co_return Resolved{std::move(endpoints), ec, flags->expired};
}

std::string describe_handshake(SSL* ssl, const error_code& ec) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK)
    return std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
  return describe(ec);
}

std::string describe(const error_code& ec) {
  if (ec.category() == asio::error::get_ssl_category()) {
    std::string msg = ec.message();
    return msg.empty() ? "TLS error" : "TLS: " + msg;
  }
  if (ec == beast::error::timeout) return "timed out";
  return ec.message();
}

}  // namespace symphony::net::detail
