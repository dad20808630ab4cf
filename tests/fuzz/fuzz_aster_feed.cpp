// Fuzzes Aster's market-data parser — every frame kind (depthUpdate, trade, aggTrade,
// bookTicker, markPriceUpdate, 24hrTicker, with or without the combined-stream envelope)
// and the REST depth snapshot — against a reference reading of the same frame with
// nlohmann::json and Fixed::parse, following the parser's documented rules. For every
// frame the reference can read exactly (valid JSON without escapes or repeated keys), the
// parser must give the same status and deliver exactly the same values.
// The first input byte picks frame (even) or snapshot (odd); the rest is the text.
#include "printable.hpp"
#include "venue/aster/feed_parser.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace symphony;
using venue::aster::FeedParser;
using venue::aster::parse_status;
using ojson = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& what, std::string_view text) {
  std::fprintf(stderr, "fuzz_aster_feed: %s\n  frame: %s\n", what.c_str(), symphony::fuzz::printable(text).c_str());
  std::abort();
}

// What the parser delivered.
struct Capture : venue::MarketHandler {
  int calls = 0;
  std::optional<market::BookDiff> diff;
  std::vector<market::Level> bids, asks;
  std::optional<std::uint64_t> snapshot_id;
  std::optional<market::TradeTick> trade;
  std::optional<market::Ticker> ticker;
  std::optional<market::MarkPrice> mark;
  market::book_status on_book(const market::BookSnapshot& s) override {
    ++calls;
    snapshot_id = s.update_id;
    bids.assign(s.bids.begin(), s.bids.end());
    asks.assign(s.asks.begin(), s.asks.end());
    return market::book_status::ok;
  }
  market::book_status on_book_diff(const market::BookDiff& d) override {
    ++calls;
    diff = d;
    bids.assign(d.bids.begin(), d.bids.end());
    asks.assign(d.asks.begin(), d.asks.end());
    return market::book_status::ok;
  }
  void on_trade(const market::TradeTick& t) override {
    ++calls;
    trade = t;
  }
  void on_ticker(const market::Ticker& t) override {
    ++calls;
    ticker = t;
  }
  void on_mark_price(const market::MarkPrice& m) override {
    ++calls;
    mark = m;
  }
  market::warm_up_status on_klines(InstrumentId, market::Timeframe, std::span<const market::Candle>) override {
    ++calls;
    return market::warm_up_status::ok;
  }
  void on_feed_interrupted(InstrumentId) override { ++calls; }
};

// Rejects documents the reference cannot read the parser's way: repeated keys (the parser
// reads forward, last wins per slot and type) and nesting deeper than simdjson's limit.
struct Shape : nlohmann::json_sax<ojson> {
  std::vector<std::vector<std::string>> keys;
  bool repeated = false;
  std::size_t depth = 0, max_depth = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    keys.emplace_back();
    max_depth = std::max(max_depth, ++depth);
    return true;
  }
  bool key(string_t& k) override {
    for (const auto& seen : keys.back()) repeated |= seen == k;
    keys.back().push_back(k);
    return true;
  }
  bool end_object() override {
    keys.pop_back();
    --depth;
    return true;
  }
  bool start_array(std::size_t) override {
    max_depth = std::max(max_depth, ++depth);
    return true;
  }
  bool end_array() override {
    --depth;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

template <class F>
std::optional<F> decimal(const ojson& o, const char* key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return std::nullopt;
  auto v = F::parse(it->get<std::string>());
  if (!v) return std::nullopt;
  return *v;
}
std::optional<std::uint64_t> uint(const ojson& o, const char* key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint64_t>();
}
// A levels array: every element [price string, qty string], both plain decimals.
std::optional<std::vector<market::Level>> levels(const ojson& a) {
  std::vector<market::Level> out;
  for (const auto& l : a) {
    if (!l.is_array() || l.size() != 2 || !l[0].is_string() || !l[1].is_string()) return std::nullopt;
    const auto p = Price::parse(l[0].get<std::string>());
    const auto q = Price::parse(l[1].get<std::string>());
    if (!p || !q) return std::nullopt;
    out.push_back({*p, Qty::from_raw(q->raw())});
  }
  return out;
}

constexpr auto max_ms = static_cast<std::uint64_t>(std::numeric_limits<Timestamp>::max() / ns_per_ms);
Timestamp ms(std::uint64_t v) { return static_cast<Timestamp>(v) * ns_per_ms; }

void check_frame(std::string_view text, const ojson& root, parse_status got, const Capture& c,
                 const FeedParser& parser) {
  // The envelope: the first field "stream" may be skipped; a "data" field then (or first)
  // holds the event and must be an object.
  const ojson* ev = &root;
  auto it = root.begin();
  if (it != root.end() && it.key() == "stream") ++it;
  if (it != root.end() && it.key() == "data") {
    if (!it->is_object()) {
      if (got != parse_status::malformed) fail("a non-object data field was not malformed", text);
      return;
    }
    ev = &*it;
  }
  const ojson& e = *ev;
  auto expect = [&](parse_status want) {
    if (got != want)
      fail("status " + std::string(to_string(got)) + ", the reference says " + std::string(to_string(want)), text);
  };
  // Level arrays under "b" or "a" are read wherever they appear: bad ones make it malformed.
  std::optional<std::vector<market::Level>> bids, asks;
  for (const char* k : {"b", "a"}) {
    const auto f = e.find(k);
    if (f == e.end() || !f->is_array()) continue;
    auto l = levels(*f);
    if (!l) return expect(parse_status::malformed);
    (k[0] == 'b' ? bids : asks) = std::move(l);
  }
  const auto type = e.find("e");
  if (type == e.end() || !type->is_string() || type->get<std::string>().empty()) return expect(parse_status::ignored);
  const std::string kind = type->get<std::string>();
  const bool depth = kind == "depthUpdate", trade = kind == "trade", agg = kind == "aggTrade",
             book_ticker = kind == "bookTicker", mark = kind == "markPriceUpdate", day = kind == "24hrTicker";
  if (!depth && !trade && !agg && !book_ticker && !mark && !day) return expect(parse_status::ignored);
  const auto sym = e.find("s");
  if (sym == e.end() || !sym->is_string() || sym->get<std::string>().empty()) return expect(parse_status::malformed);
  if (sym->get<std::string>() != "BTCUSDT") return expect(parse_status::ignored);
  const auto E = uint(e, "E"), T = uint(e, "T");
  if ((E && *E > max_ms) || (T && *T > max_ms)) return expect(parse_status::malformed);
  // "pu" and "P" share a slot: the later of the two decides.
  std::optional<std::uint64_t> pu;
  for (auto f = e.begin(); f != e.end(); ++f)
    if (f.key() == "pu" || f.key() == "P")
      pu = f->is_number_unsigned() ? std::optional(f->get<std::uint64_t>()) : std::nullopt;
  if (depth) {
    const auto U = uint(e, "U"), u = uint(e, "u");
    if (!E || !U || !u || !pu || !bids || !asks) return expect(parse_status::malformed);
    expect(parse_status::ok);
    if (c.calls != 1 || !c.diff) fail("a depth update was not delivered once", text);
    if (c.diff->ts != ms(*E) || c.diff->first_update_id != *U || c.diff->last_update_id != *u ||
        c.diff->prev_update_id != *pu || c.diff->instrument != 0)
      fail("depth update ids or time differ", text);
    if (c.bids != *bids || c.asks != *asks) fail("depth levels differ", text);
    return;
  }
  const auto m = e.find("m");
  if (trade || agg) {
    const auto id = uint(e, agg ? "a" : "t");
    const auto p = decimal<Price>(e, "p");
    const auto q = decimal<Qty>(e, "q");
    if (!T || m == e.end() || !m->is_boolean() || !id || !p || !q) return expect(parse_status::malformed);
    expect(parse_status::ok);
    if (c.calls != 1 || !c.trade) fail("a trade was not delivered once", text);
    const auto& t = *c.trade;
    if (t.ts != ms(*T) || t.trade_id != *id || t.price != *p || t.qty != *q ||
        t.aggressor != (m->get<bool>() ? Side::sell : Side::buy))
      fail("trade fields differ", text);
    return;
  }
  if (book_ticker) {
    const auto u = uint(e, "u");
    const auto b = decimal<Price>(e, "b"), a = decimal<Price>(e, "a");
    const auto B = decimal<Qty>(e, "B"), A = decimal<Qty>(e, "A");
    if (!E || !u || !b || !a || !B || !A) return expect(parse_status::malformed);
    expect(parse_status::ok);
    const auto& t = parser.last_book_ticker();
    if (c.calls != 0 || t.update_id != *u || t.ts != ms(*E) || t.bid.price != *b || t.bid.qty != *B ||
        t.ask.price != *a || t.ask.qty != *A)
      fail("book ticker fields differ", text);
    return;
  }
  if (mark) {
    const auto p = decimal<Price>(e, "p"), i = decimal<Price>(e, "i");
    const auto r = decimal<Ratio>(e, "r");
    if (!E || !T || !p || !i || !r) return expect(parse_status::malformed);
    expect(parse_status::ok);
    if (c.calls != 1 || !c.mark) fail("a mark price was not delivered once", text);
    const auto& mp = *c.mark;
    if (mp.ts != ms(*E) || mp.next_funding_ts != ms(*T) || mp.mark != *p || mp.index != *i || mp.funding_rate != *r)
      fail("mark price fields differ", text);
    return;
  }
  const auto last = decimal<Price>(e, "c"), hi = decimal<Price>(e, "h"), lo = decimal<Price>(e, "l");
  const auto vol = decimal<Qty>(e, "v");
  const auto quote = decimal<Price>(e, "q");
  if (!E || !last || !hi || !lo || !vol || !quote) return expect(parse_status::malformed);
  expect(parse_status::ok);
  if (c.calls != 1 || !c.ticker) fail("a 24h ticker was not delivered once", text);
  const auto& t = *c.ticker;
  if (t.ts != ms(*E) || t.last != *last || t.high_24h != *hi || t.low_24h != *lo || t.volume_24h != *vol ||
      t.quote_volume_24h.raw() != quote->raw() || !t.best_bid.is_zero() || !t.best_ask.is_zero())
    fail("24h ticker fields differ", text);
}

void check_snapshot(std::string_view text, const ojson& root, parse_status got, const Capture& c) {
  const auto id = uint(root, "lastUpdateId");
  const auto b = root.find("bids"), a = root.find("asks");
  std::optional<std::vector<market::Level>> bids, asks;
  if (b != root.end() && b->is_array()) bids = levels(*b);
  if (a != root.end() && a->is_array()) asks = levels(*a);
  const bool ok = id && bids && asks;
  if (ok != (got == parse_status::ok))
    fail(std::string("snapshot status ") + std::string(to_string(got)) + ", the reference disagrees", text);
  if (!ok) return;
  if (c.calls != 1 || c.snapshot_id != *id || c.bids != *bids || c.asks != *asks) fail("snapshot levels differ", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 8192) return 0;
  const bool snapshot = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  FeedParser parser({{"BTCUSDT", 0}});
  Capture c;
  // In place with random slack (the next bytes of the input's own alphabet), or copied.
  const bool in_place = (data[0] & 2) != 0;
  std::string buffer(text);
  buffer.append(64, (data[0] & 4) ? '"' : '9');
  const parse_status got = snapshot   ? parser.on_depth_snapshot(text, 0, 1, c)
                           : in_place ? parser.on_frame(std::string_view(buffer.data(), text.size()), c, 64)
                                      : parser.on_frame(text, c);
  if (got == parse_status::malformed && parser.malformed() != 1) fail("a malformed frame was not counted", text);
  if (got != parse_status::ok && c.calls != 0) fail("a refused frame delivered something", text);
  // The reference reads only plain documents: no escapes, no repeated keys, and no NUL
  // (nlohmann stops reading at one; the parser rightly calls what follows malformed).
  if (text.find('\\') != std::string_view::npos || text.find('\0') != std::string_view::npos) return 0;
  Shape shape;
  if (!ojson::sax_parse(text, &shape) || shape.repeated || shape.max_depth > 1000) {
    return 0;
  }
  const ojson root = ojson::parse(text);
  if (!root.is_object()) {
    if (got != parse_status::malformed) fail("a document that is not an object was not malformed", text);
    return 0;
  }
  if (snapshot)
    check_snapshot(text, root, got, c);
  else
    check_frame(text, root, got, c, parser);
  return 0;
}
