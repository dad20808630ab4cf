#include "feed_parser.hpp"

#include <algorithm>

namespace symphony::venue::aster {

namespace {

namespace od = simdjson::ondemand;

// Decimal strings ("61800.20") to fixed point, exactly.
template <class F>
bool decimal(od::value v, F& out) noexcept {
  std::string_view text;
  if (v.get_string().get(text)) return false;
  auto parsed = F::parse(text);
  if (!parsed) return false;
  out = *parsed;
  return true;
}

template <class F>
bool decimal_field(od::object& o, std::string_view key, F& out) noexcept {
  od::value v;
  if (o[key].get(v)) return false;
  return decimal(v, out);
}

bool uint_field(od::object& o, std::string_view key, std::uint64_t& out) noexcept {
  return !o[key].get_uint64().get(out);
}

}  // namespace

std::string_view to_string(parse_status s) noexcept {
  switch (s) {
    case parse_status::ok:
      return "ok";
    case parse_status::ignored:
      return "ignored";
    case parse_status::malformed:
      return "malformed";
  }
  return "unknown";
}

FeedParser::FeedParser(std::vector<Symbol> symbols) : symbols_(std::move(symbols)) {
  InstrumentId max_id = 0;
  for (const auto& sym : symbols_) max_id = std::max(max_id, sym.id);
  best_.resize(symbols_.empty() ? 0 : max_id + 1);
  buffer_.reserve(1 << 16);
  bids_.reserve(4096);
  asks_.reserve(4096);
}

simdjson::padded_string_view FeedParser::pad(std::string_view text) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: keep them in our buffer.
  buffer_.assign(text);
  if (buffer_.capacity() < text.size() + simdjson::SIMDJSON_PADDING)
    buffer_.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  return simdjson::padded_string_view(buffer_.data(), text.size(), buffer_.capacity());
}

bool FeedParser::lookup(std::string_view symbol, InstrumentId& id) const noexcept {
  for (const auto& s : symbols_) {
    if (s.name == symbol) {
      id = s.id;
      return true;
    }
  }
  return false;
}

bool FeedParser::levels(od::array arr, std::vector<market::Level>& out) {
  out.clear();
  for (auto item : arr) {
    od::array pair;
    if (item.get_array().get(pair)) return false;
    auto it = pair.begin();
    if (it == pair.end()) return false;
    market::Level l;
    if (!decimal(*it, l.price)) return false;
    ++it;
    if (it == pair.end() || !decimal(*it, l.qty)) return false;
    out.push_back(l);
  }
  return true;
}

parse_status FeedParser::on_frame(std::string_view frame, MarketHandler& handler) {
  od::document doc;
  od::object root;
  if (parser_.iterate(pad(frame)).get(doc) || doc.get_object().get(root)) {
    ++malformed_;
    return parse_status::malformed;
  }
  // Combined streams wrap the event: {"stream":"btcusdt@depth","data":{...}}.
  od::object data;
  std::string_view first_key;
  for (auto field : root) {
    if (field.unescaped_key().get(first_key)) break;
    if (first_key == "stream") continue;
    if (first_key == "data") {
      if (field.value().get_object().get(data)) {
        ++malformed_;
        return parse_status::malformed;
      }
      const parse_status st = dispatch(data, handler);
      if (st == parse_status::malformed) ++malformed_;
      return st;
    }
    break;
  }
  // A raw frame: start over on the whole object.
  root.reset();
  const parse_status st = dispatch(root, handler);
  if (st == parse_status::malformed) ++malformed_;
  return st;
}

parse_status FeedParser::dispatch(od::object data, MarketHandler& handler) {
  std::string_view event;
  if (data["e"].get_string().get(event)) {
    // Subscription acks ({"result":null,"id":1}) carry no event type.
    return parse_status::ignored;
  }
  // Only events we consume must name a symbol at the top (forceOrder nests it, for one).
  if (event != "depthUpdate" && event != "trade" && event != "aggTrade" && event != "bookTicker" &&
      event != "markPriceUpdate" && event != "24hrTicker")
    return parse_status::ignored;
  std::string_view symbol;
  if (data["s"].get_string().get(symbol)) return parse_status::malformed;
  InstrumentId id = 0;
  if (!lookup(symbol, id)) return parse_status::ignored;
  if (event == "depthUpdate") return depth(data, id, handler);
  if (event == "trade") return trade(data, id, false, handler);
  if (event == "aggTrade") return trade(data, id, true, handler);
  if (event == "bookTicker") return book_ticker(data, id);
  if (event == "markPriceUpdate") return mark_price(data, id, handler);
  if (event == "24hrTicker") return ticker(data, id, handler);
  return parse_status::ignored;
}

parse_status FeedParser::depth(od::object data, InstrumentId id, MarketHandler& handler) {
  // Fields in the order the venue sends them: E, T, s, U, u, pu, b, a. On-demand parsing
  // reads forward, so each lookup continues from the previous one.
  std::uint64_t event_ms = 0, first = 0, last = 0, prev = 0;
  od::array b, a;
  if (!uint_field(data, "E", event_ms) || !uint_field(data, "U", first) || !uint_field(data, "u", last) ||
      !uint_field(data, "pu", prev) || data["b"].get_array().get(b) || !levels(b, bids_) ||
      data["a"].get_array().get(a) || !levels(a, asks_))
    return parse_status::malformed;
  const market::BookDiff diff{id, static_cast<Timestamp>(event_ms) * ns_per_ms, first, last, prev, bids_, asks_};
  last_book_ = handler.on_book_diff(diff);
  return parse_status::ok;
}

parse_status FeedParser::trade(od::object data, InstrumentId id, bool aggregated, MarketHandler& handler) {
  // trade: E, T, s, t, p, q, X, m; aggTrade: E, s, a, p, q, f, l, T, m. Look keys up by name.
  std::uint64_t trade_id = 0, trade_ms = 0;
  market::TradeTick t;
  t.instrument = id;
  bool buyer_is_maker = false;
  if (!uint_field(data, aggregated ? "a" : "t", trade_id) || !decimal_field(data, "p", t.price) ||
      !decimal_field(data, "q", t.qty) || !uint_field(data, "T", trade_ms) || data["m"].get_bool().get(buyer_is_maker))
    return parse_status::malformed;
  t.ts = static_cast<Timestamp>(trade_ms) * ns_per_ms;
  t.trade_id = trade_id;
  // m = buyer is the maker, so the taker sold.
  t.aggressor = buyer_is_maker ? Side::sell : Side::buy;
  handler.on_trade(t);
  return parse_status::ok;
}

parse_status FeedParser::book_ticker(od::object data, InstrumentId id) {
  BookTicker bt;
  bt.instrument = id;
  std::uint64_t event_ms = 0;
  if (!uint_field(data, "u", bt.update_id) || !decimal_field(data, "b", bt.bid.price) ||
      !decimal_field(data, "B", bt.bid.qty) || !decimal_field(data, "a", bt.ask.price) ||
      !decimal_field(data, "A", bt.ask.qty) || !uint_field(data, "E", event_ms))
    return parse_status::malformed;
  bt.ts = static_cast<Timestamp>(event_ms) * ns_per_ms;
  ticker_ = bt;
  if (id < best_.size()) best_[id] = bt;
  return parse_status::ok;
}

parse_status FeedParser::mark_price(od::object data, InstrumentId id, MarketHandler& handler) {
  // E, s, p (mark), i (index), P (estimated settle), r (funding rate), T (next funding).
  market::MarkPrice m;
  m.instrument = id;
  std::uint64_t event_ms = 0, next_ms = 0;
  if (!uint_field(data, "E", event_ms) || !decimal_field(data, "p", m.mark) || !decimal_field(data, "i", m.index) ||
      !decimal_field(data, "r", m.funding_rate) || !uint_field(data, "T", next_ms))
    return parse_status::malformed;
  m.ts = static_cast<Timestamp>(event_ms) * ns_per_ms;
  m.next_funding_ts = static_cast<Timestamp>(next_ms) * ns_per_ms;
  handler.on_mark_price(m);
  return parse_status::ok;
}

parse_status FeedParser::ticker(od::object data, InstrumentId id, MarketHandler& handler) {
  // E, s, p, P, w, c (last), Q, o, h, l, v (base volume), q (quote volume), O, C, F, L, n.
  market::Ticker t;
  t.instrument = id;
  std::uint64_t event_ms = 0;
  Price quote_volume;
  if (!uint_field(data, "E", event_ms) || !decimal_field(data, "c", t.last) || !decimal_field(data, "h", t.high_24h) ||
      !decimal_field(data, "l", t.low_24h) || !decimal_field(data, "v", t.volume_24h) ||
      !decimal_field(data, "q", quote_volume))
    return parse_status::malformed;
  t.ts = static_cast<Timestamp>(event_ms) * ns_per_ms;
  t.quote_volume_24h = Money::from_raw(quote_volume.raw());
  // The futures ticker has no best bid/ask: take them from the book ticker stream.
  if (id < best_.size()) {
    t.best_bid = best_[id].bid.price;
    t.best_ask = best_[id].ask.price;
  }
  handler.on_ticker(t);
  return parse_status::ok;
}

parse_status FeedParser::on_depth_snapshot(std::string_view body, InstrumentId instrument, Timestamp received,
                                           MarketHandler& handler) {
  od::document doc;
  od::object root;
  std::uint64_t last_update_id = 0;
  od::array b, a;
  if (parser_.iterate(pad(body)).get(doc) || doc.get_object().get(root) ||
      !uint_field(root, "lastUpdateId", last_update_id) || root["bids"].get_array().get(b) || !levels(b, bids_) ||
      root["asks"].get_array().get(a) || !levels(a, asks_)) {
    ++malformed_;
    return parse_status::malformed;
  }
  last_book_ = handler.on_book({instrument, received, bids_, asks_, last_update_id});
  return parse_status::ok;
}

}  // namespace symphony::venue::aster
