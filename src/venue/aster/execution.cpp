#include <symphony/net/websocket_client.hpp>
#include <symphony/venue/order_flow.hpp>

#include "venue/aster/endpoints.hpp"
#include "venue/aster/errors.hpp"
#include "venue/aster/order_params.hpp"
#include "venue/aster/parts.hpp"

#include <spdlog/spdlog.h>

namespace symphony::venue::aster {

namespace {

/// Order entry, account queries and the user data stream. Every order carries our client
/// id; what the answers mean is `OrderFlow`'s (a lost one is queried, never resent). Fills
/// come from the user stream, and whatever a stream outage missed from userTrades.
class Execution final : public ExecutionPart, public net::WebSocketHandler {
 public:
  explicit Execution(AsterVenue::Impl& v)
      : v_(v),
        flow_(v.reactor, "aster",
              {[this](InstrumentId ins, const std::string& id) { query_order(ins, id); },
               [this](InstrumentId ins, std::uint64_t venue_order_id) { fetch_trades(ins, venue_order_id); },
               [&v](std::string_view body) { return parse_order(body, v.symbol_lookup); }}) {}

  void set_handler(ExecutionHandler* handler) override {
    handler_ = handler;
    flow_.set_handler(handler);
  }

  void submit(const OrderRequest& r) override {
    if (!v_.ours(r.instrument)) return flow_.reject(r.client_order_id, r.instrument, "unknown instrument");
    if (!valid_client_order_id(r.client_order_id))
      return flow_.reject(r.client_order_id, r.instrument, "client order id is not valid for Aster");
    // The latest the venue could still act on this submission: it may wait in the rate
    // limiter for order_max_wait, and the venue takes a signed request for recvWindow
    // after its timestamp (a second more for the clocks' disagreement).
    flow_.submitted(r, v_.now() + v_.config.order_max_wait +
                           static_cast<Duration>(v_.config.recv_window_ms) * ns_per_ms + ns_per_s);
    RestCall c;
    c.method = net::HttpMethod::post;
    c.path = v_.rest->path("order");
    c.params = order_params(r, v_.symbols[r.instrument]);
    c.signed_call = true;
    c.orders = 1;
    c.max_wait = v_.config.order_max_wait;
    const std::string id = r.client_order_id;
    const InstrumentId ins = r.instrument;
    v_.rest->call(std::move(c), [this, id, ins, alive = v_.alive](RestResult&& res) {
      if (!*alive) return;
      flow_.answered(OrderFlow::Call::submit, id, ins, res);
    });
  }

  void cancel(InstrumentId instrument, const std::string& client_order_id) override {
    if (!v_.ours(instrument)) return;
    RestCall c;
    c.method = net::HttpMethod::del;
    c.path = v_.rest->path("order");
    c.params.add("symbol", v_.symbols[instrument]).add("origClientOrderId", client_order_id);
    c.signed_call = true;
    v_.rest->call(std::move(c), [this, instrument, client_order_id, alive = v_.alive](RestResult&& res) {
      if (*alive) flow_.answered(OrderFlow::Call::cancel, client_order_id, instrument, res);
    });
  }

  void query_order(InstrumentId instrument, const std::string& client_order_id) override {
    if (!v_.ours(instrument)) return;
    RestCall c;
    c.path = v_.rest->path("order");
    c.params.add("symbol", v_.symbols[instrument]).add("origClientOrderId", client_order_id);
    c.signed_call = true;
    v_.rest->call(std::move(c), [this, instrument, client_order_id, alive = v_.alive](RestResult&& res) {
      if (*alive) flow_.answered(OrderFlow::Call::query, client_order_id, instrument, res);
    });
  }

  void cancel_all(InstrumentId instrument) override {
    if (!v_.ours(instrument)) return;
    RestCall c;
    c.method = net::HttpMethod::del;
    c.path = v_.rest->path("allOpenOrders");
    c.params.add("symbol", v_.symbols[instrument]);
    c.signed_call = true;
    v_.rest->call(std::move(c), [this, instrument, alive = v_.alive](RestResult&& r) {
      if (!*alive) return;
      const auto ack = r.ok() ? parse_ack(r.body) : result<void, Failure>(r.as_failure("DELETE allOpenOrders"));
      if (!ack) {
        spdlog::warn("aster: cancel all on {} failed: {}", v_.symbols[instrument], ack.error().what);
        return;
      }
      flow_.all_canceled(instrument);
    });
  }

  void request_account() override {
    auto pending = std::make_shared<AccountParts>();
    pending->outstanding = 2 + v_.symbols.listed().size();
    const Timestamp requested = v_.now();
    auto part_done = [this, pending, requested, alive = v_.alive] {
      if (!*alive || --pending->outstanding > 0) return;
      if (pending->hedge_mode) set_hedge_mode(*pending->hedge_mode);
      if (!pending->error.empty()) {
        spdlog::warn("aster: account snapshot incomplete: {}", pending->error);
        return;  // the engine asks again after its ack timeout
      }
      AccountSnapshot a;
      a.venue = v_.venue;
      a.ts = v_.now();
      a.requested_ts = requested;
      a.lists_flat = true;  // positionRisk has a row for every symbol, flat ones too
      a.wallet_balance = pending->wallet;
      a.positions = std::move(pending->positions);
      a.open_orders = std::move(pending->orders);
      if (handler_) handler_->on_account(a);
    };
    RestCall bal;
    bal.path = v_.rest->path("balance");
    bal.signed_call = true;
    bal.weight = 5;
    v_.rest->call(std::move(bal), [this, pending, part_done](RestResult&& r) {
      if (!r.ok())
        pending->fail("balance: " + r.describe());
      else if (auto w = parse_balance(r.body, v_.config.margin_asset))
        pending->wallet = *w;
      else
        pending->fail(w.error().what);
      part_done();
    });
    RestCall pos;
    pos.path = v_.rest->path("positionRisk");
    pos.signed_call = true;
    pos.weight = 5;
    v_.rest->call(std::move(pos), [this, pending, part_done](RestResult&& r) {
      if (!r.ok()) {
        pending->fail("positionRisk: " + r.describe());
      } else if (auto p = parse_positions(r.body, v_.symbol_lookup)) {
        pending->positions = std::move(*p);
        pending->hedge_mode = false;
      } else {
        pending->fail(p.error().what);
        if (p.error().code == VenueErrc::unsupported_account) pending->hedge_mode = true;
      }
      part_done();
    });
    for (const InstrumentId id : v_.symbols.listed()) {
      RestCall oo;
      oo.path = v_.rest->path("openOrders");
      oo.params.add("symbol", v_.symbols[id]);
      oo.signed_call = true;
      v_.rest->call(std::move(oo), [this, pending, part_done](RestResult&& r) {
        if (!r.ok()) {
          pending->fail("openOrders: " + r.describe());
        } else if (auto o = parse_orders(r.body, v_.symbol_lookup)) {
          for (auto& u : *o) {
            flow_.listed(u);
            pending->orders.push_back(std::move(u));
          }
        } else {
          pending->fail(o.error().what);
        }
        part_done();
      });
    }
  }

  /// Opens the user data stream (a listen key, then the WebSocket) and keeps it alive.
  void start_user_stream() override {
    if (user_started_) return;
    user_started_ = true;
    listen_key_flow_.renew();
  }

  [[nodiscard]] OrderFlow::Counts order_counts() const override { return flow_.counts(); }

  void stop() override {
    user_started_ = false;
    listen_key_flow_.stop();
    if (ws_) ws_->stop();
  }

  // WebSocketHandler: the user data stream.
  void on_open() override {
    ++v_.stats.user_connects;
    failed_connects_ = 0;
    spdlog::info("aster: user data stream connected");
    // Whatever fills the outage missed.
    if (v_.stats.user_connects > 1 || flow_.any())
      for (const InstrumentId id : v_.symbols.listed()) fetch_trades(id, 0);
  }

  void on_message(std::string_view message, bool) override {
    auto ev = parse_user_event(message, v_.symbol_lookup, v_.config.margin_asset);
    if (!ev) {
      spdlog::warn("aster: malformed user-stream event: {}", ev.error().what);
      return;
    }
    switch (ev->kind) {
      case UserEvent::Kind::order: {
        flow_.update(ev->order, ev->fill ? &*ev->fill : nullptr);
        break;
      }
      case UserEvent::Kind::listen_key_expired:
        spdlog::warn("aster: listen key expired; opening a new one");
        listen_key_flow_.renew();
        break;
      case UserEvent::Kind::config:
        // The documented event names leverage and multi-assets changes only; a switch of
        // the position mode may come with it (or alone): ask the venue which mode it is in.
        check_position_mode();
        break;
      case UserEvent::Kind::account:
        // Hedge legs while we think the account one-way: ask (once blocked, positionRisk
        // and configuration events tell when it is one-way again).
        if (ev->hedge_legs && !hedge_mode_) check_position_mode();
        break;  // balances and positions are reconciled from REST every loop tick
      case UserEvent::Kind::other:
        break;
    }
  }

  void on_disconnect(std::string_view reason, Duration retry_in) override {
    if (!user_started_) return;
    spdlog::warn("aster: user data stream lost ({}); reconnecting in {}", reason, format_elapsed(retry_in));
    // The key may have expired while the stream was down (so no expiry event came): after
    // a few failures in a row, ask for it again (the venue answers the same key while it
    // is valid, and a new one when it is not).
    if (++failed_connects_ % renew_after_failures == 0) listen_key_flow_.renew();
  }

 private:
  /// Asks `GET positionSide/dual` which position mode the account is in.
  void check_position_mode() {
    RestCall c;
    c.path = v_.rest->path("positionSide/dual");
    c.signed_call = true;
    c.weight = 30;
    v_.rest->call(std::move(c), [this, alive = v_.alive](RestResult&& r) {
      if (!*alive) return;
      if (!r.ok()) {
        spdlog::warn("aster: position mode check failed: {}", r.describe());
        return;  // positionRisk tells at the next account sync
      }
      const auto dual = parse_position_mode(r.body);
      if (!dual) {
        spdlog::warn("aster: position mode check: {}", dual.error().what);
        return;
      }
      set_hedge_mode(*dual);
    });
  }

  /// Blocks trading while the account is in hedge mode, and unblocks it once it is not.
  void set_hedge_mode(bool hedge) {
    if (hedge == hedge_mode_) return;
    hedge_mode_ = hedge;
    if (hedge)
      spdlog::error("aster: {}", hedge_mode_error);
    else
      spdlog::info("aster: the account is in one-way mode again");
    if (handler_)
      handler_->on_trading_blocked(v_.venue, hedge ? std::string("aster: ") + hedge_mode_error : std::string());
  }

  struct AccountParts {
    std::size_t outstanding = 0;
    Money wallet;
    std::vector<VenuePosition> positions;
    std::vector<OrderUpdate> orders;
    std::optional<bool> hedge_mode;  ///< what positionRisk said about the position mode
    std::string error;
    void fail(std::string e) {
      if (error.empty()) error = std::move(e);
    }
  };

  // userTrades for one symbol (one order when `venue_order_id` is set).
  void fetch_trades(InstrumentId instrument, std::uint64_t venue_order_id) {
    RestCall c;
    c.path = v_.rest->path("userTrades");
    c.params.add("symbol", v_.symbols[instrument]);
    if (venue_order_id) c.params.add("orderId", std::to_string(venue_order_id));
    c.signed_call = true;
    c.weight = 5;
    v_.rest->call(std::move(c), [this, alive = v_.alive](RestResult&& r) {
      if (!*alive) return;
      if (!r.ok()) {
        spdlog::warn("aster: recovering fills failed: {}", r.describe());
        return;
      }
      auto trades = parse_user_trades(r.body, v_.symbol_lookup);
      if (!trades) {
        spdlog::warn("aster: userTrades: {}", trades.error().what);
        return;
      }
      for (auto& t : *trades) flow_.recovered(std::move(t.fill), t.venue_order_id);
    });
  }

  // A listen key opened: the stream connects with it (again, when it is a new one).
  void use_listen_key(const std::string& key) {
    const bool changed = key != listen_key_;
    listen_key_ = key;
    if (!ws_) {
      net::Url url = url_or_throw(v_.config.ws_url, "venues.aster.ws_url");
      url.target = "/ws/" + listen_key_;
      ws_ = std::make_unique<net::WebSocketClient>(v_.reactor, url, net::TlsConfig{v_.config.ca_file}, v_.config.ws,
                                                   *this, v_.seed ^ 0x05e7ULL);
      ws_->set_shown_target("/ws/<listen key>");  // the key is a credential: never in a log
      ws_->start();
    } else if (changed) {
      ws_->set_target("/ws/" + listen_key_);
      ws_->reconnect("new listen key");
    }
  }

  AsterVenue::Impl& v_;
  ExecutionHandler* handler_ = nullptr;
  OrderFlow flow_;  // every order seen, its fills delivered
  static constexpr unsigned renew_after_failures = 3;

  std::unique_ptr<net::WebSocketClient> ws_;
  ListenKey listen_key_flow_{v_, [this](const std::string& key) { use_listen_key(key); }};
  std::string listen_key_;
  unsigned failed_connects_ = 0;  // of the user stream, since it was last connected
  bool user_started_ = false;
  bool hedge_mode_ = false;  // bootstrap refuses a hedge-mode account, so it starts one-way
};

}  // namespace

std::unique_ptr<ExecutionPart> make_execution(AsterVenue::Impl& v) { return std::make_unique<Execution>(v); }

}  // namespace symphony::venue::aster
