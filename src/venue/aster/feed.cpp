#include <symphony/net/websocket_client.hpp>
#include <symphony/venue/book_resync.hpp>

#include "venue/aster/endpoints.hpp"
#include "venue/aster/feed_parser.hpp"
#include "venue/aster/parts.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace symphony::venue::aster {

namespace {

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
    for (std::size_t i = 0; i < v_.symbols.listed().size(); ++i) {
      const std::string s = lower(v_.symbols[v_.symbols.listed()[i]]);
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
    spdlog::info("aster: market stream connected ({} instruments)", v_.symbols.listed().size());
    // Subscribed by the URL; the books restart from a fresh snapshot while the diffs that
    // arrive meanwhile are buffered by the book builder.
    for (const InstrumentId id : v_.symbols.listed()) {
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
    for (const InstrumentId id : v_.symbols.listed()) next_->on_feed_interrupted(id);
  }

 private:
  static std::vector<FeedParser::Symbol> parser_symbols(const AsterVenue::Impl& v) {
    std::vector<FeedParser::Symbol> out;
    for (const InstrumentId id : v.symbols.listed()) out.push_back({v.symbols[id], id});
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
    for (const InstrumentId id : v_.symbols.listed()) {
      for (const market::Timeframe tf : market::all_timeframes) {
        RestCall c;
        c.path = v_.rest->path("klines");
        c.params.add("symbol", v_.symbols[id]).add("interval", interval_of(tf)).add("limit", std::to_string(limit));
        c.weight = kline_weight(limit);
        v_.rest->call(std::move(c), [this, id, tf, alive = v_.alive](RestResult&& r) {
          if (!*alive || !running_) return;
          if (!r.ok()) {
            spdlog::warn("aster: {} {} klines for warm-up failed: {}", v_.symbols[id], interval_of(tf), r.describe());
            return;
          }
          const auto bars = parse_klines(r.body, v_.now());
          if (!bars) {
            spdlog::warn("aster: {} {} klines: {}", v_.symbols[id], interval_of(tf), bars.error().what);
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

}  // namespace

std::unique_ptr<MarketFeed> make_feed(AsterVenue::Impl& v) { return std::make_unique<Feed>(v); }

}  // namespace symphony::venue::aster
