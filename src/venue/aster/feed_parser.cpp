#include "feed_parser.hpp"

#include <algorithm>

namespace symphony::venue::aster {

namespace {

namespace od = simdjson::ondemand;

// The text of a JSON string value without unescaping or copying (decimals carry no
// escapes); false when the value is not a string.
bool raw_string(od::value& v, std::string_view& out) noexcept {
  const std::string_view tok = v.raw_json_token();
  if (tok.size() < 2 || tok[0] != '"') return false;
  // The values are short: a plain loop beats a memchr call.
  std::size_t close = 1;
  while (close < tok.size() && tok[close] != '"') ++close;
  if (close == tok.size()) return false;
  out = tok.substr(1, close - 1);
  return true;
}

// Decimal text ("61800.20") to fixed point, exactly: the inline fast path, else the full
// parser (long forms).
template <class F>
bool to_fixed(std::string_view text, F& out) noexcept {
  if (std::int64_t raw = 0; parse_decimal_raw(text, raw)) {
    out = F::from_raw(raw);
    return true;
  }
  auto parsed = F::parse(text);
  if (!parsed) return false;
  out = *parsed;
  return true;
}

template <class F>
bool decimal(od::value v, F& out) noexcept {
  std::string_view text;
  return raw_string(v, text) && to_fixed(text, out);
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

namespace {

// Reads `[["price","qty"],...]` from the array's raw text: the structure is already
// indexed by simdjson, and walking the text is cheaper than an element-by-element
// descent. Any deviation from that shape (an escape, a number, a missing comma) fails.
bool scan_levels(std::string_view text, std::vector<market::Level>& out) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  auto ws = [&] {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  };
  auto expect = [&](char c) {
    ws();
    if (p >= end || *p != c) return false;
    ++p;
    return true;
  };
  // A quoted decimal read in one pass; odd forms (long, escaped) take the careful path.
  auto quoted_fixed = [&](auto& value) {
    if (!expect('"')) return false;
    std::int64_t raw = 0;
    const char* after = parse_decimal_prefix(p, end, raw);
    if (after && after < end && *after == '"') {
      value = std::remove_reference_t<decltype(value)>::from_raw(raw);
      p = after + 1;
      return true;
    }
    const char* start = p;
    while (p < end && *p != '"') {
      if (*p == '\\') return false;
      ++p;
    }
    if (p >= end) return false;
    const std::string_view digits(start, static_cast<std::size_t>(p - start));
    ++p;
    return to_fixed(digits, value);
  };
  if (!expect('[')) return false;
  ws();
  if (p < end && *p == ']') return true;
  for (;;) {
    market::Level level;
    if (!expect('[') || !quoted_fixed(level.price) || !expect(',') || !quoted_fixed(level.qty) || !expect(']'))
      return false;
    out.push_back(level);
    ws();
    if (p < end && *p == ',') {
      ++p;
      continue;
    }
    return expect(']');
  }
}

}  // namespace

bool FeedParser::levels(od::array arr, std::vector<market::Level>& out) {
  out.clear();
  std::string_view text;
  if (arr.raw_json().get(text)) return false;
  return scan_levels(text, out);
}

parse_status FeedParser::on_frame(std::string_view frame, MarketHandler& handler, std::size_t readable_after) {
  od::document doc;
  od::object root;
  const simdjson::padded_string_view input =
      readable_after >= simdjson::SIMDJSON_PADDING
          ? simdjson::padded_string_view(frame.data(), frame.size(), frame.size() + readable_after)
          : pad(frame);
  if (parser_.iterate(input).get(doc) || doc.get_object().get(root)) {
    ++malformed_;
    return parse_status::malformed;
  }
  // Combined streams wrap the event: {"stream":"btcusdt@depth","data":{...}}.
  od::object data;
  for (auto field_result : root) {
    if (field_result.error()) break;
    od::field& field = field_result.value_unsafe();
    const od::raw_json_string key = field.key();  // compared raw: no copy
    if (key == "stream") continue;
    if (key == "data") {
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

namespace {

// The fields of one event, read in a single forward pass (on-demand parsing reads
// forward; a lookup of an earlier key would rescan the object, skipping the level arrays).
// Slots are shared between event types, and a key's JSON type tells them apart: "a" is
// the asks array of a depth update, the ask price string of a book ticker and the id
// number of an aggTrade.
struct Fields {
  std::string_view e, s;
  std::uint64_t E = 0, T = 0, U = 0, u = 0, pu = 0, t = 0, a_id = 0;
  bool m = false, has_m = false;
  std::string_view b, B, a, A, p, q, i, r, c, h, l, v;
  bool has_b_levels = false, has_a_levels = false;
  unsigned seen = 0;  // bit per uint field present: E T U u pu t a_id
};

}  // namespace

parse_status FeedParser::dispatch(od::object data, MarketHandler& handler) {
  Fields f;
  for (auto field_result : data) {
    if (field_result.error()) return parse_status::malformed;
    // References, not copies: copying simdjson's small iterator structs costs
    // store-forwarding stalls on this hot loop.
    od::field& field = field_result.value_unsafe();
    // Keys compared raw (no unescaping: the venue's keys have no escapes). `k` points past
    // the opening quote; a padded buffer keeps the next bytes readable.
    const char* k = field.key().raw();
    const bool one = k[1] == '"';
    const std::string_view key = one                                           ? std::string_view(k, 1)
                                 : (k[0] == 'p' && k[1] == 'u' && k[2] == '"') ? std::string_view("pu")
                                                                               : std::string_view();
    od::value& val = field.value();
    // A field of another type than expected is left unset: it is an error only if the
    // event needs it (aggTrade's "l" is a number, tradepro's "m" an array). Strings are
    // taken raw, without a copy: decimals and symbols carry no escapes.
    auto str = [&](std::string_view& out) {
      if (!raw_string(val, out)) out = {};
      return true;
    };
    auto num = [&](std::uint64_t& out, unsigned bit) {
      if (!val.get_uint64().get(out)) f.seen |= bit;
      return true;
    };
    bool ok = true;
    if (key.size() == 1) {
      switch (key[0]) {
        case 'e':
          ok = str(f.e);
          break;
        case 's':
          ok = str(f.s);
          break;
        case 'E':
          ok = num(f.E, 1);
          break;
        case 'T':
          ok = num(f.T, 2);
          break;
        case 'U':
          ok = num(f.U, 4);
          break;
        case 'u':
          ok = num(f.u, 8);
          break;
        case 't':
          ok = num(f.t, 32);
          break;
        case 'm':
          f.has_m = !val.get_bool().get(f.m);
          break;
        case 'B':
          ok = str(f.B);
          break;
        case 'A':
          ok = str(f.A);
          break;
        case 'p':
          ok = str(f.p);
          break;
        case 'q':
          ok = str(f.q);
          break;
        case 'i':
          ok = str(f.i);
          break;
        case 'r':
          ok = str(f.r);
          break;
        case 'c':
          ok = str(f.c);
          break;
        case 'h':
          ok = str(f.h);
          break;
        case 'l':
          ok = str(f.l);
          break;
        case 'v':
          ok = str(f.v);
          break;
        case 'b':
        case 'a': {
          od::json_type type;
          if (val.type().get(type)) return parse_status::malformed;
          const bool bids = key[0] == 'b';
          if (type == od::json_type::array) {
            // Levels before the event type is known: only depth updates carry arrays here.
            od::array arr;
            ok = !val.get_array().get(arr) && levels(arr, bids ? bids_ : asks_);
            (bids ? f.has_b_levels : f.has_a_levels) = ok;
          } else if (type == od::json_type::string) {
            ok = str(bids ? f.b : f.a);
          } else if (!bids && type == od::json_type::number) {
            ok = num(f.a_id, 64);
          }
          break;
        }
        default:
          break;  // fields we do not use
      }
    } else if (key == "pu") {
      ok = num(f.pu, 16);
    }
    if (!ok) return parse_status::malformed;
  }
  // Subscription acks ({"result":null,"id":1}) carry no event type.
  if (f.e.empty()) return parse_status::ignored;
  const bool depth = f.e == "depthUpdate", trade = f.e == "trade", agg = f.e == "aggTrade",
             ticker = f.e == "bookTicker", mark = f.e == "markPriceUpdate", day = f.e == "24hrTicker";
  if (!depth && !trade && !agg && !ticker && !mark && !day) return parse_status::ignored;
  if (f.s.empty()) return parse_status::malformed;
  InstrumentId id = 0;
  if (!lookup(f.s, id)) return parse_status::ignored;
  const auto has = [&](unsigned bits) { return (f.seen & bits) == bits; };
  const auto ms = [](std::uint64_t v) { return static_cast<Timestamp>(v) * ns_per_ms; };
  auto dec = [](std::string_view text, auto& out) { return to_fixed(text, out); };

  if (depth) {
    if (!has(1 | 4 | 8 | 16) || !f.has_b_levels || !f.has_a_levels) return parse_status::malformed;
    const market::BookDiff diff{id, ms(f.E), f.U, f.u, f.pu, bids_, asks_};
    last_book_ = handler.on_book_diff(diff);
    return parse_status::ok;
  }
  if (trade || agg) {
    // trade: E, T, s, t, p, q, X, m; aggTrade: E, s, a, p, q, f, l, T, m.
    market::TradeTick t;
    t.instrument = id;
    if (!has(2 | (agg ? 64u : 32u)) || !f.has_m || !dec(f.p, t.price) || !dec(f.q, t.qty))
      return parse_status::malformed;
    t.ts = ms(f.T);
    t.trade_id = agg ? f.a_id : f.t;
    // m = buyer is the maker, so the taker sold.
    t.aggressor = f.m ? Side::sell : Side::buy;
    handler.on_trade(t);
    return parse_status::ok;
  }
  if (ticker) {
    BookTicker bt;
    bt.instrument = id;
    if (!has(1 | 8) || !dec(f.b, bt.bid.price) || !dec(f.B, bt.bid.qty) || !dec(f.a, bt.ask.price) ||
        !dec(f.A, bt.ask.qty))
      return parse_status::malformed;
    bt.update_id = f.u;
    bt.ts = ms(f.E);
    ticker_ = bt;
    if (id < best_.size()) best_[id] = bt;
    return parse_status::ok;
  }
  if (mark) {
    // E, s, p (mark), i (index), P (estimated settle), r (funding rate), T (next funding).
    market::MarkPrice m;
    m.instrument = id;
    if (!has(1 | 2) || !dec(f.p, m.mark) || !dec(f.i, m.index) || !dec(f.r, m.funding_rate))
      return parse_status::malformed;
    m.ts = ms(f.E);
    m.next_funding_ts = ms(f.T);
    handler.on_mark_price(m);
    return parse_status::ok;
  }
  // 24hrTicker: E, s, p, P, w, c (last), Q, o, h, l, v (base volume), q (quote volume), ...
  market::Ticker t;
  t.instrument = id;
  Price quote_volume;
  if (!has(1) || !dec(f.c, t.last) || !dec(f.h, t.high_24h) || !dec(f.l, t.low_24h) || !dec(f.v, t.volume_24h) ||
      !dec(f.q, quote_volume))
    return parse_status::malformed;
  t.ts = ms(f.E);
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
