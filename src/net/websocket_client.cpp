#include <symphony/net/websocket_client.hpp>

#include "net/reactor_impl.hpp"

#include <deque>

namespace symphony::net {

using namespace detail;

namespace {
using steady = std::chrono::steady_clock;
using ws_stream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
}  // namespace

struct WebSocketClient::Impl : std::enable_shared_from_this<WebSocketClient::Impl> {
  Impl(Reactor& r, Url u, TlsConfig tls, WebSocketConfig c, WebSocketHandler& h, std::uint64_t seed)
      : io(r.impl().io),
        url(std::move(u)),
        ctx(make_client_context(tls.ca_file)),
        config(c),
        handler(&h),
        backoff(c.backoff, seed),
        resolver(io),
        wake(io) {}

  struct Outgoing {
    bool ping = false;
    std::string text;
  };

  asio::io_context& io;
  Url url;
  std::string shown_target;  // how the target appears in messages (empty: as it is)
  ssl::context ctx;
  WebSocketConfig config;
  WebSocketHandler* handler;  // null once stopped: no callback after stop()
  Backoff backoff;
  tcp::resolver resolver;
  asio::steady_timer wake;  // backoff waits
  std::shared_ptr<ws_stream> ws;
  std::uint64_t session = 0;  // bumped per connection; stale coroutines exit
  bool running = false;
  bool open = false;
  bool writing = false;
  std::deque<Outgoing> out;
  steady::time_point last_frame = steady::now();
  std::uint64_t connects = 0;
  std::uint64_t messages = 0;
  std::string drop_reason;

  void start() {
    if (running) return;
    running = true;
    asio::co_spawn(io, run(shared_from_this()), asio::detached);
  }

  void stop() {
    running = false;
    handler = nullptr;
    ++session;
    resolver.cancel();
    wake.cancel();
    out.clear();
    if (ws && open) {
      // A close frame, bounded by the stream's handshake timeout; the socket is closed
      // either way.
      auto s = ws;
      open = false;
      s->async_close(websocket::close_code::normal, [s](const error_code&) {});
    } else if (ws) {
      error_code ignored;
      beast::get_lowest_layer(*ws).socket().close(ignored);
    }
  }

  void kill(std::string reason) {
    if (!ws) return;
    drop_reason = std::move(reason);
    error_code ignored;
    beast::get_lowest_layer(*ws).socket().close(ignored);
  }

  bool send(Outgoing m) {
    if (!open) return false;
    out.push_back(std::move(m));
    if (!writing) asio::co_spawn(io, writer(shared_from_this(), session), asio::detached);
    return true;
  }

  static asio::awaitable<void> writer(std::shared_ptr<Impl> self, std::uint64_t session) {
    self->writing = true;
    while (self->session == session && !self->out.empty()) {
      Outgoing m = std::move(self->out.front());
      self->out.pop_front();
      auto s = self->ws;
      if (m.ping) {
        auto [ec] = co_await s->async_ping({}, use_tuple);
        if (ec) break;
      } else {
        s->text(true);
        auto [ec, n] = co_await s->async_write(asio::buffer(m.text), use_tuple);
        if (ec) break;
      }
    }
    if (self->session == session) self->writing = false;
  }

  static asio::awaitable<void> pinger(std::shared_ptr<Impl> self, std::uint64_t session) {
    asio::steady_timer t(self->io);
    const Duration tick =
        std::max<Duration>(std::min(self->config.ping_interval, self->config.stall_timeout / 4), 10 * ns_per_ms);
    auto next_ping = steady::now() + to_chrono(self->config.ping_interval);
    while (self->session == session && self->open) {
      t.expires_after(to_chrono(tick));
      auto [ec] = co_await t.async_wait(use_tuple);
      if (ec || self->session != session || !self->open) co_return;
      const auto now = steady::now();
      if (now - self->last_frame > to_chrono(self->config.stall_timeout)) {
        self->kill("stalled: no frame for " + format_elapsed(self->config.stall_timeout));
        co_return;
      }
      if (now >= next_ping) {
        next_ping = now + to_chrono(self->config.ping_interval);
        self->send({true, {}});
      }
    }
  }

  // Resolve, TCP, TLS and the upgrade under one deadline; an error message or "".
  asio::awaitable<std::string> connect(std::shared_ptr<ws_stream> s) {
    Resolved res = co_await resolve(resolver, url.host, url.port, config.connect_timeout);
    if (res.ec) co_return "resolve " + url.host + ": " + (res.timed_out ? "timed out" : res.ec.message());
    const auto& endpoints = res.endpoints;
    auto& tcp_layer = beast::get_lowest_layer(*s);
    tcp_layer.expires_after(to_chrono(config.connect_timeout));
    auto [cec, ep] = co_await tcp_layer.async_connect(endpoints, use_tuple);
    if (cec) co_return "connect " + url.origin() + ": " + describe(cec);
    tcp_layer.socket().set_option(tcp::no_delay(true));
    std::string err;
    if (!prepare_tls(s->next_layer().native_handle(), url.host, err)) co_return err;
    auto [hec] = co_await s->next_layer().async_handshake(ssl::stream_base::client, use_tuple);
    if (hec)
      co_return "TLS handshake with " + url.origin() + ": " + describe_handshake(s->next_layer().native_handle(), hec);
    // The WebSocket stream keeps its own timeouts from here on.
    tcp_layer.expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = to_chrono(config.connect_timeout);
    t.idle_timeout = websocket::stream_base::none();
    t.keep_alive_pings = false;
    s->set_option(t);
    s->read_message_max(config.max_message_bytes);
    std::string host = url.host;
    if (url.port != 443) host += ":" + std::to_string(url.port);
    auto [wec] = co_await s->async_handshake(host, url.target, use_tuple);
    if (wec)
      co_return "WebSocket upgrade at " + url.origin() + (shown_target.empty() ? url.target : shown_target) + ": " +
          describe(wec);
    co_return "";
  }

  static asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    while (self->running) {
      const std::uint64_t session = ++self->session;
      auto s = std::make_shared<ws_stream>(self->io, self->ctx);
      self->ws = s;
      self->drop_reason.clear();
      std::string reason = co_await self->connect(s);
      if (self->session != session) co_return;  // stopped meanwhile
      bool had_messages = false;
      if (reason.empty()) {
        ++self->connects;
        self->open = true;
        self->writing = false;
        self->out.clear();
        self->last_frame = steady::now();
        // Weak: the stream is owned by the state, so a strong capture would be a cycle.
        s->control_callback([weak = std::weak_ptr<Impl>(self), session](websocket::frame_type, beast::string_view) {
          const auto me = weak.lock();
          if (me && me->session == session) me->last_frame = steady::now();
        });
        if (self->handler) self->handler->on_open();
        asio::co_spawn(self->io, pinger(self, session), asio::detached);
        beast::flat_buffer buffer;
        for (;;) {
          auto [ec, n] = co_await s->async_read(buffer, use_tuple);
          if (self->session != session) co_return;
          if (ec) {
            if (!self->drop_reason.empty())
              reason = self->drop_reason;
            else if (ec == websocket::error::closed)
              reason = "closed by server (" + std::to_string(s->reason().code) +
                       (s->reason().reason.empty()
                            ? std::string()
                            : " " + std::string(s->reason().reason.data(), s->reason().reason.size())) +
                       ")";
            else
              reason = describe(ec);
            break;
          }
          self->last_frame = steady::now();
          ++self->messages;
          if (!had_messages) {
            had_messages = true;
            self->backoff.reset();  // a connection that delivered data was healthy
          }
          buffer.prepare(message_padding);  // slack after the message: parsers read ahead in place
          const auto data = buffer.cdata();
          if (self->handler)
            self->handler->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()),
                                      !s->got_text());
          buffer.consume(buffer.size());
          if (self->session != session) co_return;  // the handler stopped or reconnected us
        }
        self->open = false;
      }
      error_code ignored;
      beast::get_lowest_layer(*s).socket().close(ignored);
      if (!self->running) co_return;
      const Duration delay = self->backoff.next();
      if (self->handler) self->handler->on_disconnect(reason, delay);
      if (!self->running || self->session != session) co_return;
      self->wake.expires_after(to_chrono(delay));
      auto [wec] = co_await self->wake.async_wait(use_tuple);
      if (self->session != session) co_return;
      (void)wec;  // reconnect() cancels the wait to skip it
    }
  }
};

WebSocketClient::WebSocketClient(Reactor& reactor, Url url, TlsConfig tls, WebSocketConfig config,
                                 WebSocketHandler& handler, std::uint64_t seed)
    : impl_(std::make_shared<Impl>(reactor, std::move(url), std::move(tls), config, handler, seed)) {}

WebSocketClient::~WebSocketClient() { impl_->stop(); }

void WebSocketClient::start() { impl_->start(); }
void WebSocketClient::stop() { impl_->stop(); }
bool WebSocketClient::send(std::string message) { return impl_->send({false, std::move(message)}); }
void WebSocketClient::set_target(std::string target) { impl_->url.target = std::move(target); }
void WebSocketClient::set_shown_target(std::string shown) { impl_->shown_target = std::move(shown); }
void WebSocketClient::reconnect(std::string_view reason) { impl_->kill(std::string(reason)); }
bool WebSocketClient::connected() const noexcept { return impl_->open; }
std::uint64_t WebSocketClient::connects() const noexcept { return impl_->connects; }
std::uint64_t WebSocketClient::messages() const noexcept { return impl_->messages; }

}  // namespace symphony::net
