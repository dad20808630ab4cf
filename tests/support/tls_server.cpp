#include "tls_server.hpp"

#include "net/asio.hpp"

#include <strings.h>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace symphony::test {

using namespace net::detail;

std::string ServerRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

namespace {
using ws_stream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WsSession {
  std::shared_ptr<ws_stream> ws;
  std::deque<std::string> out;
  bool writing = false;
  bool stalled = false;
  std::shared_ptr<asio::steady_timer> resume;
};
}  // namespace

struct TlsServer::Io {
  asio::io_context ctx;
};

struct TlsServer::Impl : std::enable_shared_from_this<TlsServer::Impl> {
  Impl(asio::io_context& context, const TestPki& pki, Handlers h)
      : io(context), ctx(ssl::context::tls_server), handlers(std::move(h)), acceptor(io) {
    ctx.use_certificate_chain(asio::buffer(pki.server_cert_pem()));
    ctx.use_private_key(asio::buffer(pki.server_key_pem()), ssl::context::pem);
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(ep.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen();
    port = acceptor.local_endpoint().port();
  }

  asio::io_context& io;
  ssl::context ctx;
  Handlers handlers;
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  std::thread thread;
  std::atomic<std::uint64_t> accepted{0};
  std::map<std::uint64_t, WsSession> sessions;  // server thread only
  std::atomic<std::size_t> session_count{0};
  std::vector<std::weak_ptr<beast::ssl_stream<beast::tcp_stream>>> http_streams;
  std::uint64_t next_session = 1;
  struct Periodic {
    std::shared_ptr<asio::steady_timer> timer;
    std::shared_ptr<std::function<void(const error_code&)>> tick;
  };
  std::vector<Periodic> timers;

  static asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    for (;;) {
      auto [ec, sock] = co_await self->acceptor.async_accept(use_tuple);
      if (ec) co_return;
      ++self->accepted;
      asio::co_spawn(self->io, serve(self, std::move(sock)), asio::detached);
    }
  }

  static asio::awaitable<void> serve(std::shared_ptr<Impl> self, tcp::socket sock) {
    auto stream = std::make_shared<beast::ssl_stream<beast::tcp_stream>>(std::move(sock), self->ctx);
    self->http_streams.push_back(stream);
    beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(10));
    auto [hec] = co_await stream->async_handshake(ssl::stream_base::server, use_tuple);
    if (hec) co_return;
    beast::flat_buffer buffer;
    for (;;) {
      beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(120));
      http::request<http::string_body> req;
      auto [rec, n] = co_await http::async_read(*stream, buffer, req, use_tuple);
      if (rec) co_return;
      if (websocket::is_upgrade(req)) {
        co_await upgrade(self, stream, std::move(req));
        co_return;
      }
      ServerRequest sr;
      sr.method = std::string(req.method_string());
      sr.target = std::string(req.target());
      sr.body = req.body();
      for (const auto& f : req) sr.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      ServerReply reply = self->handlers.http ? self->handlers.http(sr) : ServerReply::json("{}", 404);
      if (reply.delay > 0) {
        asio::steady_timer t(self->io);
        t.expires_after(to_chrono(reply.delay));
        co_await t.async_wait(use_tuple);
      }
      if (reply.action == ServerReply::Action::drop) {
        error_code ignored;
        beast::get_lowest_layer(*stream).socket().close(ignored);
        co_return;
      }
      if (reply.action == ServerReply::Action::stall) {
        beast::get_lowest_layer(*stream).expires_never();
        asio::steady_timer t(self->io);
        t.expires_after(std::chrono::hours(1));
        co_await t.async_wait(use_tuple);
        co_return;
      }
      http::response<http::string_body> res{static_cast<http::status>(reply.status), req.version()};
      res.set(http::field::server, "fake");
      res.set(http::field::content_type, "application/json");
      for (const auto& [k, v] : reply.headers) res.set(k, v);
      res.keep_alive(req.keep_alive());
      res.body() = std::move(reply.body);
      res.prepare_payload();
      auto [wec, w] = co_await http::async_write(*stream, res, use_tuple);
      if (wec || !res.keep_alive()) co_return;
    }
  }

  static asio::awaitable<void> upgrade(std::shared_ptr<Impl> self,
                                       std::shared_ptr<beast::ssl_stream<beast::tcp_stream>> stream,
                                       http::request<http::string_body> req) {
    const std::string target(req.target());
    const std::uint64_t id = self->next_session++;
    if (self->handlers.ws_open && !self->handlers.ws_open(id, target)) {
      http::response<http::string_body> res{http::status::not_found, req.version()};
      res.body() = R"({"code":-1,"msg":"unknown stream"})";
      res.prepare_payload();
      co_await http::async_write(*stream, res, use_tuple);
      co_return;
    }
    beast::get_lowest_layer(*stream).expires_never();
    auto ws = std::make_shared<ws_stream>(std::move(*stream));
    ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    auto [aec] = co_await ws->async_accept(req, use_tuple);
    if (aec) co_return;
    self->sessions[id].ws = ws;
    ++self->session_count;
    beast::flat_buffer buffer;
    for (;;) {
      auto& s = self->sessions[id];
      if (s.stalled) {
        s.resume = std::make_shared<asio::steady_timer>(self->io);
        s.resume->expires_after(std::chrono::hours(1));
        auto timer = s.resume;
        co_await timer->async_wait(use_tuple);
        if (!self->sessions.count(id) || !beast::get_lowest_layer(*ws).socket().is_open()) break;
        continue;
      }
      auto [ec, n] = co_await ws->async_read(buffer, use_tuple);
      if (ec) {
        // stall() cancels the pending read; anything else ends the session.
        auto it = self->sessions.find(id);
        if (it != self->sessions.end() && it->second.stalled && beast::get_lowest_layer(*ws).socket().is_open())
          continue;
        break;
      }
      const std::string msg = beast::buffers_to_string(buffer.cdata());
      buffer.consume(buffer.size());
      if (self->handlers.ws_message) self->handlers.ws_message(id, msg);
    }
    if (self->sessions.erase(id)) --self->session_count;
    if (self->handlers.ws_closed) self->handlers.ws_closed(id);
  }

  static asio::awaitable<void> writer(std::shared_ptr<Impl> self, std::uint64_t id) {
    for (;;) {
      auto it = self->sessions.find(id);
      if (it == self->sessions.end()) co_return;
      if (it->second.out.empty() || it->second.stalled) {
        it->second.writing = false;
        co_return;
      }
      std::string msg = std::move(it->second.out.front());
      it->second.out.pop_front();
      auto ws = it->second.ws;
      ws->text(true);
      auto [ec, n] = co_await ws->async_write(asio::buffer(msg), use_tuple);
      if (ec) co_return;
    }
  }
};

TlsServer::TlsServer(const TestPki& pki, Handlers handlers)
    : io_(std::make_unique<Io>()), impl_(std::make_shared<Impl>(io_->ctx, pki, std::move(handlers))) {
  asio::co_spawn(impl_->io, Impl::accept_loop(impl_), asio::detached);
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

void TlsServer::stop() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

TlsServer::~TlsServer() {
  stop();
  impl_->sessions.clear();
  impl_->timers.clear();
}

std::uint16_t TlsServer::port() const noexcept { return impl_->port; }

void TlsServer::send(std::uint64_t session, std::string message) {
  asio::post(impl_->io, [impl = impl_, session, m = std::move(message)]() mutable {
    auto it = impl->sessions.find(session);
    if (it == impl->sessions.end()) return;
    it->second.out.push_back(std::move(m));
    if (!it->second.writing && !it->second.stalled) {
      it->second.writing = true;
      asio::co_spawn(impl->io, Impl::writer(impl, session), asio::detached);
    }
  });
}

void TlsServer::close(std::uint64_t session) {
  asio::post(impl_->io, [impl = impl_, session] {
    auto it = impl->sessions.find(session);
    if (it == impl->sessions.end()) return;
    auto ws = it->second.ws;
    ws->async_close(websocket::close_code::going_away, [ws](const error_code&) {});
  });
}

void TlsServer::drop(std::uint64_t session) {
  asio::post(impl_->io, [impl = impl_, session] {
    auto it = impl->sessions.find(session);
    if (it == impl->sessions.end()) return;
    error_code ignored;
    beast::get_lowest_layer(*it->second.ws).socket().close(ignored);
    if (it->second.resume) it->second.resume->cancel();
  });
}

void TlsServer::stall(std::uint64_t session) {
  asio::post(impl_->io, [impl = impl_, session] {
    auto it = impl->sessions.find(session);
    if (it == impl->sessions.end()) return;
    it->second.stalled = true;
    // Abandon the pending read, so the client's pings go unanswered too.
    error_code ignored;
    beast::get_lowest_layer(*it->second.ws).socket().cancel(ignored);
  });
}

void TlsServer::drop_all() {
  asio::post(impl_->io, [impl = impl_] {
    for (auto& [id, s] : impl->sessions) {
      error_code ignored;
      beast::get_lowest_layer(*s.ws).socket().close(ignored);
      if (s.resume) s.resume->cancel();
    }
    for (auto& w : impl->http_streams)
      if (auto s = w.lock()) {
        error_code ignored;
        beast::get_lowest_layer(*s).socket().close(ignored);
      }
    impl->http_streams.clear();
  });
}

void TlsServer::every(Duration period, std::function<void()> fn) {
  asio::post(impl_->io, [impl = impl_, period, fn = std::move(fn)]() mutable {
    auto timer = std::make_shared<asio::steady_timer>(impl->io);
    auto tick = std::make_shared<std::function<void(const error_code&)>>();
    *tick = [timer, period, fn = std::move(fn),
             weak = std::weak_ptr<std::function<void(const error_code&)>>(tick)](const error_code& ec) {
      if (ec) return;
      fn();
      timer->expires_after(to_chrono(period));
      if (auto t = weak.lock()) timer->async_wait(*t);
    };
    impl->timers.push_back({timer, tick});
    timer->expires_after(to_chrono(period));
    timer->async_wait(*tick);
  });
}

std::uint64_t TlsServer::connections_accepted() const noexcept { return impl_->accepted; }
std::size_t TlsServer::ws_sessions() const { return impl_->session_count; }

}  // namespace symphony::test
