#include "venue/aster/rest_parser.hpp"

#include <symphony/venue/errors.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <type_traits>

namespace symphony::venue::aster {

namespace {

using nlohmann::json;

// Parses `body`; a parse error becomes a message naming the byte.
bool load(std::string_view body, json& out, std::string& error) {
  try {
    out = json::parse(body);
    return true;
  } catch (const json::parse_error& e) {
    error = "malformed JSON at byte " + std::to_string(e.byte);
    return false;
  } catch (const json::exception& e) {
    error = std::string("malformed JSON: ") + e.what();  // e.g. a number too large for a double
    return false;
  }
}

// What a decimal field may hold: a quantity or price from the venue is never negative, and
// an execution's quantity and price are never zero either. Anything else is malformed.
enum class sign { any, non_negative, positive };

// A decimal field sent as a string (or, for a few fields, a bare number). More than eight
// decimals are accepted when the extra digits are zeros (Fixed::parse allows them).
template <class F>
bool decimal(const json& o, const char* key, F& out, std::string& error, bool required = true,
             sign allowed = sign::any) {
  const auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (!required) return true;
    error = std::string("missing field '") + key + "'";
    return false;
  }
  std::string text;
  if (it->is_string())
    text = it->get<std::string>();
  else if (it->is_number_unsigned())
    text = std::to_string(it->get<std::uint64_t>());
  else if (it->is_number_integer())
    text = std::to_string(it->get<std::int64_t>());
  else {
    error = std::string("field '") + key + "' is not a decimal string";
    return false;
  }
  auto parsed = F::parse(text);
  if (!parsed) {
    error = std::string("field '") + key + "': bad decimal '" + text + "'";
    return false;
  }
  if ((allowed == sign::non_negative && parsed->is_negative()) ||
      (allowed == sign::positive && !parsed->is_positive())) {
    error = std::string("field '") + key + "' must be " + (allowed == sign::positive ? "positive" : "non-negative") +
            ", not '" + text + "'";
    return false;
  }
  out = *parsed;
  return true;
}

template <class F>
bool positive(const json& o, const char* key, F& out, std::string& error) {
  return decimal(o, key, out, error, true, sign::positive);
}
template <class F>
bool non_negative(const json& o, const char* key, F& out, std::string& error, bool required = true) {
  return decimal(o, key, out, error, required, sign::non_negative);
}

template <class T>
bool field(const json& o, const char* key, T& out, std::string& error) {
  const auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    error = std::string("missing field '") + key + "'";
    return false;
  }
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // Integers only, and only those that fit: a float or a huge number is an error, not a
    // silently converted (or undefined) value.
    bool fits = false;
    if (it->is_number_unsigned()) {
      const auto v = it->get<std::uint64_t>();
      fits = v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
      if (fits) out = static_cast<T>(v);
    } else if (it->is_number_integer()) {
      const auto v = it->get<std::int64_t>();
      fits = std::is_signed_v<T> ? v >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                                       v <= static_cast<std::int64_t>(std::numeric_limits<T>::max())
                                 : false;
      if (fits) out = static_cast<T>(v);
    } else {
      error = std::string("field '") + key + "' is not an integer";
      return false;
    }
    if (!fits) error = std::string("field '") + key + "' is out of range";
    return fits;
  } else {
    try {
      out = it->get<T>();
      return true;
    } catch (const json::exception&) {
      error = std::string("field '") + key + "' has the wrong type";
      return false;
    }
  }
}

// A venue time in milliseconds, as our nanosecond clock holds it.
struct Millis {
  Timestamp ns = 0;
};
constexpr std::int64_t max_ms = std::numeric_limits<Timestamp>::max() / ns_per_ms;
bool field(const json& o, const char* key, Millis& out, std::string& error) {
  std::int64_t ms = 0;
  if (!field(o, key, ms, error)) return false;
  if (ms < 0 || ms > max_ms) {
    error = std::string("field '") + key + "' is not a time";
    return false;
  }
  out.ns = ms * ns_per_ms;
  return true;
}

void optional_string(const json& o, const char* key, std::string& out) {
  const auto it = o.find(key);
  if (it != o.end() && it->is_string()) out = it->get<std::string>();
}

bool side_of(std::string_view s, Side& out) {
  if (s == "BUY")
    out = Side::buy;
  else if (s == "SELL")
    out = Side::sell;
  else
    return false;
  return true;
}

bool order_of(const json& o, const SymbolLookup& lookup, OrderUpdate& u, bool& ours, std::string& error) {
  std::string symbol, status;
  if (!field(o, "symbol", symbol, error)) return false;
  ours = lookup(symbol, u.instrument);
  if (!ours) return true;
  std::uint64_t id = 0;
  if (!field(o, "orderId", id, error) || !field(o, "clientOrderId", u.client_order_id, error) ||
      !field(o, "status", status, error) || !non_negative(o, "executedQty", u.filled_qty, error) ||
      !non_negative(o, "avgPrice", u.avg_price, error, false))
    return false;
  u.venue_order_id = id;
  if (!order_status_of(status, u.status)) {
    error = "unknown order status '" + status + "'";
    return false;
  }
  // The time is optional; when it is there it must be one.
  Millis ms;
  for (const char* key : {"updateTime", "time"})
    if (o.contains(key) && !o[key].is_null()) {
      if (!field(o, key, ms, error)) return false;
      break;
    }
  u.ts = ms.ns;
  return true;
}

Failure malformed(std::string what) { return Failure(std::move(what), VenueErrc::malformed_answer); }

}  // namespace

bool order_status_of(std::string_view text, OrderStatus& out) {
  if (text == "NEW" || text == "NEW_INSURANCE" || text == "NEW_ADL")
    out = OrderStatus::accepted;
  else if (text == "PARTIALLY_FILLED")
    out = OrderStatus::partially_filled;
  else if (text == "FILLED")
    out = OrderStatus::filled;
  else if (text == "CANCELED")
    out = OrderStatus::canceled;
  else if (text == "REJECTED")
    out = OrderStatus::rejected;
  else if (text == "EXPIRED" || text == "EXPIRED_IN_MATCH")
    out = OrderStatus::expired;
  else
    return false;
  return true;
}

std::optional<ApiError> parse_error(std::string_view body) {
  json j;
  std::string ignored;
  if (!load(body, j, ignored) || !j.is_object() || !j.contains("code")) return std::nullopt;
  ApiError e;
  const json& c = j["code"];
  if (c.is_number_integer()) {
    const auto v = c.get<std::int64_t>();
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) return std::nullopt;
    e.code = static_cast<int>(v);
  } else if (c.is_string())
    e.code = std::atoi(c.get<std::string>().c_str());
  else
    return std::nullopt;
  if (e.code >= 0) return std::nullopt;
  if (j.contains("msg") && j["msg"].is_string()) e.msg = j["msg"].get<std::string>();
  return e;
}

result<ExchangeInfo, Failure> parse_exchange_info(std::string_view body) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object() || !j.contains("symbols") || !j["symbols"].is_array())
    return malformed("exchangeInfo: no 'symbols' array");
  ExchangeInfo info;
  if (Millis t; j.contains("serverTime") && field(j, "serverTime", t, error)) info.server_time = t.ns;
  error.clear();
  if (j.contains("rateLimits") && j["rateLimits"].is_array()) {
    for (const json& r : j["rateLimits"]) {
      std::string type, interval;
      std::uint32_t num = 0, limit = 0;
      if (!field(r, "rateLimitType", type, error) || !field(r, "interval", interval, error) ||
          !field(r, "intervalNum", num, error) || !field(r, "limit", limit, error))
        return malformed("exchangeInfo.rateLimits: " + error);
      net::RateLimit rl;
      if (type == "REQUEST_WEIGHT")
        rl.bucket = net::RateLimit::bucket_of(net::RateLimit::Kind::request_weight);
      else if (type == "ORDERS")
        rl.bucket = net::RateLimit::bucket_of(net::RateLimit::Kind::orders);
      else
        continue;  // RAW_REQUESTS and future kinds: not counted here
      Duration unit = 0;
      if (interval == "SECOND")
        unit = ns_per_s;
      else if (interval == "MINUTE")
        unit = ns_per_min;
      else if (interval == "HOUR")
        unit = ns_per_hour;
      else if (interval == "DAY")
        unit = 24 * ns_per_hour;
      else
        return malformed("exchangeInfo.rateLimits: unknown interval '" + interval + "'");
      rl.interval = unit * num;
      rl.limit = limit;
      info.rate_limits.push_back(rl);
    }
  }
  for (const json& s : j["symbols"]) {
    SymbolInfo si;
    Instrument& in = si.instrument;
    in.venue = "aster";
    if (!field(s, "symbol", in.symbol, error) || !field(s, "status", si.status, error))
      return malformed("exchangeInfo.symbols: " + error);
    optional_string(s, "baseAsset", si.base_asset);
    optional_string(s, "quoteAsset", si.quote_asset);
    optional_string(s, "marginAsset", si.margin_asset);
    optional_string(s, "contractType", si.contract_type);
    in.kind = InstrumentKind::perpetual;
    if (s.contains("OrderType") && s["OrderType"].is_array())
      for (const json& t : s["OrderType"])
        if (t.is_string()) si.order_types.push_back(t);
    if (s.contains("timeInForce") && s["timeInForce"].is_array())
      for (const json& t : s["timeInForce"])
        if (t.is_string()) si.time_in_force.push_back(t);
    // One symbol we cannot represent (a tick finer than 1e-8, a filter we cannot read)
    // is refused alone, with its reason; the others stay usable.
    const auto filters = [&]() -> std::string {
      if (!s.contains("filters") || !s["filters"].is_array()) return std::string("no filters");
      bool tick = false, lot = false;
      for (const json& f : s["filters"]) {
        std::string type;
        if (!field(f, "filterType", type, error)) return error;
        bool ok = true;
        if (type == "PRICE_FILTER") {
          ok = decimal(f, "tickSize", in.tick_size, error) && decimal(f, "minPrice", in.min_price, error) &&
               decimal(f, "maxPrice", in.max_price, error);
          tick = ok;
        } else if (type == "LOT_SIZE") {
          ok = decimal(f, "stepSize", in.step_size, error) && decimal(f, "minQty", in.min_qty, error) &&
               decimal(f, "maxQty", in.max_qty, error);
          lot = ok;
        } else if (type == "MARKET_LOT_SIZE") {
          ok = decimal(f, "maxQty", in.market_max_qty, error);
        } else if (type == "MIN_NOTIONAL") {
          ok = decimal(f, "notional", in.min_notional, error);
        } else if (type == "PERCENT_PRICE") {
          ok = decimal(f, "multiplierUp", in.price_band_up, error) &&
               decimal(f, "multiplierDown", in.price_band_down, error);
        } else if (type == "MAX_NUM_ORDERS") {
          ok = field(f, "limit", in.max_open_orders, error);
        } else if (type == "MAX_NUM_ALGO_ORDERS") {
          ok = field(f, "limit", in.max_open_algo_orders, error);
        }
        if (!ok) return type + ": " + error;
      }
      if (!tick || !lot) return std::string("PRICE_FILTER and LOT_SIZE are required");
      if (!in.tick_size.is_positive() || !in.step_size.is_positive())
        return std::string("tick size and step size must be positive");
      return {};
    };
    si.refused = filters();
    error.clear();
    info.symbols.push_back(std::move(si));
  }
  return info;
}

result<Timestamp, Failure> parse_server_time(std::string_view body) {
  std::string error;
  json j;
  Millis ms;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object() || !field(j, "serverTime", ms, error)) return malformed("time: " + error);
  return ms.ns;
}

result<std::vector<market::Candle>, Failure> parse_klines(std::string_view body, Timestamp now) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_array()) return malformed("klines: not an array");
  std::vector<market::Candle> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const json& row = j[i];
    const std::string where = "klines[" + std::to_string(i) + "]: ";
    if (!row.is_array() || row.size() < 9)
      return malformed(where + "expected [openTime, o, h, l, c, v, closeTime, q, n, ...]");
    const json wrap = {{"t", row[0]}, {"o", row[1]}, {"h", row[2]}, {"l", row[3]},
                       {"c", row[4]}, {"v", row[5]}, {"T", row[6]}, {"n", row[8]}};
    market::Candle c;
    Millis open, close;
    if (!field(wrap, "t", open, error) || !field(wrap, "T", close, error) || !field(wrap, "n", c.trades, error))
      return malformed(where + error);
    if (close.ns >= now) continue;  // still forming
    c.open_ts = open.ns;
    if (!decimal(wrap, "o", c.open, error) || !decimal(wrap, "h", c.high, error) || !decimal(wrap, "l", c.low, error) ||
        !decimal(wrap, "c", c.close, error) || !decimal(wrap, "v", c.volume, error))
      return malformed(where + error);
    // A bar the indicators can use: low <= open, close <= high, nothing negative, and
    // closing after it opens.
    if (c.low.is_negative() || c.volume.is_negative() || c.low > std::min(c.open, c.close) ||
        c.high < std::max(c.open, c.close) || close.ns < open.ns)
      return malformed(where + "inconsistent bar (low " + c.low.to_string() + ", high " + c.high.to_string() +
                       ", open " + c.open.to_string() + ", close " + c.close.to_string() + ")");
    out.push_back(c);
  }
  return out;
}

result<OrderUpdate, Failure> parse_order(std::string_view body, const SymbolLookup& lookup) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object()) return malformed("order: not an object");
  OrderUpdate u;
  bool ours = false;
  if (!order_of(j, lookup, u, ours, error)) return malformed("order: " + error);
  if (!ours) return malformed("order: symbol is not traded here");
  return u;
}

result<std::vector<OrderUpdate>, Failure> parse_orders(std::string_view body, const SymbolLookup& lookup) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_array()) return malformed("openOrders: not an array");
  std::vector<OrderUpdate> out;
  for (const json& o : j) {
    OrderUpdate u;
    bool ours = false;
    if (!o.is_object() || !order_of(o, lookup, u, ours, error)) return malformed("openOrders: " + error);
    if (ours) out.push_back(std::move(u));
  }
  return out;
}

result<std::vector<VenuePosition>, Failure> parse_positions(std::string_view body, const SymbolLookup& lookup) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_array()) return malformed("positionRisk: not an array");
  std::vector<VenuePosition> out;
  for (const json& p : j) {
    std::string symbol;
    VenuePosition v;
    if (!p.is_object() || !field(p, "symbol", symbol, error)) return malformed("positionRisk: " + error);
    // Absent in old answers: one-way. A hedge-mode row of any symbol means the whole
    // account is in hedge mode.
    if (p.contains("positionSide")) {
      std::string side;
      if (!field(p, "positionSide", side, error)) return malformed("positionRisk: " + symbol + ": " + error);
      if (side != "BOTH") {
        return Failure{"positionRisk: " + symbol + " has a " + side + " row: " + hedge_mode_error,
                       VenueErrc::unsupported_account};
      }
    }
    // A symbol we do not trade is not read further: its amounts (however large) are not ours.
    if (!lookup(symbol, v.instrument)) continue;
    if (!decimal(p, "positionAmt", v.qty, error) || !non_negative(p, "entryPrice", v.entry_price, error))
      return malformed("positionRisk: " + symbol + ": " + error);
    // The venue's own time of the position's last change (0: never changed, or not given).
    if (p.contains("updateTime")) {
      Millis ms;
      if (!field(p, "updateTime", ms, error)) return malformed("positionRisk: " + symbol + ": " + error);
      v.update_ts = ms.ns;
    }
    out.push_back(v);  // flat rows too: they say "flat", where a missing row says nothing
  }
  return out;
}

result<Money, Failure> parse_balance(std::string_view body, std::string_view asset) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_array()) return malformed("balance: not an array");
  for (const json& b : j) {
    std::string name;
    if (!b.is_object() || !field(b, "asset", name, error)) return malformed("balance: " + error);
    if (name != asset) continue;
    Money m;
    if (!decimal(b, "balance", m, error)) return malformed("balance: " + error);
    return m;
  }
  return Money{};
}

result<std::string, Failure> parse_listen_key(std::string_view body) {
  std::string error;
  json j;
  std::string key;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object() || !field(j, "listenKey", key, error) || key.empty())
    return malformed("listenKey: " + (error.empty() ? std::string("empty") : error));
  return key;
}

result<market::MarkPrice, Failure> parse_premium_index(std::string_view body, InstrumentId id) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  market::MarkPrice m;
  m.instrument = id;
  Millis time, next;
  if (!j.is_object() || !decimal(j, "markPrice", m.mark, error) || !decimal(j, "indexPrice", m.index, error) ||
      !decimal(j, "lastFundingRate", m.funding_rate, error) || !field(j, "nextFundingTime", next, error) ||
      !field(j, "time", time, error))
    return malformed("premiumIndex: " + error);
  m.ts = time.ns;
  m.next_funding_ts = next.ns;
  return m;
}

result<std::vector<UserTrade>, Failure> parse_user_trades(std::string_view body, const SymbolLookup& lookup) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_array()) return malformed("userTrades: not an array");
  std::vector<UserTrade> out;
  for (const json& t : j) {
    std::string symbol, side;
    UserTrade ut;
    Fill& f = ut.fill;
    Millis ms;
    bool maker = false;
    if (!t.is_object() || !field(t, "symbol", symbol, error) || !field(t, "id", f.fill_id, error) ||
        !field(t, "orderId", ut.venue_order_id, error) || !field(t, "side", side, error) ||
        !positive(t, "price", f.price, error) || !positive(t, "qty", f.qty, error) ||
        !decimal(t, "commission", f.fee, error) || !field(t, "time", ms, error) || !field(t, "maker", maker, error))
      return malformed("userTrades: " + error);
    if (!side_of(side, f.side)) return malformed("userTrades: bad side '" + side + "'");
    if (!lookup(symbol, f.instrument)) continue;
    f.ts = ms.ns;
    f.liquidity = maker ? Liquidity::maker : Liquidity::taker;
    out.push_back(ut);
  }
  return out;
}

result<CommissionRate, Failure> parse_commission_rate(std::string_view body) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  CommissionRate c;
  if (!j.is_object() || !decimal(j, "makerCommissionRate", c.maker, error) ||
      !decimal(j, "takerCommissionRate", c.taker, error))
    return malformed("commissionRate: " + error);
  return c;
}

result<bool, Failure> parse_position_mode(std::string_view body) {
  std::string error;
  json j;
  bool dual = false;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object() || !field(j, "dualSidePosition", dual, error)) return malformed("positionSide/dual: " + error);
  return dual;
}

result<int, Failure> parse_leverage(std::string_view body) {
  std::string error;
  json j;
  int lev = 0;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object() || !field(j, "leverage", lev, error)) return malformed("leverage: " + error);
  return lev;
}

result<void, Failure> parse_ack(std::string_view body) {
  json j;
  std::string error;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object()) return malformed("expected an object");
  if (const auto e = parse_error(body))
    return Failure{"venue error " + std::to_string(e->code) + ": " + e->msg, VenueErrc::rejected};
  return {};
}

result<std::vector<BatchItem>, Failure> parse_batch_orders(std::string_view body, const SymbolLookup& lookup) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_array()) return malformed("batchOrders: not an array");
  std::vector<BatchItem> out;
  for (const json& o : j) {
    BatchItem item;
    if (o.is_object() && o.contains("code") && !o.contains("orderId")) {
      if (auto e = parse_error(o.dump()))
        item.error = *e;
      else
        return malformed("batchOrders: an element with a code that is not an error");
    } else {
      OrderUpdate u;
      bool ours = false;
      if (!o.is_object() || !order_of(o, lookup, u, ours, error)) return malformed("batchOrders: " + error);
      if (!ours) return malformed("batchOrders: symbol is not traded here");
      item.order = std::move(u);
    }
    out.push_back(std::move(item));
  }
  return out;
}

result<UserEvent, Failure> parse_user_event(std::string_view body, const SymbolLookup& lookup,
                                            std::string_view margin_asset) {
  std::string error;
  json j;
  if (!load(body, j, error)) return malformed(error);
  if (!j.is_object()) return malformed("user event: not an object");
  UserEvent ev;
  std::string e;
  Millis event_ms;
  if (!field(j, "e", e, error) || !field(j, "E", event_ms, error)) return malformed("user event: " + error);
  ev.event_ts = event_ms.ns;
  if (e == "listenKeyExpired") {
    ev.kind = UserEvent::Kind::listen_key_expired;
    return ev;
  }
  if (e == "ORDER_TRADE_UPDATE") {
    if (!j.contains("o") || !j["o"].is_object()) return malformed("ORDER_TRADE_UPDATE: no 'o'");
    const json& o = j["o"];
    std::string symbol, side, exec, status;
    std::uint64_t order_id = 0, trade_id = 0;
    Millis trade_ms;
    OrderUpdate& u = ev.order;
    if (!field(o, "s", symbol, error) || !field(o, "c", u.client_order_id, error) || !field(o, "S", side, error) ||
        !field(o, "x", exec, error) || !field(o, "X", status, error) || !field(o, "i", order_id, error) ||
        !non_negative(o, "z", u.filled_qty, error) || !non_negative(o, "ap", u.avg_price, error) ||
        !field(o, "T", trade_ms, error))
      return malformed("ORDER_TRADE_UPDATE: " + error);
    if (!side_of(side, ev.side)) return malformed("ORDER_TRADE_UPDATE: bad side '" + side + "'");
    if (!order_status_of(status, u.status)) return malformed("ORDER_TRADE_UPDATE: unknown status '" + status + "'");
    if (!lookup(symbol, u.instrument)) {
      ev.kind = UserEvent::Kind::other;  // not one of our symbols
      return ev;
    }
    ev.kind = UserEvent::Kind::order;
    u.venue_order_id = order_id;
    u.ts = trade_ms.ns;
    if (exec == "EXPIRED" || exec == "CANCELED" || exec == "REJECTED") u.reason = "venue: " + exec;
    if (exec == "TRADE") {
      Fill f;
      if (!field(o, "t", trade_id, error) || !positive(o, "l", f.qty, error) || !positive(o, "L", f.price, error))
        return malformed("ORDER_TRADE_UPDATE: " + error);
      // The fee is present only when charged; a rebate is negative.
      if (!decimal(o, "n", f.fee, error, false)) return malformed("ORDER_TRADE_UPDATE: " + error);
      bool maker = false;
      if (o.contains("m") && o["m"].is_boolean()) maker = o["m"].get<bool>();
      f.fill_id = trade_id;
      f.client_order_id = u.client_order_id;
      f.instrument = u.instrument;
      f.side = ev.side;
      f.liquidity = maker ? Liquidity::maker : Liquidity::taker;
      f.ts = u.ts;
      ev.fill = f;
    }
    return ev;
  }
  if (e == "ACCOUNT_UPDATE") {
    if (!j.contains("a") || !j["a"].is_object()) return malformed("ACCOUNT_UPDATE: no 'a'");
    ev.kind = UserEvent::Kind::account;
    const json& a = j["a"];
    if (a.contains("B") && a["B"].is_array())
      for (const json& b : a["B"]) {
        std::string asset;
        if (!field(b, "a", asset, error)) return malformed("ACCOUNT_UPDATE.B: " + error);
        if (asset != margin_asset) continue;
        if (!decimal(b, "wb", ev.wallet_balance, error)) return malformed("ACCOUNT_UPDATE.B: " + error);
        ev.has_wallet = true;
      }
    if (a.contains("P") && a["P"].is_array())
      for (const json& p : a["P"]) {
        std::string symbol, ps;
        VenuePosition v;
        if (!field(p, "s", symbol, error)) return malformed("ACCOUNT_UPDATE.P: " + error);
        if (p.contains("ps") && p["ps"].is_string() && p["ps"] != "BOTH") {
          ev.hedge_legs = true;  // never one of our positions: the account is in hedge mode
          continue;
        }
        if (!lookup(symbol, v.instrument)) continue;  // not ours: its amounts are not read
        if (!decimal(p, "pa", v.qty, error) || !non_negative(p, "ep", v.entry_price, error))
          return malformed("ACCOUNT_UPDATE.P: " + symbol + ": " + error);
        v.update_ts = ev.event_ts;
        ev.positions.push_back(v);
      }
    return ev;
  }
  if (e == "ACCOUNT_CONFIG_UPDATE") {
    ev.kind = UserEvent::Kind::config;
    return ev;
  }
  return ev;  // MARGIN_CALL, ...: kind other
}

}  // namespace symphony::venue::aster
