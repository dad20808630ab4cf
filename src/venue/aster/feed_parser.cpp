#include "feed_parser.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace symphony::venue::aster {

namespace {

namespace od = simdjson::ondemand;

// The text of a JSON string value without unescaping or copying (decimals carry no
// escapes); false when the value is not a string.
[[gnu::always_inline]] inline bool raw_string(od::value& v, std::string_view& out) noexcept {
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
  bids_.resize(4096);
  asks_.resize(4096);
}

simdjson::padded_string_view FeedParser::pad(std::string_view text) {
  // simdjson and the decimal scans read up to SIMDJSON_PADDING bytes past the end: keep
  // them in our buffer, and defined.
  buffer_.assign(text);
  buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
  return simdjson::padded_string_view(buffer_.data(), text.size(), buffer_.size());
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

// The decimal of exactly `len` characters at `s` (its quotes found by the caller): 1 to 8
// digits, optionally a point and 1 to 8 more. Validated and converted eight bytes at a
// time; false declines any other form to the careful path. Reads 8 bytes from `s`, and 8
// more from its point when the decimal is longer than 8 characters.
[[gnu::always_inline]] inline bool decimal_of_length(const char* s, unsigned len, std::int64_t& raw) noexcept {
  constexpr std::uint64_t zeros = 0x3030303030303030ULL;
  constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
  if (len - 1 >= 17) return false;                   // empty, or too long for two words
  const std::uint64_t x = detail::load8(s) ^ zeros;  // digits become 0-9
  const std::uint64_t in = len >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * len)) - 1;
  // A high bit for each byte that is not a digit (a carry out of one only disturbs the
  // bytes after it, and it is itself marked).
  const std::uint64_t odd = ((x + 0x7676767676767676ULL) | x) & high_bits & in;
  if (odd == 0) {  // a whole number
    if (len > 8) return false;
    raw = static_cast<std::int64_t>(detail::eight_digits(x << (8 * (8 - len)))) * fixed_scale;
    return true;
  }
  const auto n = static_cast<unsigned>(std::countr_zero(odd)) >> 3;  // digits before the point
  if (n == 0 || ((x >> (8 * n)) & 0xFF) != ('.' ^ '0')) return false;
  const unsigned k = len - n - 1;  // digits after it
  if (k == 0 || k > 8) return false;
  if (len <= 8) {
    // One word: drop the point, then the digits read as one number scaled by 10^(8-k).
    if ((odd & (odd - 1)) != 0) return false;  // another non-digit
    const std::uint64_t below = (std::uint64_t{1} << (8 * n)) - 1;
    const std::uint64_t digits = (x & below) | ((x >> 8) & ~below);
    const unsigned d = len - 1;
    raw = static_cast<std::int64_t>(detail::eight_digits(digits << (8 * (8 - d)))) * detail::pow10_to_8[8 - k];
    return true;
  }
  // Longer: the whole part (all before the point is digits) and the fraction, a word each.
  const std::uint64_t f = detail::load8(s + n + 1) ^ zeros;
  const std::uint64_t keep = k == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * k)) - 1;
  if ((((f + 0x7676767676767676ULL) | f) & high_bits & keep) != 0) return false;
  const std::uint64_t units = detail::eight_digits(x << (8 * (8 - n)));
  raw = static_cast<std::int64_t>(units) * fixed_scale + static_cast<std::int64_t>(detail::eight_digits(f & keep));
  return true;
}

#if defined(__SSE2__)
// One level `["price","qty"]` at `p`: its three inner quotes found by 16-byte compares over
// the 32 bytes after `["`, so the next level's position depends on one pair of loads
// instead of a chain of per-decimal reads. Returns the position after the level, or null
// for any other form (spaces, long decimals): the careful path decides. Reads up to 48
// bytes from `p`; the caller checks that the result is inside its text.
[[gnu::always_inline]] inline const char* short_level(const char* p, std::int64_t& price, std::int64_t& qty) noexcept {
  if (p[0] != '[' || p[1] != '"') return nullptr;
  const char* s = p + 2;
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16));
  const std::uint32_t quotes = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lo, quote))) |
                               (static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(hi, quote))) << 16);
  // Three quotes in the window (no popcount: it is a library call on baseline x86-64).
  const std::uint32_t after_q1 = quotes & (quotes - 1), after_q2 = after_q1 & (after_q1 - 1);
  if (after_q2 == 0) return nullptr;
  const auto q1 = static_cast<unsigned>(std::countr_zero(quotes));    // closes the price
  const auto q2 = static_cast<unsigned>(std::countr_zero(after_q1));  // opens the quantity
  const auto q3 = static_cast<unsigned>(std::countr_zero(after_q2));  // closes it
  if (q2 != q1 + 2 || s[q1 + 1] != ',' || s[q3 + 1] != ']') return nullptr;
  if (!decimal_of_length(s, q1, price) || !decimal_of_length(s + q2 + 1, q3 - q2 - 1, qty)) return nullptr;
  return s + q3 + 2;
}
#else
const char* short_level(const char* p, std::int64_t& price, std::int64_t& qty) noexcept {
  const char* q = nullptr;
  if (p[0] == '[' && p[1] == '"' && (q = parse_quoted_decimal_wide(p + 2, price)) != nullptr && q[1] == ',' &&
      q[2] == '"' && (q = parse_quoted_decimal_wide(q + 3, qty)) != nullptr && q[1] == ']')
    return q + 2;
  return nullptr;
}
#endif

// JSON whitespace at `p`, skipped.
void skip_spaces(const char*& p, const char* end) noexcept {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
}

// `c` after optional whitespace, consumed; false if something else comes first.
bool expect_char(const char*& p, const char* end, char c) noexcept {
  skip_spaces(p, end);
  if (p >= end || *p != c) return false;
  ++p;
  return true;
}

// Reads `[["price","qty"],...]` at `p` (its opening bracket) into `out`, starting over at
// its front; returns the position after the closing bracket, or null when the text is not
// of that shape (an escape, a number, a missing comma) or runs past `end`. The structure
// is already indexed by simdjson, and walking the text is cheaper than an element-by-
// element descent. The common form — no spaces, short decimals — is read a level at a
// time, which needs the input's padding: at least 48 readable bytes after `end`.
const char* scan_levels(const char* p, const char* const end, std::vector<market::Level>& out,
                        std::size_t& count) noexcept {
  auto ws = [&] { skip_spaces(p, end); };
  auto expect = [&](char c) { return expect_char(p, end, c); };
  // A quoted decimal read in one pass; odd forms (long, escaped) take the careful path.
  auto quoted_raw = [&](std::int64_t& raw) {
    if (!expect('"')) return false;
    const char* after = parse_decimal_prefix(p, end, raw);
    if (after && after < end && *after == '"') {
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
    Price value;
    if (!to_fixed(digits, value)) return false;
    raw = value.raw();
    return true;
  };
  // Written through a pointer into storage that only grows: push_back's bookkeeping and
  // a level assembled on the stack cost more than the parse.
  market::Level* dst = out.data();
  market::Level* cap = dst + out.size();
  const auto store = [&](std::int64_t price, std::int64_t qty) {
    if (dst == cap) [[unlikely]] {  // more levels than ever before
      const auto used = static_cast<std::size_t>(dst - out.data());
      out.resize(std::max<std::size_t>(64, out.size() * 2));
      dst = out.data() + used;
      cap = out.data() + out.size();
    }
    dst->price = Price::from_raw(price);
    dst->qty = Qty::from_raw(qty);
    ++dst;
  };
  const auto done = [&] {
    count = static_cast<std::size_t>(dst - out.data());
    return p;
  };
  count = 0;
  if (!expect('[')) return nullptr;
  ws();
  if (p < end && *p == ']') {
    ++p;
    return done();
  }
  for (;;) {
    std::int64_t price = 0, qty = 0;
    // The venue's own form, `["61800.20","0.014"],` with nothing between: a tight loop.
    if (const char* next = short_level(p, price, qty); next != nullptr && next < end) {
      store(price, qty);
      p = next;
      if (*p == ',') {
        ++p;
        continue;
      }
      if (*p == ']') {
        ++p;
        return done();
      }
    } else if (expect('[') && quoted_raw(price) && expect(',') && quoted_raw(qty) && expect(']')) {
      store(price, qty);
    } else {
      return nullptr;
    }
    ws();
    if (p < end && *p == ',') {
      ++p;
      ws();
      continue;
    }
    if (!expect(']')) return nullptr;
    return done();
  }
}

// After a depth update's bids array: the rest of the frame when it is the usual
// `,"a":[...]}` and the closing braces of `closers - 1` enclosing objects, then only
// spaces. The asks are read into `out`; false (and nothing concluded) for any other text,
// which the field-by-field walk then reads.
bool scan_depth_tail(const char* p, const char* const end, int closers, std::vector<market::Level>& out,
                     std::size_t& count) noexcept {
  auto ws = [&] { skip_spaces(p, end); };
  auto expect = [&](char c) { return expect_char(p, end, c); };
  if (!expect(',') || !expect('"') || end - p < 2 || p[0] != 'a' || p[1] != '"') return false;
  p += 2;
  if (!expect(':')) return false;
  ws();
  if (p >= end || *p != '[') return false;
  p = scan_levels(p, end, out, count);
  if (p == nullptr) return false;
  for (int i = 0; i < closers; ++i)
    if (!expect('}')) return false;
  ws();
  return p == end;
}

}  // namespace

bool FeedParser::levels(od::array arr, std::vector<market::Level>& out, std::size_t& count) {
  std::string_view text;
  if (arr.raw_json().get(text)) return false;
  return scan_levels(text.data(), text.data() + text.size(), out, count) != nullptr;
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
  end_ = input.data() + input.length();
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
      const parse_status st = dispatch(data, 2, handler);
      if (st == parse_status::malformed) ++malformed_;
      return st;
    }
    break;
  }
  // A raw frame: start over on the whole object.
  root.reset();
  const parse_status st = dispatch(root, 1, handler);
  if (st == parse_status::malformed) ++malformed_;
  return st;
}

namespace {

// The fields of one event, read in a single forward pass (on-demand parsing reads
// forward; a lookup of an earlier key would rescan the object, skipping the level arrays).
// Slots are shared between event types, and a key's JSON type tells them apart: "a" is
// the asks array of a depth update, the ask price string of a book ticker and the id
// number of an aggTrade. A slot holds a value only when its bit in `seen` is set, so
// nothing else needs clearing per frame.
struct Fields {
  enum bit : std::uint32_t {
    E_ = 1U << 0,
    T_ = 1U << 1,
    U_ = 1U << 2,
    u_ = 1U << 3,
    pu_ = 1U << 4,
    t_ = 1U << 5,
    a_id_ = 1U << 6,
    m_ = 1U << 7,
    b_levels = 1U << 8,
    a_levels = 1U << 9,
    // strings: decimals, kept as the position after their opening quote
    b_ = 1U << 10,
    B_ = 1U << 11,
    a_ = 1U << 12,
    A_ = 1U << 13,
    p_ = 1U << 14,
    q_ = 1U << 15,
    i_ = 1U << 16,
    r_ = 1U << 17,
    c_ = 1U << 18,
    h_ = 1U << 19,
    l_ = 1U << 20,
    v_ = 1U << 21,
  };
  std::uint32_t seen = 0;
  std::string_view e, s;  // the event type and symbol (empty when absent)
  std::uint64_t E, T, U, u, pu, t, a_id;
  bool m;
  const char *b, *B, *a, *A, *p, *q, *i, *r, *c, *h, *l, *v;
  [[nodiscard]] bool has(std::uint32_t bits) const noexcept { return (seen & bits) == bits; }
};

// The decimal in the string whose text starts at `text` (after its opening quote),
// exactly. The input is padded, so the eight-bytes-at-a-time path may read past the
// string; long or odd forms take the full parser, escapes are refused.
template <class F>
[[gnu::always_inline]] inline bool decimal_at(const char* text, F& out) noexcept {
  std::int64_t raw = 0;
  if (parse_quoted_decimal_wide(text, raw) != nullptr) {
    out = F::from_raw(raw);
    return true;
  }
  // The string is terminated (simdjson's first stage checks that); the first quote
  // closes it unless an escape comes first.
  const char* close = text;
  while (*close != '"') {
    if (*close == '\\') return false;
    ++close;
  }
  return to_fixed(std::string_view(text, static_cast<std::size_t>(close - text)), out);
}

// A JSON unsigned integer of up to 15 digits at `p` (ids and millisecond times), read
// eight bytes at a time; false declines anything else — a sign, a leading zero, a point
// or exponent, more digits — to simdjson's own number parser. The input is padded.
[[gnu::always_inline]] inline bool short_uint(const char* p, std::uint64_t& out) noexcept {
  constexpr std::uint64_t zeros = 0x3030303030303030ULL;
  const std::uint64_t x = detail::load8(p) ^ zeros;
  const unsigned n = detail::leading_digits(x);
  if (n == 0 || (p[0] == '0' && n > 1)) return false;
  std::uint64_t value = 0;
  const char* end = p + n;
  if (n < 8) {
    value = detail::eight_digits(x << (8 * (8 - n)));
  } else {
    const std::uint64_t y = detail::load8(p + 8) ^ zeros;
    const unsigned m = detail::leading_digits(y);
    if (m == 8) return false;
    value = detail::eight_digits(x) * static_cast<std::uint64_t>(detail::pow10_to_8[m]) +
            (m == 0 ? 0 : detail::eight_digits(y << (8 * (8 - m))));
    end += m;
  }
  // The number must end here: a point, an exponent or letters make it something else.
  switch (*end) {
    case ',':
    case '}':
    case ']':
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      out = value;
      return true;
    default:
      return false;
  }
}

template <class F>
[[gnu::always_inline]] inline bool decimal_field(const Fields& f, std::uint32_t bit, const char* text,
                                                 F& out) noexcept {
  return (f.seen & bit) != 0 && decimal_at(text, out);
}

}  // namespace

parse_status FeedParser::dispatch(od::object data, int closers, MarketHandler& handler) {
  Fields f;
  bool tail_read = false;  // the asks and the frame's end already read from the text
  for (auto field_result : data) {
    if (field_result.error()) return parse_status::malformed;
    // References, not copies: copying simdjson's small iterator structs costs
    // store-forwarding stalls on this hot loop.
    od::field& field = field_result.value_unsafe();
    // Keys compared raw (no unescaping: the venue's keys have no escapes). `k` points past
    // the opening quote; a padded buffer keeps the next bytes readable.
    const char* k = field.key().raw();
    const char key = k[1] == '"' ? k[0] : (k[0] == 'p' && k[1] == 'u' && k[2] == '"') ? 'P' : '\0';
    if (key == '\0') continue;  // fields we do not use
    od::value& val = field.value();
    // A field of another type than expected is left unset: it is an error only if the
    // event needs it (aggTrade's "l" is a number, tradepro's "m" an array). Strings are
    // taken raw, without a copy: decimals and symbols carry no escapes.
    const std::string_view tok = val.raw_json_token();
    const char first = tok.empty() ? '\0' : tok[0];
    const bool is_string = first == '"';
    auto str = [&](const char*& out, std::uint32_t bit) {
      if (is_string) {
        out = tok.data() + 1;
        f.seen |= bit;
      } else {
        f.seen &= ~bit;
      }
    };
    auto num = [&](std::uint64_t& out, std::uint32_t bit) {
      if (short_uint(tok.data(), out) || !val.get_uint64().get(out)) {
        f.seen |= bit;
      } else {
        f.seen &= ~bit;
      }
    };
    switch (key) {
      case 'e':
        if (!raw_string(val, f.e)) f.e = {};
        break;
      case 's':
        if (!raw_string(val, f.s)) f.s = {};
        break;
      case 'E':
        num(f.E, Fields::E_);
        break;
      case 'T':
        num(f.T, Fields::T_);
        break;
      case 'U':
        num(f.U, Fields::U_);
        break;
      case 'u':
        num(f.u, Fields::u_);
        break;
      case 'P':
        num(f.pu, Fields::pu_);
        break;
      case 't':
        num(f.t, Fields::t_);
        break;
      case 'm':
        if (!val.get_bool().get(f.m)) f.seen |= Fields::m_;
        break;
      case 'B':
        str(f.B, Fields::B_);
        break;
      case 'A':
        str(f.A, Fields::A_);
        break;
      case 'p':
        str(f.p, Fields::p_);
        break;
      case 'q':
        str(f.q, Fields::q_);
        break;
      case 'i':
        str(f.i, Fields::i_);
        break;
      case 'r':
        str(f.r, Fields::r_);
        break;
      case 'c':
        str(f.c, Fields::c_);
        break;
      case 'h':
        str(f.h, Fields::h_);
        break;
      case 'l':
        str(f.l, Fields::l_);
        break;
      case 'v':
        str(f.v, Fields::v_);
        break;
      case 'b':
      case 'a': {
        const bool bids = key == 'b';
        if (first == '[') {
          // Levels before the event type is known: only depth updates carry arrays here.
          // Read from the text at the opening bracket; the walk skips them after.
          const char* after = scan_levels(tok.data(), end_, bids ? bids_ : asks_, bids ? n_bids_ : n_asks_);
          if (after == nullptr) return parse_status::malformed;
          f.seen |= bids ? Fields::b_levels : Fields::a_levels;
          // Bids then asks then the end, as the venue sends them: read the asks from
          // the text as well and stop the walk here, sparing it both arrays.
          if (bids && scan_depth_tail(after, end_, closers, asks_, n_asks_)) {
            f.seen |= Fields::a_levels;
            tail_read = true;
          }
        } else if (is_string) {
          str(bids ? f.b : f.a, bids ? Fields::b_ : Fields::a_);
        } else if (!bids) {
          num(f.a_id, Fields::a_id_);
        }
        break;
      }
      default:
        break;  // fields we do not use
    }
    if (tail_read) break;
  }
  // Subscription acks ({"result":null,"id":1}) carry no event type.
  if (f.e.empty()) return parse_status::ignored;
  const bool depth = f.e == "depthUpdate", trade = f.e == "trade", agg = f.e == "aggTrade",
             ticker = f.e == "bookTicker", mark = f.e == "markPriceUpdate", day = f.e == "24hrTicker";
  if (!depth && !trade && !agg && !ticker && !mark && !day) return parse_status::ignored;
  if (f.s.empty()) return parse_status::malformed;
  InstrumentId id = 0;
  if (!lookup(f.s, id)) return parse_status::ignored;
  // Millisecond times must fit our nanosecond clock.
  constexpr auto max_ms = static_cast<std::uint64_t>(std::numeric_limits<Timestamp>::max() / ns_per_ms);
  if (((f.seen & Fields::E_) && f.E > max_ms) || ((f.seen & Fields::T_) && f.T > max_ms))
    return parse_status::malformed;
  const auto ms = [](std::uint64_t v) { return static_cast<Timestamp>(v) * ns_per_ms; };

  if (depth) {
    if (!f.has(Fields::E_ | Fields::U_ | Fields::u_ | Fields::pu_ | Fields::b_levels | Fields::a_levels))
      return parse_status::malformed;
    const market::BookDiff diff{id, ms(f.E), f.U, f.u, f.pu, levels_of(bids_, n_bids_), levels_of(asks_, n_asks_)};
    last_book_ = handler.on_book_diff(diff);
    return parse_status::ok;
  }
  if (trade || agg) {
    // trade: E, T, s, t, p, q, X, m; aggTrade: E, s, a, p, q, f, l, T, m.
    market::TradeTick t;
    t.instrument = id;
    if (!f.has(Fields::T_ | Fields::m_ | (agg ? Fields::a_id_ : Fields::t_)) ||
        !decimal_field(f, Fields::p_, f.p, t.price) || !decimal_field(f, Fields::q_, f.q, t.qty))
      return parse_status::malformed;
    t.ts = ms(f.T);
    t.trade_id = agg ? f.a_id : f.t;
    // m = buyer is the maker, so the taker sold.
    t.aggressor = f.m ? Side::sell : Side::buy;
    handler.on_trade(t);
    return parse_status::ok;
  }
  if (ticker) {
    Price bid, ask;
    Qty bid_qty, ask_qty;
    if (!f.has(Fields::E_ | Fields::u_) || !decimal_field(f, Fields::b_, f.b, bid) ||
        !decimal_field(f, Fields::B_, f.B, bid_qty) || !decimal_field(f, Fields::a_, f.a, ask) ||
        !decimal_field(f, Fields::A_, f.A, ask_qty))
      return parse_status::malformed;
    // Field by field: a whole-struct copy is a slow block move here.
    ticker_.instrument = id;
    ticker_.update_id = f.u;
    ticker_.ts = ms(f.E);
    ticker_.bid = {bid, bid_qty};
    ticker_.ask = {ask, ask_qty};
    if (id < best_.size()) best_[id] = {bid, ask};
    return parse_status::ok;
  }
  if (mark) {
    // E, s, p (mark), i (index), P (estimated settle), r (funding rate), T (next funding).
    market::MarkPrice m;
    m.instrument = id;
    if (!f.has(Fields::E_ | Fields::T_) || !decimal_field(f, Fields::p_, f.p, m.mark) ||
        !decimal_field(f, Fields::i_, f.i, m.index) || !decimal_field(f, Fields::r_, f.r, m.funding_rate))
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
  if (!f.has(Fields::E_) || !decimal_field(f, Fields::c_, f.c, t.last) ||
      !decimal_field(f, Fields::h_, f.h, t.high_24h) || !decimal_field(f, Fields::l_, f.l, t.low_24h) ||
      !decimal_field(f, Fields::v_, f.v, t.volume_24h) || !decimal_field(f, Fields::q_, f.q, quote_volume))
    return parse_status::malformed;
  t.ts = ms(f.E);
  t.quote_volume_24h = Money::from_raw(quote_volume.raw());
  // The futures ticker has no best bid/ask: take them from the book ticker stream.
  if (id < best_.size()) {
    t.best_bid = best_[id].bid;
    t.best_ask = best_[id].ask;
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
      !uint_field(root, "lastUpdateId", last_update_id) || root["bids"].get_array().get(b) ||
      !levels(b, bids_, n_bids_) || root["asks"].get_array().get(a) || !levels(a, asks_, n_asks_)) {
    ++malformed_;
    return parse_status::malformed;
  }
  last_book_ =
      handler.on_book({instrument, received, levels_of(bids_, n_bids_), levels_of(asks_, n_asks_), last_update_id});
  return parse_status::ok;
}

}  // namespace symphony::venue::aster
