#include <symphony/net/https_client.hpp>

#include "net/reactor_impl.hpp"

#include <algorithm>
#include <deque>

namespace symphony::net {

using namespace detail;

std::string_view to_string(HttpMethod m) noexcept {
  switch (m) {
    case HttpMethod::get:
      return "GET";
    case HttpMethod::post:
      return "POST";
    case HttpMethod::put:
      return "PUT";
    case HttpMethod::del:
      return "DELETE";
  }
  return "?";
}

std::string_view to_string(HttpFailure f) noexcept {
  switch (f) {
    case HttpFailure::connect:
      return "connect";
    case HttpFailure::tls:
      return "tls";
    case HttpFailure::timeout:
      return "timeout";
    case HttpFailure::io:
      return "io";
    case HttpFailure::shut_down:
      return "shut_down";
  }
  return "?";
}

namespace {

using steady = std::chrono::steady_clock;

struct Connection {
  Connection(asio::io_context& io, ssl::context& ctx) : stream(io, ctx) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  steady::time_point last_used = steady::now();
};

http::verb verb_of(HttpMethod m) {
  switch (m) {
    case HttpMethod::get:
      return http::verb::get;
    case HttpMethod::post:
      return http::verb::post;
    case HttpMethod::put:
      return http::verb::put;
    case HttpMethod::del:
      return http::verb::delete_;
  }
  return http::verb::get;
}

}  // namespace

struct HttpsClient::Impl : std::enable_shared_from_this<HttpsClient::Impl> {
  Impl(Reactor& r, Url u, TlsConfig tls, HttpsClientConfig c)
      : io(r.impl().io), origin(std::move(u)), ctx(make_client_context(tls.ca_file)), config(c), resolver(io) {
    host_header = origin.host;
    if (origin.port != 443) host_header += ":" + std::to_string(origin.port);
  }

  struct Pending {
    HttpRequest request;
    callback done;
    steady::time_point queued = steady::now();
    bool retried = false;
  };

  asio::io_context& io;
  Url origin;
  ssl::context ctx;
  HttpsClientConfig config;
  tcp::resolver resolver;
  std::string host_header;
  Stats stats;
  std::deque<Pending> queue;
  std::vector<std::unique_ptr<Connection>> idle;
  std::vector<Connection*> busy;  // to shut them on close
  std::size_t open = 0;           // idle + busy + connecting
  bool closed = false;

  void enqueue(Pending p) {
    if (closed) {
      finish(std::move(p), shut_down_result());
      return;
    }
    if (queue.size() >= config.max_queued) {
      HttpResult r;
      r.failure = HttpFailure::connect;
      r.error = "request queue full (" + std::to_string(config.max_queued) + " waiting for a connection to " +
                origin.origin() + ")";
      finish(std::move(p), std::move(r));
      return;
    }
    queue.push_back(std::move(p));
    pump();
  }

  static HttpResult shut_down_result() {
    HttpResult r;
    r.failure = HttpFailure::shut_down;
    r.error = "client closed";
    return r;
  }

  void finish(Pending p, HttpResult&& r) {
    r.elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now() - p.queued).count();
    if (!r.ok()) ++stats.failures;
    // Never call back into a closed client's owner, and never from inside `request`.
    asio::post(io, [self = shared_from_this(), done = std::move(p.done), r = std::move(r)]() mutable {
      if (!self->closed) done(std::move(r));
    });
  }

  void pump() {
    const auto now = steady::now();
    while (!queue.empty() && !closed) {
      std::unique_ptr<Connection> conn;
      while (!idle.empty()) {
        conn = std::move(idle.back());
        idle.pop_back();
        if (now - conn->last_used < to_chrono(config.idle_timeout)) break;
        drop(std::move(conn));  // idle too long: the server may be closing it
      }
      if (!conn && open >= config.max_connections) return;
      Pending p = std::move(queue.front());
      queue.pop_front();
      if (!conn) ++open;
      asio::co_spawn(io, exchange(shared_from_this(), std::move(conn), std::move(p)), asio::detached);
    }
  }

  void drop(std::unique_ptr<Connection> conn) {
    error_code ignored;
    beast::get_lowest_layer(conn->stream).socket().close(ignored);
    --open;
  }

  // Resolve, connect and handshake under one deadline.
  asio::awaitable<std::unique_ptr<Connection>> connect(HttpResult& r) {
    auto conn = std::make_unique<Connection>(io, ctx);
    Resolved res = co_await resolve(resolver, origin.host, origin.port, config.connect_timeout);
    if (res.ec) {
      r.failure = res.timed_out ? HttpFailure::timeout : HttpFailure::connect;
      r.error = "resolve " + origin.host + ": " + (res.timed_out ? "timed out" : res.ec.message());
      co_return nullptr;
    }
    const auto& endpoints = res.endpoints;
    auto& tcp_layer = beast::get_lowest_layer(conn->stream);
    tcp_layer.expires_after(to_chrono(config.connect_timeout));
    auto [cec, ep] = co_await tcp_layer.async_connect(endpoints, use_tuple);
    if (cec) {
      r.failure = cec == beast::error::timeout ? HttpFailure::timeout : HttpFailure::connect;
      r.error = "connect " + origin.origin() + ": " + describe(cec);
      co_return nullptr;
    }
    tcp_layer.socket().set_option(tcp::no_delay(true));
    std::string err;
    if (!prepare_tls(conn->stream.native_handle(), origin.host, err)) {
      r.failure = HttpFailure::tls;
      r.error = err;
      co_return nullptr;
    }
    auto [hec] = co_await conn->stream.async_handshake(ssl::stream_base::client, use_tuple);
    if (hec) {
      r.failure = hec == beast::error::timeout ? HttpFailure::timeout : HttpFailure::tls;
      r.error = "TLS handshake with " + origin.origin() + ": " + describe_handshake(conn->stream.native_handle(), hec);
      co_return nullptr;
    }
    ++stats.connections_opened;
    co_return conn;
  }

  static asio::awaitable<void> exchange(std::shared_ptr<Impl> self, std::unique_ptr<Connection> conn, Pending p) {
    HttpResult r;
    const bool reused = conn != nullptr;
    if (reused) ++self->stats.reused;
    ++self->stats.requests;
    if (!conn) {
      conn = co_await self->connect(r);
      if (!conn) {
        --self->open;
        self->finish(std::move(p), std::move(r));
        self->pump();
        co_return;
      }
    }
    if (self->closed) {
      self->drop(std::move(conn));
      self->finish(std::move(p), shut_down_result());
      co_return;
    }

    http::request<http::string_body> req{verb_of(p.request.method), p.request.target, 11};
    req.set(http::field::host, self->host_header);
    req.set(http::field::user_agent, "symphonyd");
    req.keep_alive(true);
    for (const auto& [k, v] : p.request.headers) req.set(k, v);
    if (!p.request.body.empty() || p.request.method != HttpMethod::get) {
      if (!p.request.content_type.empty()) req.set(http::field::content_type, p.request.content_type);
      req.body() = p.request.body;
    }
    req.prepare_payload();

    Connection* raw = conn.get();
    self->busy.push_back(raw);
    auto& tcp_layer = beast::get_lowest_layer(conn->stream);
    tcp_layer.expires_after(to_chrono(self->config.request_timeout));
    auto [wec, written] = co_await http::async_write(conn->stream, req, use_tuple);
    bool failed = false;
    if (wec) {
      r.request_sent = written > 0;
      r.failure = wec == beast::error::timeout ? HttpFailure::timeout : HttpFailure::io;
      r.error = "write to " + self->origin.origin() + ": " + describe(wec);
      failed = true;
    }
    http::response_parser<http::string_body> parser;
    if (!failed) {
      r.request_sent = true;
      parser.body_limit(self->config.max_body_bytes);
      auto [rec, read] = co_await http::async_read(conn->stream, conn->buffer, parser, use_tuple);
      if (rec) {
        failed = true;
        r.failure = rec == beast::error::timeout ? HttpFailure::timeout : HttpFailure::io;
        r.error = "read from " + self->origin.origin() + ": " + describe(rec);
        // A kept-alive connection the server had already closed: nothing was read, so
        // for a GET it is safe to try once more on a new connection.
        if (reused && read == 0 && !p.retried && p.request.method == HttpMethod::get && rec != beast::error::timeout) {
          std::erase(self->busy, raw);
          self->drop(std::move(conn));
          ++self->stats.retries;
          p.retried = true;
          self->queue.push_front(std::move(p));
          self->pump();
          co_return;
        }
      }
    }
    std::erase(self->busy, raw);
    if (failed || self->closed) {
      self->drop(std::move(conn));
      if (self->closed) r = shut_down_result();
      self->finish(std::move(p), std::move(r));
      self->pump();
      co_return;
    }
    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res)
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    out.body = std::move(res.body());
    r.response = std::move(out);
    if (res.keep_alive()) {
      tcp_layer.expires_never();
      conn->last_used = steady::now();
      self->idle.push_back(std::move(conn));
    } else {
      self->drop(std::move(conn));
    }
    self->finish(std::move(p), std::move(r));
    self->pump();
  }

  void close() {
    if (closed) return;
    closed = true;
    resolver.cancel();
    for (Connection* c : busy) {
      error_code ignored;
      beast::get_lowest_layer(c->stream).socket().close(ignored);
    }
    while (!idle.empty()) {
      drop(std::move(idle.back()));
      idle.pop_back();
    }
    while (!queue.empty()) {
      Pending p = std::move(queue.front());
      queue.pop_front();
      finish(std::move(p), shut_down_result());
    }
  }
};

HttpsClient::HttpsClient(Reactor& reactor, Url origin, TlsConfig tls, HttpsClientConfig config)
    : impl_(std::make_shared<Impl>(reactor, std::move(origin), std::move(tls), config)) {}

HttpsClient::~HttpsClient() { impl_->close(); }

void HttpsClient::request(HttpRequest request, callback done) {
  impl_->enqueue(Impl::Pending{std::move(request), std::move(done)});
}

void HttpsClient::close() { impl_->close(); }

const HttpsClient::Stats& HttpsClient::stats() const noexcept { return impl_->stats; }
const Url& HttpsClient::origin() const noexcept { return impl_->origin; }

}  // namespace symphony::net
