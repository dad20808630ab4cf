#include <symphony/venue/aster/aster_venue.hpp>

#include <symphony/net/websocket_client.hpp>
#include <symphony/venue/book_resync.hpp>
#include <symphony/venue/order_tracker.hpp>

#include "venue/aster/errors.hpp"
#include "venue/aster/feed_parser.hpp"
#include "venue/aster/order_params.hpp"
#include "venue/aster/rest_client.hpp"
#include "venue/aster/rest_parser.hpp"
#include "venue/aster/signer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace symphony::venue::aster {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::uint32_t depth_weight(std::uint32_t limit) {
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

std::uint32_t kline_weight(std::uint32_t limit) {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

const char* interval_of(market::Timeframe tf) {
  switch (tf) {
    case market::Timeframe::m1:
      return "1m";
    case market::Timeframe::m5:
      return "5m";
    case market::Timeframe::m15:
      return "15m";
    case market::Timeframe::h1:
      return "1h";
    case market::Timeframe::h4:
      return "4h";
    case market::Timeframe::d1:
      return "1d";
  }
  return "1m";
}

net::Url url_or_throw(const std::string& text, const char* what) {
  std::string err;
  auto u = net::parse_url(text, err);
  if (!u) throw std::invalid_argument(std::string(what) + ": " + err);
  return *u;
}

std::string getenv_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

AsterCredentials credentials_from_environment(const std::string& signing, std::vector<std::string>& missing) {
  AsterCredentials c;
  missing.clear();
  if (signing == "v1") {
    c.api_key = getenv_or_empty("ASTER_API_KEY");
    c.api_secret = getenv_or_empty("ASTER_API_SECRET");
    if (c.api_key.empty()) missing.emplace_back("ASTER_API_KEY");
    if (c.api_secret.empty()) missing.emplace_back("ASTER_API_SECRET");
  } else {
    c.user = getenv_or_empty("ASTER_USER");
    c.signer_key = getenv_or_empty("ASTER_SIGNER_KEY");
    if (c.user.empty()) missing.emplace_back("ASTER_USER");
    if (c.signer_key.empty()) missing.emplace_back("ASTER_SIGNER_KEY");
  }
  return c;
}

// ------------------------------------------------------------------------------ Impl

class Feed;
class Execution;

struct AsterVenue::Impl {
  Impl(net::Reactor& r, AsterConfig c, std::vector<Instrument> instruments, VenueId venue_id,
       std::optional<AsterCredentials> creds, std::uint64_t s);
  ~Impl();

  [[nodiscard]] bool ours(InstrumentId id) const noexcept { return id < symbols.size() && !symbols[id].empty(); }
  bool lookup(std::string_view symbol, InstrumentId& id) const {
    const auto it = ids.find(std::string(symbol));
    if (it == ids.end()) return false;
    id = it->second;
    return true;
  }
  [[nodiscard]] Timestamp now() const { return reactor.clock().now(); }
  void schedule_time_sync();

  net::Reactor& reactor;
  AsterConfig config;
  VenueId venue = 0;
  std::vector<Instrument> instruments;  // ours, each under its process-wide id
  std::vector<InstrumentId> listed;     // their ids, in order
  std::vector<std::string> symbols;     // by instrument id; empty for another venue's
  std::map<std::string, InstrumentId> ids;
  std::uint64_t seed;
  std::unique_ptr<Signer> signer;
  std::unique_ptr<RestClient> rest;
  std::unique_ptr<Feed> feed;
  std::unique_ptr<Execution> execution;
  SymbolLookup symbol_lookup;
  Stats stats;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  bool time_sync_scheduled = false;
};

// ------------------------------------------------------------------------------ Feed

/// Market data: the combined stream of every instrument's diff depth, aggTrade,
/// bookTicker, markPrice and 24h ticker; REST depth snapshots whenever a book must
/// (re)sync; REST klines once at start.
class Feed final : public MarketFeed, public net::WebSocketHandler, private MarketHandlerTap {
 public:
  explicit Feed(AsterVenue::Impl& v) : v_(v), parser_(parser_symbols(v)), resync_({}, v.seed ^ 0xb00cULL) {}

  void set_handler(MarketHandler* handler) override { set_next(handler); }

  void start() override {
    if (running_ || !next_) return;
    running_ = true;
    std::string target = "/stream?streams=";
    for (std::size_t i = 0; i < v_.listed.size(); ++i) {
      const std::string s = lower(v_.symbols[v_.listed[i]]);
      if (i) target += '/';
      target += s + "@depth@" + v_.config.depth_speed + "/" + s + "@aggTrade/" + s + "@bookTicker/" + s +
                "@markPrice@1s/" + s + "@ticker";
    }
    net::Url url = url_or_throw(v_.config.ws_url, "venues.aster.ws_url");
    url.target = target;
    ws_ = std::make_unique<net::WebSocketClient>(v_.reactor, url, net::TlsConfig{v_.config.ca_file}, v_.config.ws,
                                                 *this, v_.seed ^ 0xfeedULL);
    ws_->start();
    warm_up();
  }

  void stop() override {
    running_ = false;
    if (ws_) ws_->stop();
  }

  // WebSocketHandler
  void on_open() override {
    ++v_.stats.feed_connects;
    spdlog::info("aster: market stream connected ({} instruments)", v_.listed.size());
    // Subscribed by the URL; the books restart from a fresh snapshot while the diffs that
    // arrive meanwhile are buffered by the book builder.
    for (const InstrumentId id : v_.listed) {
      next_->on_feed_interrupted(id);
      request_snapshot(id, 0);
    }
  }

  void on_message(std::string_view message, bool) override {
    if (!running_) return;
    ++v_.stats.frames;
    const parse_status st = parser_.on_frame(message, *this, net::WebSocketClient::message_padding);
    if (st == parse_status::malformed) {
      // A lost diff shows up as a pu/u gap on the next one, which resyncs the book.
      if (v_.stats.malformed_frames++ % 1000 == 0)
        spdlog::warn("aster: malformed market frame ({} so far): {:.200}", v_.stats.malformed_frames, message);
    }
  }

  void on_disconnect(std::string_view reason, Duration retry_in) override {
    if (!running_) return;
    spdlog::warn("aster: market stream lost ({}); reconnecting in {}", reason, format_elapsed(retry_in));
    for (const InstrumentId id : v_.listed) next_->on_feed_interrupted(id);
  }

 private:
  static std::vector<FeedParser::Symbol> parser_symbols(const AsterVenue::Impl& v) {
    std::vector<FeedParser::Symbol> out;
    for (const InstrumentId id : v.listed) out.push_back({v.symbols[id], id});
    return out;
  }

  // The tap between the parser and the engine: resync on a gap.
  market::book_status on_book_diff(const market::BookDiff& d) override {
    const market::book_status st = next_->on_book_diff(d);
    if (market::needs_resync(st)) {
      ++v_.stats.resyncs;
      spdlog::warn("aster: {} book out of sequence ({}, diff U={} u={} pu={}); fetching a new snapshot",
                   v_.symbols[d.instrument], market::to_string(st), d.first_update_id, d.last_update_id,
                   d.prev_update_id);
      request_snapshot(d.instrument, 0);
    }
    return st;
  }

  void request_snapshot(InstrumentId id, Duration delay) {
    if (!resync_.begin(id)) return;
    auto go = [this, id, alive = v_.alive] {
      if (!*alive) return;
      if (!running_) {
        resync_.abandon(id);
        return;
      }
      RestCall c;
      c.path = v_.rest->path("depth");
      c.params.add("symbol", v_.symbols[id]).add("limit", std::to_string(v_.config.depth_limit));
      c.weight = depth_weight(v_.config.depth_limit);
      v_.rest->call(std::move(c), [this, id, alive](RestResult&& r) {
        if (!*alive) return;
        if (!running_) {
          resync_.abandon(id);
          return;
        }
        if (!r.ok()) {
          const Duration wait = resync_.failed(id);
          spdlog::warn("aster: {} depth snapshot failed ({}); retrying in {}", v_.symbols[id], r.describe(),
                       format_elapsed(wait));
          request_snapshot(id, wait);
          return;
        }
        ++v_.stats.snapshots;
        const parse_status st = parser_.on_depth_snapshot(r.body, id, v_.now(), *this);
        if (st != parse_status::ok) {
          const Duration wait = resync_.failed(id);
          spdlog::warn("aster: {} depth snapshot is malformed; retrying in {}", v_.symbols[id], format_elapsed(wait));
          request_snapshot(id, wait);
          return;
        }
        if (market::needs_resync(parser_.last_book_status())) {
          // Older than the buffered diffs or otherwise unusable: try again shortly.
          request_snapshot(id, resync_.too_old(id));
          return;
        }
        resync_.synced(id);
      });
    };
    if (delay > 0)
      v_.reactor.schedule_after(delay, std::move(go));
    else
      go();
  }

  void warm_up() {
    if (v_.config.warm_up_bars == 0) return;
    const std::uint32_t limit = std::min<std::uint32_t>(v_.config.warm_up_bars, 1500);
    for (const InstrumentId id : v_.listed) {
      for (const market::Timeframe tf : market::all_timeframes) {
        RestCall c;
        c.path = v_.rest->path("klines");
        c.params.add("symbol", v_.symbols[id]).add("interval", interval_of(tf)).add("limit", std::to_string(limit));
        c.weight = kline_weight(limit);
        v_.rest->call(std::move(c), [this, id, tf, alive = v_.alive](RestResult&& r) {
          if (!*alive || !running_) return;
          std::string err;
          if (!r.ok()) {
            spdlog::warn("aster: {} {} klines for warm-up failed: {}", v_.symbols[id], interval_of(tf), r.describe());
            return;
          }
          const auto bars = parse_klines(r.body, v_.now(), err);
          if (!bars) {
            spdlog::warn("aster: {} {} klines: {}", v_.symbols[id], interval_of(tf), err);
            return;
          }
          const auto st = next_->on_klines(id, tf, *bars);
          if (st != market::warm_up_status::ok)
            spdlog::warn("aster: {} {} klines not loaded: {}", v_.symbols[id], interval_of(tf), market::to_string(st));
        });
      }
    }
  }

  AsterVenue::Impl& v_;
  FeedParser parser_;
  BookResync resync_;  // when each book's snapshot is fetched again
  std::unique_ptr<net::WebSocketClient> ws_;
  bool running_ = false;
};

// ------------------------------------------------------------------------- Execution

/// Order entry, account queries and the user data stream. Every order carries our client
/// id; an answer that is lost leaves the order pending (the engine queries it after its
/// ack timeout), so nothing is ever sent twice. Fills come from the user stream, and
/// whatever a stream outage missed is recovered from userTrades.
class Execution final : public ExecutionClient, public net::WebSocketHandler {
 public:
  explicit Execution(AsterVenue::Impl& v) : v_(v) {}

  void set_handler(ExecutionHandler* handler) override { handler_ = handler; }

  void submit(const OrderRequest& r) override {
    if (!v_.ours(r.instrument)) return reject(r.client_order_id, r.instrument, "unknown instrument");
    if (!valid_client_order_id(r.client_order_id))
      return reject(r.client_order_id, r.instrument, "client order id is not valid for Aster");
    // The latest the venue could still act on this submission: it may wait in the rate
    // limiter for order_max_wait, and the venue takes a signed request for recvWindow
    // after its timestamp (a second more for the clocks' disagreement).
    orders_.submitted(
        r.client_order_id, r.instrument, r.side,
        v_.now() + v_.config.order_max_wait + static_cast<Duration>(v_.config.recv_window_ms) * ns_per_ms + ns_per_s);
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
      answer("new order", id, ins, std::move(res));
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
      if (!*alive) return;
      if (res.code == VenueErrc::already_final || res.code == VenueErrc::unknown_order) {
        // Already final (filled, canceled) or unknown: ask what it is.
        query_order(instrument, client_order_id);
        return;
      }
      answer("cancel", client_order_id, instrument, std::move(res));
    });
  }

  void query_order(InstrumentId instrument, const std::string& client_order_id) override {
    if (!v_.ours(instrument)) return;
    RestCall c;
    c.path = v_.rest->path("order");
    c.params.add("symbol", v_.symbols[instrument]).add("origClientOrderId", client_order_id);
    c.signed_call = true;
    v_.rest->call(std::move(c), [this, instrument, client_order_id, alive = v_.alive](RestResult&& res) {
      if (!*alive) return;
      if (res.code == VenueErrc::unknown_order) {
        // The venue has no such order. While the submission may still be queued or in
        // flight that proves nothing: ask again once it can no longer arrive. After that
        // the request never arrived: final, so a new order (with a new id) may be sent.
        OrderTracker::Order* o = orders_.find(client_order_id);
        const Timestamp now = v_.now();
        if (o && now < o->submit_deadline) {
          spdlog::debug("aster: {} unknown at the venue while its submission may still arrive; asking again",
                        client_order_id);
          if (!o->requery_scheduled) {
            o->requery_scheduled = true;
            v_.reactor.schedule_after(o->submit_deadline - now, [this, instrument, client_order_id, alive = v_.alive] {
              if (!*alive) return;
              if (OrderTracker::Order* k = orders_.find(client_order_id)) k->requery_scheduled = false;
              query_order(instrument, client_order_id);
            });
          }
          return;
        }
        reject(client_order_id, instrument, "unknown at the venue: the order never arrived");
        return;
      }
      answer("query", client_order_id, instrument, std::move(res));
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
      std::string err;
      if (!r.ok() || !parse_ack(r.body, err)) {
        spdlog::warn("aster: cancel all on {} failed: {}", v_.symbols[instrument], r.ok() ? err : r.describe());
        return;
      }
      // The reply names no orders: ask for each one we knew open, so every cancel is
      // answered even while the user stream is down.
      for (const std::string& id : orders_.open_on(instrument)) query_order(instrument, id);
    });
  }

  void request_account() override {
    auto pending = std::make_shared<AccountParts>();
    pending->outstanding = 2 + v_.listed.size();
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
      std::string err;
      if (!r.ok())
        pending->fail("balance: " + r.describe());
      else if (auto w = parse_balance(r.body, v_.config.margin_asset, err))
        pending->wallet = *w;
      else
        pending->fail(err);
      part_done();
    });
    RestCall pos;
    pos.path = v_.rest->path("positionRisk");
    pos.signed_call = true;
    pos.weight = 5;
    v_.rest->call(std::move(pos), [this, pending, part_done](RestResult&& r) {
      std::string err;
      bool hedge = false;
      if (!r.ok()) {
        pending->fail("positionRisk: " + r.describe());
      } else if (auto p = parse_positions(r.body, v_.symbol_lookup, err, &hedge)) {
        pending->positions = std::move(*p);
        pending->hedge_mode = false;
      } else {
        pending->fail(err);
        if (hedge) pending->hedge_mode = true;
      }
      part_done();
    });
    for (const InstrumentId id : v_.listed) {
      RestCall oo;
      oo.path = v_.rest->path("openOrders");
      oo.params.add("symbol", v_.symbols[id]);
      oo.signed_call = true;
      v_.rest->call(std::move(oo), [this, pending, part_done](RestResult&& r) {
        std::string err;
        if (!r.ok()) {
          pending->fail("openOrders: " + r.describe());
        } else if (auto o = parse_orders(r.body, v_.symbol_lookup, err)) {
          for (auto& u : *o) {
            learn(u);
            pending->orders.push_back(std::move(u));
          }
        } else {
          pending->fail(err);
        }
        part_done();
      });
    }
  }

  /// Opens the user data stream (a listen key, then the WebSocket) and keeps it alive.
  void start_user_stream() {
    if (user_started_) return;
    user_started_ = true;
    open_listen_key();
  }

  void stop() {
    user_started_ = false;
    if (ws_) ws_->stop();
  }

  // WebSocketHandler: the user data stream.
  void on_open() override {
    ++v_.stats.user_connects;
    spdlog::info("aster: user data stream connected");
    if (v_.stats.user_connects > 1 || had_orders_) recover_all_fills();
  }

  void on_message(std::string_view message, bool) override {
    std::string err;
    auto ev = parse_user_event(message, v_.symbol_lookup, v_.config.margin_asset, err);
    if (!ev) {
      spdlog::warn("aster: malformed user-stream event: {}", err);
      return;
    }
    switch (ev->kind) {
      case UserEvent::Kind::order: {
        learn(ev->order);
        if (ev->fill) deliver_fill(*ev->fill);
        if (handler_) handler_->on_order_update(ev->order);
        break;
      }
      case UserEvent::Kind::listen_key_expired:
        spdlog::warn("aster: listen key expired; opening a new one");
        open_listen_key();
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
      std::string err;
      if (!r.ok()) {
        spdlog::warn("aster: position mode check failed: {}", r.describe());
        return;  // positionRisk tells at the next account sync
      }
      const auto dual = parse_position_mode(r.body, err);
      if (!dual) {
        spdlog::warn("aster: position mode check: {}", err);
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

  void reject(const std::string& id, InstrumentId instrument, std::string reason) {
    orders_.rejected(id);
    OrderUpdate u;
    u.client_order_id = id;
    u.instrument = instrument;
    u.status = OrderStatus::rejected;
    u.ts = v_.now();
    u.reason = std::move(reason);
    if (handler_) handler_->on_order_update(u);
  }

  void answer(const char* what, const std::string& id, InstrumentId instrument, RestResult&& res) {
    if (res.ok()) {
      std::string err;
      auto u = parse_order(res.body, v_.symbol_lookup, err);
      if (!u) {
        // A 2xx we cannot read: the order may exist. Treat like a lost answer.
        ++v_.stats.unknown_outcomes;
        spdlog::error("aster: {} {}: unreadable answer ({}); the order will be queried", what, id, err);
        return;
      }
      // A query is made when something was lost: recover missing fills at once.
      learn(*u, std::string_view(what) == "query" ? Duration{0} : 2 * ns_per_s);
      if (handler_) handler_->on_order_update(*u);
      return;
    }
    if (res.outcome_unknown) {
      ++v_.stats.unknown_outcomes;
      spdlog::warn("aster: {} {}: outcome unknown ({}); it will be queried, not resent", what, id, res.describe());
      return;
    }
    if (std::string_view(what) == "new order") {
      // Refused (4xx with a venue code, a 429) or never sent: final, nothing exists.
      reject(id, instrument, "venue: " + res.describe());
      return;
    }
    spdlog::warn("aster: {} {} failed: {}", what, id, res.describe());
  }

  // Records venue ids and cumulative fills; when the venue reports more filled than we
  // have fills for, fetches the trades that are missing.
  void learn(const OrderUpdate& u, Duration recover_after = 2 * ns_per_s) {
    had_orders_ = true;
    if (orders_.learn(u).fills_missing()) {
      // User-stream fills usually follow within milliseconds: look again shortly, then
      // recover from REST whatever is still missing.
      const std::string id = u.client_order_id;
      v_.reactor.schedule_after(recover_after, [this, id, alive = v_.alive] {
        if (!*alive) return;
        if (const OrderTracker::Order* o = orders_.find(id); o && o->fills_missing())
          recover_fills(o->instrument, o->venue_order_id);
      });
    }
  }

  void deliver_fill(const Fill& f) {
    if (orders_.accept(f) && handler_) handler_->on_fill(f);
  }

  void recover_all_fills() {
    for (const InstrumentId id : v_.listed) recover_fills(id, 0);
  }

  // userTrades for one symbol (one order when `venue_order_id` is set).
  void recover_fills(InstrumentId instrument, std::uint64_t venue_order_id) {
    RestCall c;
    c.path = v_.rest->path("userTrades");
    c.params.add("symbol", v_.symbols[instrument]);
    if (venue_order_id) c.params.add("orderId", std::to_string(venue_order_id));
    c.signed_call = true;
    c.weight = 5;
    v_.rest->call(std::move(c), [this, alive = v_.alive](RestResult&& r) {
      if (!*alive) return;
      std::string err;
      if (!r.ok()) {
        spdlog::warn("aster: recovering fills failed: {}", r.describe());
        return;
      }
      auto trades = parse_user_trades(r.body, v_.symbol_lookup, err);
      if (!trades) {
        spdlog::warn("aster: userTrades: {}", err);
        return;
      }
      for (auto& t : *trades) {
        auto id = orders_.client_id_of(t.venue_order_id);
        if (!id) continue;  // not an order of this run
        t.fill.client_order_id = std::move(*id);
        if (orders_.delivered(t.fill)) continue;
        ++v_.stats.recovered_fills;
        deliver_fill(t.fill);
      }
    });
  }

  void open_listen_key() {
    RestCall c;
    c.method = net::HttpMethod::post;
    c.path = v_.rest->path("listenKey");
    c.signed_call = true;
    v_.rest->call(std::move(c), [this, alive = v_.alive](RestResult&& r) {
      if (!*alive || !user_started_) return;
      std::string err;
      std::optional<std::string> key;
      if (r.ok()) key = parse_listen_key(r.body, err);
      if (!key) {
        spdlog::warn("aster: listen key: {}; retrying in 5s", r.ok() ? err : r.describe());
        v_.reactor.schedule_after(5 * ns_per_s, [this, alive] {
          if (*alive && user_started_) open_listen_key();
        });
        return;
      }
      const bool changed = *key != listen_key_;
      listen_key_ = *key;
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
      schedule_keepalive();
    });
  }

  void schedule_keepalive() {
    if (keepalive_scheduled_) return;
    keepalive_scheduled_ = true;
    v_.reactor.schedule_after(v_.config.listen_key_keepalive, [this, alive = v_.alive] {
      if (!*alive) return;
      keepalive_scheduled_ = false;
      if (!user_started_) return;
      RestCall c;
      c.method = net::HttpMethod::put;
      c.path = v_.rest->path("listenKey");
      c.signed_call = true;
      v_.rest->call(std::move(c), [this, alive](RestResult&& r) {
        if (!*alive || !user_started_) return;
        if (r.ok()) {
          schedule_keepalive();
          return;
        }
        spdlog::warn("aster: listen key keep-alive failed ({}); opening a new one", r.describe());
        open_listen_key();
      });
    });
  }

  AsterVenue::Impl& v_;
  ExecutionHandler* handler_ = nullptr;
  OrderTracker orders_;  // every order seen, its fills delivered
  std::unique_ptr<net::WebSocketClient> ws_;
  std::string listen_key_;
  bool user_started_ = false;
  bool keepalive_scheduled_ = false;
  bool had_orders_ = false;
  bool hedge_mode_ = false;  // bootstrap refuses a hedge-mode account, so it starts one-way
};

// ------------------------------------------------------------------------ AsterVenue

AsterVenue::Impl::Impl(net::Reactor& r, AsterConfig c, std::vector<Instrument> ins, VenueId venue_id,
                       std::optional<AsterCredentials> creds, std::uint64_t s)
    : reactor(r), config(std::move(c)), venue(venue_id), instruments(std::move(ins)), seed(s) {
  for (const Instrument& in : instruments) {
    if (in.symbol.empty() || ids.contains(in.symbol))
      throw std::invalid_argument("aster: instrument " + std::to_string(in.id) + " has an empty or repeated symbol");
    if (in.id >= symbols.size()) symbols.resize(in.id + 1);
    symbols[in.id] = in.symbol;
    ids[in.symbol] = in.id;
    listed.push_back(in.id);
  }
  symbol_lookup = [this](std::string_view sym, InstrumentId& id) { return lookup(sym, id); };
  SigningScheme scheme = SigningScheme::v3;
  if (config.signing == "v1")
    scheme = SigningScheme::v1;
  else if (config.signing == "v3_legacy")
    scheme = SigningScheme::v3_legacy;
  else if (config.signing != "v3")
    throw std::invalid_argument("venues.aster.signing: '" + config.signing + "' is not v3, v3_legacy or v1");
  if (creds) {
    if (scheme == SigningScheme::v1) {
      signer = std::make_unique<V1Signer>(creds->api_key, creds->api_secret, config.recv_window_ms);
    } else {
      Address user{};
      if (!parse_address(creds->user, user))
        throw std::invalid_argument("ASTER_USER: expected a 0x-prefixed 40-hex-digit wallet address");
      if (scheme == SigningScheme::v3)
        signer = std::make_unique<V3Signer>(creds->signer_key, user, config.chain_id);
      else
        signer = std::make_unique<V3LegacySigner>(creds->signer_key, user, config.recv_window_ms);
    }
  }
  net::HttpsClientConfig http;
  http.max_connections = config.max_connections;
  http.connect_timeout = config.connect_timeout;
  http.request_timeout = config.request_timeout;
  rest = std::make_unique<RestClient>(reactor, url_or_throw(config.rest_url, "venues.aster.rest_url"),
                                      net::TlsConfig{config.ca_file}, http, scheme, signer.get(), config.rate_headroom);
  (void)url_or_throw(config.ws_url, "venues.aster.ws_url");
  feed = std::make_unique<Feed>(*this);
  execution = std::make_unique<Execution>(*this);
}

AsterVenue::Impl::~Impl() {
  *alive = false;
  if (feed) feed->stop();
  if (execution) execution->stop();
  if (rest) rest->close();
}

void AsterVenue::Impl::schedule_time_sync() {
  if (time_sync_scheduled) return;
  time_sync_scheduled = true;
  reactor.schedule_after(config.time_sync_interval, [this, a = alive] {
    if (!*a) return;
    time_sync_scheduled = false;
    rest->sync_time([this, a](const std::string& err) {
      if (!*a) return;
      if (!err.empty()) spdlog::warn("aster: clock sync: {}", err);
      schedule_time_sync();
    });
  });
}

AsterVenue::AsterVenue(net::Reactor& reactor, AsterConfig config, std::vector<Instrument> instruments, VenueId venue,
                       std::optional<AsterCredentials> credentials, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(reactor, std::move(config), std::move(instruments), venue, std::move(credentials),
                                   seed)) {}

AsterVenue::~AsterVenue() = default;

MarketFeed& AsterVenue::feed() { return *impl_->feed; }

ExecutionClient& AsterVenue::execution() {
  if (!impl_->signer) throw std::logic_error("AsterVenue::execution without credentials");
  return *impl_->execution;
}

bool AsterVenue::can_trade() const noexcept { return impl_->signer != nullptr; }

AsterVenue::Stats AsterVenue::stats() const { return impl_->stats; }

namespace {

// The start-up sequence as a chain of REST calls, each step naming what failed.
struct BootstrapRun : std::enable_shared_from_this<BootstrapRun> {
  AsterVenue::Impl& v;
  std::function<void(AsterVenue::Bootstrap)> done;
  AsterVenue::Bootstrap out;
  std::shared_ptr<bool> alive;
  std::size_t pending = 0;

  BootstrapRun(AsterVenue::Impl& venue, std::function<void(AsterVenue::Bootstrap)> d)
      : v(venue), done(std::move(d)), alive(venue.alive) {}

  void fail(const std::string& why) {
    if (!out.error.empty()) return;
    out.error = why;
    auto d = std::move(done);
    out.instruments.clear();
    d(std::move(out));
  }

  void start() {
    auto self = shared_from_this();
    v.rest->sync_time([self](const std::string& err) {
      if (!*self->alive) return;
      if (!err.empty()) return self->fail("cannot reach Aster (" + err + ")");
      const auto skew = self->v.rest->skew();
      spdlog::info("aster: clock offset {} ms (±{} ms)", skew.offset() / ns_per_ms,
                   skew.uncertainty().value_or(0) / ns_per_ms);
      self->exchange_info();
    });
  }

  void exchange_info() {
    RestCall c;
    c.path = v.rest->path("exchangeInfo");
    auto self = shared_from_this();
    v.rest->call(std::move(c), [self](RestResult&& r) {
      if (!*self->alive) return;
      if (!r.ok()) return self->fail("GET " + self->v.rest->path("exchangeInfo") + ": " + r.describe());
      std::string err;
      auto info = parse_exchange_info(r.body, err);
      if (!info) return self->fail(err);
      if (!info->rate_limits.empty()) self->v.rest->set_limits(info->rate_limits);
      for (const Instrument& ours : self->v.instruments) {
        const std::string& want = ours.symbol;
        const auto it = std::find_if(info->symbols.begin(), info->symbols.end(),
                                     [&](const SymbolInfo& s) { return s.instrument.symbol == want; });
        if (it == info->symbols.end()) return self->fail("symbol " + want + " is not listed on Aster");
        if (!it->refused.empty())
          return self->fail("symbol " + want + " cannot be traded here: exchangeInfo: " + it->refused);
        if (it->status != "TRADING")
          return self->fail("symbol " + want + " is not trading on Aster (status " + it->status + ")");
        if (!it->margin_asset.empty() && it->margin_asset != self->v.config.margin_asset)
          return self->fail("symbol " + want + " margins in " + it->margin_asset + ", not " +
                            self->v.config.margin_asset);
        Instrument in = it->instrument;
        in.id = ours.id;
        in.venue = ours.venue;
        self->out.instruments.push_back(in);
      }
      if (self->v.signer)
        self->account_setup();
      else
        self->finish();
    });
  }

  void account_setup() {
    RestCall mode;
    mode.path = v.rest->path("positionSide/dual");
    mode.signed_call = true;
    mode.weight = 30;
    auto self = shared_from_this();
    v.rest->call(std::move(mode), [self](RestResult&& r) {
      if (!*self->alive) return;
      if (!r.ok()) return self->fail("GET " + self->v.rest->path("positionSide/dual") + ": " + r.describe());
      std::string err;
      const auto dual = parse_position_mode(r.body, err);
      if (!dual) return self->fail(err);
      if (*dual)
        return self->fail(
            "the Aster account is in hedge (dual-side) position mode; symphonyd trades one-way mode only");
      self->per_symbol_settings();
    });
  }

  void per_symbol_settings() {
    auto self = shared_from_this();
    pending = 1;
    for (const InstrumentId id : v.listed) {
      const std::string& sym = v.symbols[id];
      if (v.config.leverage > 0) {
        ++pending;
        RestCall c;
        c.method = net::HttpMethod::post;
        c.path = v.rest->path("leverage");
        c.params.add("symbol", sym).add("leverage", std::to_string(v.config.leverage));
        c.signed_call = true;
        v.rest->call(std::move(c), [self, sym](RestResult&& r) {
          if (!*self->alive) return;
          std::string err;
          if (!r.ok() || !parse_leverage(r.body, err))
            return self->fail("set leverage on " + sym + ": " + (r.ok() ? err : r.describe()));
          self->step_done();
        });
      }
      if (!v.config.margin_type.empty()) {
        ++pending;
        RestCall c;
        c.method = net::HttpMethod::post;
        c.path = v.rest->path("marginType");
        c.params.add("symbol", sym).add("marginType", v.config.margin_type);
        c.signed_call = true;
        v.rest->call(std::move(c), [self, sym](RestResult&& r) {
          if (!*self->alive) return;
          if (!r.ok() && r.code != VenueErrc::no_change)  // already that margin type
            return self->fail("set margin type on " + sym + ": " + r.describe());
          self->step_done();
        });
      }
    }
    step_done();
  }

  void step_done() {
    if (--pending == 0) balance();
  }

  void balance() {
    RestCall c;
    c.path = v.rest->path("balance");
    c.signed_call = true;
    c.weight = 5;
    auto self = shared_from_this();
    v.rest->call(std::move(c), [self](RestResult&& r) {
      if (!*self->alive) return;
      if (!r.ok()) return self->fail("GET " + self->v.rest->path("balance") + ": " + r.describe());
      std::string err;
      const auto w = parse_balance(r.body, self->v.config.margin_asset, err);
      if (!w) return self->fail(err);
      self->out.wallet_balance = *w;
      self->finish();
    });
  }

  void finish() {
    if (!out.error.empty()) return;
    v.schedule_time_sync();
    if (v.signer) v.execution->start_user_stream();
    auto d = std::move(done);
    d(std::move(out));
  }
};

}  // namespace

void AsterVenue::bootstrap(std::function<void(Bootstrap)> done) {
  std::make_shared<BootstrapRun>(*impl_, std::move(done))->start();
}

}  // namespace symphony::venue::aster
