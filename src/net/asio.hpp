#pragma once
// The net module's private view of Asio and Beast (compiled separately once, in
// asio_impl.cpp). Only src/net and the test fakes include this.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <symphony/core/time.hpp>

#include <chrono>

namespace symphony::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

inline std::chrono::nanoseconds to_chrono(Duration d) noexcept { return std::chrono::nanoseconds(d); }

/// A TLS client context: TLS 1.2 minimum, peer verification against `ca_file` (or the
/// system store when empty). Throws `std::runtime_error` naming the file when it cannot
/// be loaded.
ssl::context make_client_context(const std::string& ca_file);

/// Sets SNI (for host names) and the name or IP address the certificate must carry.
/// False when OpenSSL refuses (the message is in `error`).
bool prepare_tls(SSL* ssl, const std::string& host, std::string& error);

/// What resolving a host gave: endpoints, or an error (`timed_out` when the deadline
/// cancelled it).
struct Resolved {
  tcp::resolver::results_type endpoints;
  error_code ec;
  bool timed_out = false;
};
/// Resolves `host`:`port`, cancelling the lookup after `timeout`. `resolver` must outlive
/// the call.
asio::awaitable<Resolved> resolve(tcp::resolver& resolver, const std::string& host, std::uint16_t port,
                                  Duration timeout);

/// A readable description of a socket, TLS or Beast error.
std::string describe(const error_code& ec);
/// A failed TLS handshake on `ssl`: names the certificate problem when verification is
/// what failed ("certificate verification failed: unable to get local issuer
/// certificate"), otherwise describes `ec`.
std::string describe_handshake(SSL* ssl, const error_code& ec);

}  // namespace symphony::net::detail
