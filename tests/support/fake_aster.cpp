#include "fake_aster.hpp"

#include <symphony/core/position_math.hpp>

#include "venue/aster/rest_client.hpp"
#include "venue/aster/signer.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <fstream>
#include <sstream>

namespace symphony::test {

using nlohmann::json;
namespace aster = venue::aster;

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::map<std::string, std::string> parse_params(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto amp = text.find('&', start);
    const std::string kv = text.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    const auto eq = kv.find('=');
    const auto k = aster::url_decode(kv.substr(0, eq));
    const auto v = eq == std::string::npos ? std::optional<std::string>("") : aster::url_decode(kv.substr(eq + 1));
    // A malformed escape keeps the key (or value) as sent, so the request fails its check.
    out[k.value_or(kv.substr(0, eq))] = v.value_or(kv.substr(eq + 1));
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

std::string error_body(int code, const std::string& msg) { return json{{"code", code}, {"msg", msg}}.dump(); }

std::string sample(const std::string& name) {
  std::ifstream in(std::string(SYMPHONY_TEST_DATA_DIR) + "/aster/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Level {
  Price price;
  Qty qty;
};

}  // namespace

struct FakeAster::State {
  mutable std::mutex mu;
  Config cfg;
  Price mid;
  Price last_trade;
  std::uint64_t update_id = 5'000'000;
  std::uint64_t trade_id = 1;
  std::uint64_t agg_id = 1;
  std::uint64_t next_order_id = 9000;
  bool gap = false;
  bool lose_next = false;
  bool silence_lost = false;
  std::int64_t query_lag_ms = 0;
  bool refuse_user = false;
  int refused_upgrades = 0;
  std::string lost_order;
  bool malformed = false;
  struct Failure {
    int status = 0;
    int count = 0;
    int retry_after = 1;
    int code = 0;  // 0: -1003 for 429, else -1000 "Internal error."
    std::string msg;
  };
  std::map<std::string, Failure> failures;
  std::map<std::string, Order> orders;
  std::vector<std::string> order_seq;
  std::map<std::string, int> submissions, queries, requests;
  int rate_limited = 0;
  std::vector<std::string> sig_errors;
  std::vector<std::string> wrong_paths;
  bool hedge = false;  // dual-side position mode
  std::deque<std::uint64_t> nonces;
  std::set<std::uint64_t> market_sessions, user_sessions, stalled;
  int market_connects = 0, user_connects = 0;
  std::string listen_key = "fakeListenKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR";
  bool listen_key_live = true;
  int listen_keys = 0, keep_alives = 0, expiries = 0;
  PositionState position;
  Money wallet;
  struct Trade {
    std::uint64_t id, order_id;
    std::string side;
    Price price;
    Qty qty;
    Money fee;
    bool maker;
    std::int64_t time;
  };
  std::vector<Trade> trades;
  std::int64_t window_minute = 0;
  std::uint32_t weight_used = 0;
  std::int64_t ticks = 0;
  std::vector<std::pair<std::uint64_t, std::string>> out_market, out_user;  // to send after unlocking

  /// The venue's time: the wall clock, plus the test's shared offset when it has one.
  [[nodiscard]] std::int64_t now_ms() const {
    return wall_ms() + (cfg.clock_offset ? cfg.clock_offset->load(std::memory_order_acquire) / ns_per_ms : 0);
  }

  std::vector<Level> bids() const {
    std::vector<Level> v;
    for (int k = 1; k <= 20; ++k) v.push_back({mid - Price::from_raw(cfg.tick.raw() * k), cfg.level_qty});
    return v;
  }
  std::vector<Level> asks() const {
    std::vector<Level> v;
    for (int k = 1; k <= 20; ++k) v.push_back({mid + Price::from_raw(cfg.tick.raw() * k), cfg.level_qty});
    return v;
  }
  static json levels(const std::vector<Level>& ls) {
    json a = json::array();
    for (const auto& l : ls) a.push_back({l.price.to_string(), l.qty.to_string()});
    return a;
  }
  void market(const std::string& stream, const json& data) {
    const std::string frame = json{{"stream", stream}, {"data", data}}.dump();
    for (auto s : market_sessions)
      if (!stalled.count(s)) out_market.emplace_back(s, frame);
  }
  std::string lower_symbol() const {
    std::string s = cfg.symbol;
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  json order_json(const Order& o) const {
    json j = json::parse(sample("rest_query_order.json"));
    j["symbol"] = cfg.symbol;
    j["clientOrderId"] = o.client_id;
    j["orderId"] = o.id;
    j["side"] = o.side;
    j["type"] = o.type;
    j["origType"] = o.type;
    j["timeInForce"] = o.tif.empty() ? "GTC" : o.tif;
    j["origQty"] = o.qty.to_string();
    j["executedQty"] = o.filled.to_string();
    j["cumQty"] = o.filled.to_string();
    j["avgPrice"] = o.avg_price.to_string();
    j["price"] = o.price.to_string();
    j["stopPrice"] = o.stop_price.to_string();
    j["reduceOnly"] = o.reduce_only;
    j["closePosition"] = o.close_position;
    j["positionSide"] = "BOTH";
    j["status"] = o.status;
    j["updateTime"] = now_ms();
    j.erase("activatePrice");
    j.erase("priceRate");
    return j;
  }

  void user_order_event(const Order& o, const std::string& exec, const Trade* t) {
    if (user_sessions.empty()) return;
    if (silence_lost && o.client_id == lost_order) return;
    json ev = json::parse(sample("ws_user_order_trade_update.json"));
    const std::int64_t ms = now_ms();
    ev["E"] = ms;
    ev["T"] = ms;
    json& x = ev["o"];
    x["s"] = cfg.symbol;
    x["c"] = o.client_id;
    x["S"] = o.side;
    x["o"] = o.type;
    x["ot"] = o.type;
    x["f"] = o.tif.empty() ? "GTC" : o.tif;
    x["q"] = o.qty.to_string();
    x["p"] = o.price.to_string();
    x["ap"] = o.avg_price.to_string();
    x["sp"] = o.stop_price.to_string();
    x["x"] = exec;
    x["X"] = o.status;
    x["i"] = o.id;
    x["z"] = o.filled.to_string();
    x["T"] = ms;
    x["R"] = o.reduce_only;
    x["cp"] = o.close_position;
    x["ps"] = "BOTH";
    x["l"] = t ? t->qty.to_string() : "0";
    x["L"] = t ? t->price.to_string() : "0";
    x["t"] = t ? t->id : 0;
    x["n"] = t ? t->fee.to_string() : "0";
    x["m"] = t ? t->maker : false;
    x.erase("AP");
    x.erase("cr");
    const std::string text = ev.dump();
    for (auto s : user_sessions) out_user.emplace_back(s, text);
  }

  Qty reducible(const std::string& side) const {
    const Qty q = position.qty;
    if (side == "SELL" && q.is_positive()) return q;
    if (side == "BUY" && q.is_negative()) return q.abs();
    return Qty{};
  }

  // Executes `qty` of `o` at `price`; false when nothing could execute.
  void execute(Order& o, Qty qty, Price price, bool maker) {
    if (qty.is_zero()) return;
    const Side side = o.side == "BUY" ? Side::buy : Side::sell;
    const Money realized = position.apply_fill(side, qty, price);
    const Money fee = scale(notional(price, qty), maker ? Ratio::from_raw(20'000) : Ratio::from_raw(40'000));
    wallet = wallet + realized - fee;
    const Money before = notional(o.avg_price, o.filled);
    o.filled = o.filled + qty;
    o.avg_price = price_of(before + notional(price, qty), o.filled);
    o.status = o.filled >= o.qty ? "FILLED" : "PARTIALLY_FILLED";
    last_trade = price;
    trades.push_back({trade_id++, o.id, o.side, price, qty, fee, maker, now_ms()});
    user_order_event(o, "TRADE", &trades.back());
  }

  void market_fill(Order& o) {
    Qty want = o.qty - o.filled;
    if (o.reduce_only || o.close_position) want = std::min(want, reducible(o.side));
    if (want.is_zero()) {
      o.status = "EXPIRED";
      user_order_event(o, "EXPIRED", nullptr);
      return;
    }
    const Price px = o.side == "BUY" ? mid + cfg.tick : mid - cfg.tick;
    execute(o, want, px, false);
    if (o.status != "FILLED") {
      o.status = "EXPIRED";
      user_order_event(o, "EXPIRED", nullptr);
    }
  }

  void check_resting() {
    const Price bid = mid - cfg.tick, ask = mid + cfg.tick;
    for (const auto& id : order_seq) {
      Order& o = orders[id];
      if (o.status != "NEW" && o.status != "PARTIALLY_FILLED") continue;
      if (o.type == "STOP_MARKET" || o.type == "TAKE_PROFIT_MARKET") {
        const bool stop = o.type == "STOP_MARKET";
        const bool on_fall = (o.side == "SELL") == stop;
        const bool fired = on_fall ? last_trade <= o.stop_price : last_trade >= o.stop_price;
        if (!fired) continue;
        if (o.close_position) o.qty = reducible(o.side);
        market_fill(o);
      } else if (o.type == "LIMIT") {
        const bool touched = o.side == "BUY" ? ask <= o.price : bid >= o.price;
        if (touched) execute(o, o.qty - o.filled, o.price, true);
      }
    }
  }
};

FakeAster::FakeAster(const TestPki& pki, Config config) : state_(std::make_unique<State>()) {
  state_->cfg = std::move(config);
  state_->mid = state_->cfg.start_price;
  state_->last_trade = state_->mid;
  state_->wallet = state_->cfg.balance;
  server_ = std::make_unique<TlsServer>(
      pki, TlsServer::Handlers{[this](const ServerRequest& r) { return http(r); },
                               [this](std::uint64_t s, const std::string& t) { return ws_open(s, t); },
                               {},
                               [this](std::uint64_t s) { ws_closed(s); }});
  server_->every(state_->cfg.tick_interval, [this] { tick(); });
}

FakeAster::~FakeAster() {
  // The server's thread reads server_ (to send): stop it before the pointer changes.
  server_->stop();
  server_.reset();
}

void FakeAster::tick() {
  std::vector<std::pair<std::uint64_t, std::string>> market, user;
  {
    std::lock_guard lock(state_->mu);
    State& s = *state_;
    const auto old_bids = s.bids(), old_asks = s.asks();
    s.mid = s.mid + s.cfg.drift;
    const auto bids = s.bids(), asks = s.asks();
    const std::int64_t ms = s.now_ms();
    const std::string sym = s.lower_symbol();
    // Every level, absolute; the levels that left the window at quantity 0.
    auto diff_side = [](const std::vector<Level>& now, const std::vector<Level>& before) {
      std::vector<Level> out = now;
      for (const auto& b : before) {
        bool present = false;
        for (const auto& n : now) present |= n.price == b.price;
        if (!present) out.push_back({b.price, Qty{}});
      }
      return out;
    };
    const std::uint64_t prev = s.update_id;
    const std::uint64_t first = prev + (s.gap ? 5 : 1);
    const std::uint64_t last = first + 2;
    json depth = {{"e", "depthUpdate"},
                  {"E", ms},
                  {"T", ms},
                  {"s", s.cfg.symbol},
                  {"U", first},
                  {"u", last},
                  {"pu", s.gap ? prev + 3 : prev},
                  {"b", State::levels(diff_side(bids, old_bids))},
                  {"a", State::levels(diff_side(asks, old_asks))}};
    s.gap = false;
    s.update_id = last;
    s.market(sym + "@depth@100ms", depth);
    s.market(sym + "@bookTicker", {{"e", "bookTicker"},
                                   {"u", last},
                                   {"E", ms},
                                   {"T", ms},
                                   {"s", s.cfg.symbol},
                                   {"b", bids[0].price.to_string()},
                                   {"B", bids[0].qty.to_string()},
                                   {"a", asks[0].price.to_string()},
                                   {"A", asks[0].qty.to_string()}});
    const bool buy = !s.cfg.drift.is_negative();
    s.last_trade = buy ? asks[0].price : bids[0].price;
    s.market(sym + "@aggTrade", {{"e", "aggTrade"},
                                 {"E", ms},
                                 {"s", s.cfg.symbol},
                                 {"a", s.agg_id},
                                 {"p", s.last_trade.to_string()},
                                 {"q", "0.010"},
                                 {"f", s.agg_id * 10},
                                 {"l", s.agg_id * 10 + 1},
                                 {"T", ms},
                                 {"m", !buy}});
    ++s.agg_id;
    if (s.ticks++ % 10 == 0) {
      s.market(sym + "@markPrice@1s", {{"e", "markPriceUpdate"},
                                       {"E", ms},
                                       {"s", s.cfg.symbol},
                                       {"p", s.mid.to_string()},
                                       {"i", s.mid.to_string()},
                                       {"P", s.mid.to_string()},
                                       {"r", "0.00010000"},
                                       {"T", (ms / 28'800'000 + 1) * 28'800'000}});
      json t = json::parse(sample("ws_ticker_24hr.json"));
      t["E"] = ms;
      t["s"] = s.cfg.symbol;
      t["c"] = s.mid.to_string();
      t["h"] = (s.mid + s.cfg.tick).to_string();
      t["l"] = (s.mid - s.cfg.tick).to_string();
      s.market(sym + "@ticker", t);
    }
    if (s.malformed) {
      s.malformed = false;
      for (auto id : s.market_sessions)
        s.out_market.emplace_back(id, R"({"stream":"x","data":{"e":"depthUpdate","E":)");
    }
    s.check_resting();
    market.swap(s.out_market);
    user.swap(s.out_user);
  }
  for (auto& [id, m] : market) server_->send(id, std::move(m));
  for (auto& [id, m] : user) server_->send(id, std::move(m));
}

bool FakeAster::ws_open(std::uint64_t session, const std::string& target) {
  std::lock_guard lock(state_->mu);
  if (target.rfind("/stream?streams=", 0) == 0) {
    state_->market_sessions.insert(session);
    ++state_->market_connects;
    return true;
  }
  if (target == "/ws/" + state_->listen_key && state_->refuse_user) ++state_->refused_upgrades;
  if (target == "/ws/" + state_->listen_key && !state_->refuse_user) {
    state_->user_sessions.insert(session);
    ++state_->user_connects;
    return true;
  }
  return false;
}

void FakeAster::ws_closed(std::uint64_t session) {
  std::lock_guard lock(state_->mu);
  state_->market_sessions.erase(session);
  state_->user_sessions.erase(session);
  state_->stalled.erase(session);
}

ServerReply FakeAster::http(const ServerRequest& r) {
  std::vector<std::pair<std::uint64_t, std::string>> user;
  ServerReply reply = [&] {
    std::lock_guard lock(state_->mu);
    State& s = *state_;
    const std::string path = r.path();
    ++s.requests[path];
    // The endpoint's name, when the path is one of the API this venue speaks.
    std::string ep;
    if (path.rfind("/fapi/v", 0) == 0 && path.size() > 9 && path[8] == '/') ep = path.substr(9);
    if (ep.empty() ||
        aster::api_path(s.cfg.api == "v1" ? aster::SigningScheme::v1 : aster::SigningScheme::v3, ep) != path) {
      s.wrong_paths.push_back(r.method + " " + path);
      return ServerReply::json(error_body(-5000, "Path " + path + " not found"), 404);
    }
    // Request weight per minute, as the venue counts it.
    std::uint32_t weight = 1;
    if (ep == "depth") weight = 20;
    if (ep == "balance" || ep == "positionRisk" || ep == "userTrades") weight = 5;
    if (ep == "positionSide/dual") weight = 30;
    const std::int64_t minute = s.now_ms() / 60'000;
    if (minute != s.window_minute) {
      s.window_minute = minute;
      s.weight_used = 0;
    }
    s.weight_used += weight;
    auto with_usage = [&](ServerReply rep) {
      rep.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(s.weight_used));
      return rep;
    };
    if (auto f = s.failures.find(path); f != s.failures.end() && f->second.count > 0) {
      --f->second.count;
      const bool limited = f->second.status == 429;
      ServerReply rep = ServerReply::json(
          f->second.code != 0 ? error_body(f->second.code, f->second.msg)
                              : error_body(limited ? -1003 : -1000, limited ? "Too many requests." : "Internal error."),
          f->second.status);
      if (f->second.status == 429 || f->second.status == 418) {
        ++s.rate_limited;
        rep.headers.emplace_back("Retry-After", std::to_string(f->second.retry_after));
      }
      return with_usage(rep);
    }
    if (s.weight_used > s.cfg.weight_limit) {
      ++s.rate_limited;
      ServerReply rep = ServerReply::json(error_body(-1003, "Too many requests; current limit is exceeded."), 429);
      rep.headers.emplace_back("Retry-After", std::to_string(60 - (s.now_ms() / 1000) % 60));
      return with_usage(rep);
    }

    // ------------------------------------------------------------- public endpoints
    if (ep == "time") return with_usage(ServerReply::json(json{{"serverTime", s.now_ms()}}.dump()));
    if (ep == "ping") return with_usage(ServerReply::json("{}"));
    const std::string query_text = r.query();
    const auto q = parse_params(query_text);
    if (ep == "exchangeInfo") {
      json info = json::parse(sample("rest_exchange_info.json"));
      info["serverTime"] = s.now_ms();
      json& sym = info["symbols"][0];
      sym["symbol"] = s.cfg.symbol;
      sym["pair"] = s.cfg.symbol;
      sym["baseAsset"] = "BTC";
      for (json& f : sym["filters"]) {
        if (f["filterType"] == "PRICE_FILTER") {
          f["tickSize"] = s.cfg.tick.to_string();
          f["minPrice"] = s.cfg.tick.to_string();
          f["maxPrice"] = "1000000";
        } else if (f["filterType"] == "LOT_SIZE" || f["filterType"] == "MARKET_LOT_SIZE") {
          f["stepSize"] = s.cfg.step.to_string();
          f["minQty"] = s.cfg.step.to_string();
          f["maxQty"] = "1000";
        } else if (f["filterType"] == "MIN_NOTIONAL") {
          f["notional"] = "5";
        }
      }
      return with_usage(ServerReply::json(info.dump()));
    }
    if (ep == "depth") {
      if (q.count("symbol") == 0 || q.at("symbol") != s.cfg.symbol)
        return with_usage(ServerReply::json(error_body(-1121, "Invalid symbol."), 400));
      const std::int64_t ms = s.now_ms();
      json d = {{"lastUpdateId", s.update_id},
                {"E", ms},
                {"T", ms},
                {"bids", State::levels(s.bids())},
                {"asks", State::levels(s.asks())}};
      return with_usage(ServerReply::json(d.dump()));
    }
    if (ep == "klines") {
      const std::string interval = q.count("interval") ? q.at("interval") : "1m";
      const std::int64_t span = interval == "1m"    ? 60'000
                                : interval == "5m"  ? 300'000
                                : interval == "15m" ? 900'000
                                : interval == "1h"  ? 3'600'000
                                : interval == "4h"  ? 14'400'000
                                                    : 86'400'000;
      const int limit = q.count("limit") ? std::stoi(q.at("limit")) : 500;
      const std::int64_t last_open = (s.now_ms() / span - 1) * span;  // the last closed bar
      json rows = json::array();
      const double end = s.cfg.start_price.to_double();
      for (int i = limit - 1; i >= 0; --i) {
        // Bar i bars before the end: a gentle trend with alternating wiggles.
        const double base = end * (1.0 - s.cfg.history_trend * i);
        const double wiggle = (i % 2 ? 1 : -1) * s.cfg.history_wiggle * end;
        const double open = base - wiggle / 2, close = base + wiggle / 2;
        const double hi = std::max(open, close) + end * 0.0002, lo = std::min(open, close) - end * 0.0002;
        auto px = [&](double v) { return Price::from_double(v).round_to(s.cfg.tick, rounding::nearest).to_string(); };
        const std::int64_t t0 = last_open - static_cast<std::int64_t>(i) * span;
        rows.push_back({t0, px(open), px(hi), px(lo), px(i == 0 ? end : close), "12.5", t0 + span - 1, "750000", 100,
                        "6.0", "360000", "0"});
      }
      return with_usage(ServerReply::json(rows.dump()));
    }

    // ------------------------------------------------------------- signed endpoints
    const std::string signed_text = (r.method == "POST" || r.method == "PUT") ? r.body : query_text;
    const auto sig_at = signed_text.rfind("&signature=");
    auto reject_sig = [&](const std::string& why) {
      s.sig_errors.push_back(r.method + " " + path + ": " + why);
      return with_usage(ServerReply::json(error_body(-1022, "Signature for this request is not valid."), 401));
    };
    if (sig_at == std::string::npos) return reject_sig("no signature");
    const std::string msg = signed_text.substr(0, sig_at);
    const auto p = parse_params(signed_text);
    const auto now_us = static_cast<std::uint64_t>(s.now_ms()) * 1000;
    if (s.cfg.api == "v1") {
      if (r.header("X-MBX-APIKEY") != s.cfg.api_key) return reject_sig("unexpected X-MBX-APIKEY");
      if (p.count("signature") == 0 || p.at("signature") != venue::hmac_sha256_hex(s.cfg.api_secret, msg))
        return reject_sig("HMAC signature does not match");
      if (!p.count("timestamp") || !p.count("recvWindow")) return reject_sig("timestamp or recvWindow missing");
      const std::uint64_t ts = std::stoull(p.at("timestamp")), window = std::stoull(p.at("recvWindow"));
      if (ts > now_us / 1000 + 1000 || ts + window < now_us / 1000) {
        s.sig_errors.push_back(path + ": timestamp outside recvWindow");
        return with_usage(
            ServerReply::json(error_body(-1021, "Timestamp for this request is outside of the recvWindow."), 400));
      }
    } else {
      venue::EthSignature sig{};
      venue::Address recovered{};
      if (!venue::from_hex(p.count("signature") ? p.at("signature") : "", sig)) return reject_sig("signature not hex");
      if (!p.count("nonce") || !p.count("user") || !p.count("signer"))
        return reject_sig("nonce, user or signer missing");
      if (p.at("signer") != s.cfg.signer || p.at("user") != s.cfg.user) return reject_sig("unexpected user or signer");
      if (!venue::recover_address(aster::V3Signer::digest(msg, s.cfg.chain_id), sig, recovered) ||
          venue::to_checksum_address(recovered) != s.cfg.signer)
        return reject_sig("signature does not recover to the signer");
      const std::uint64_t nonce = std::stoull(p.at("nonce"));
      if (nonce + 10'000'000 < now_us || nonce > now_us + 10'000'000) {
        s.sig_errors.push_back(path + ": nonce outside ±10 s");
        return with_usage(ServerReply::json(error_body(-4225, "Nonce Expired"), 400));
      }
      if (std::find(s.nonces.begin(), s.nonces.end(), nonce) != s.nonces.end()) {
        s.sig_errors.push_back(path + ": nonce reused");
        return with_usage(ServerReply::json(error_body(-4225, "Nonce Expired"), 400));
      }
      s.nonces.push_back(nonce);
      if (s.nonces.size() > 100) s.nonces.pop_front();
    }

    auto find_order = [&]() -> Order* {
      const std::string id = p.count("origClientOrderId") ? p.at("origClientOrderId") : "";
      auto it = s.orders.find(id);
      return it == s.orders.end() ? nullptr : &it->second;
    };
    ServerReply rep;
    if (ep == "positionSide/dual" && r.method == "GET") {
      rep = ServerReply::json(json{{"dualSidePosition", s.hedge}}.dump());
    } else if (ep == "leverage") {
      rep = ServerReply::json(
          json{{"leverage", std::stoi(p.at("leverage"))}, {"maxNotionalValue", "1000000"}, {"symbol", s.cfg.symbol}}
              .dump());
    } else if (ep == "marginType") {
      rep = ServerReply::json(R"({"code":200,"msg":"success"})");
    } else if (ep == "listenKey") {
      if (r.method == "PUT") {
        ++s.keep_alives;
        rep = s.listen_key_live ? ServerReply::json("{}")
                                : ServerReply::json(error_body(-1125, "This listenKey does not exist."), 400);
      } else {
        ++s.listen_keys;
        s.listen_key_live = true;
        rep = ServerReply::json(json{{"listenKey", s.listen_key}}.dump());
      }
    } else if (ep == "balance") {
      json b = json::parse(sample("rest_balance.json"));
      b[0]["balance"] = s.wallet.to_string();
      b[0]["crossWalletBalance"] = s.wallet.to_string();
      b[0]["availableBalance"] = s.wallet.to_string();
      rep = ServerReply::json(b.dump());
    } else if (ep == "positionRisk") {
      json pr = json::parse(sample("rest_position_risk_one_way.json"));
      pr[0]["symbol"] = s.cfg.symbol;
      pr[0]["positionAmt"] = s.position.qty.to_string();
      pr[0]["entryPrice"] = s.position.entry_price.to_string();
      pr[0]["markPrice"] = s.mid.to_string();
      if (s.hedge) {
        // One row per leg; the one-way position (if any) shows as the matching leg.
        json shrt = pr[0];
        pr[0]["positionSide"] = "LONG";
        shrt["positionSide"] = "SHORT";
        if (s.position.qty.is_negative()) std::swap(pr[0]["positionAmt"], shrt["positionAmt"]);
        pr.push_back(shrt);
      }
      rep = ServerReply::json(pr.dump());
    } else if (ep == "openOrders") {
      json a = json::array();
      for (const auto& id : s.order_seq) {
        const Order& o = s.orders[id];
        if (o.status == "NEW" || o.status == "PARTIALLY_FILLED") a.push_back(s.order_json(o));
      }
      rep = ServerReply::json(a.dump());
    } else if (ep == "userTrades") {
      json a = json::array();
      const std::uint64_t only = p.count("orderId") ? std::stoull(p.at("orderId")) : 0;
      for (const auto& t : s.trades) {
        if (only && t.order_id != only) continue;
        json row = json::parse(sample("rest_user_trades.json"))[0];
        row["symbol"] = s.cfg.symbol;
        row["id"] = t.id;
        row["orderId"] = t.order_id;
        row["side"] = t.side;
        row["buyer"] = t.side == "BUY";
        row["price"] = t.price.to_string();
        row["qty"] = t.qty.to_string();
        row["commission"] = t.fee.to_string();
        row["maker"] = t.maker;
        row["time"] = t.time;
        row["positionSide"] = "BOTH";
        a.push_back(row);
      }
      rep = ServerReply::json(a.dump());
    } else if (ep == "order" && r.method == "GET") {
      const std::string id = p.count("origClientOrderId") ? p.at("origClientOrderId") : "";
      ++s.queries[id];
      Order* o = find_order();
      if (o && s.now_ms() - o->created_ms < s.query_lag_ms) o = nullptr;  // not visible yet
      rep = o ? ServerReply::json(s.order_json(*o).dump())
              : ServerReply::json(error_body(-2013, "Order does not exist."), 400);
    } else if (ep == "order" && r.method == "DELETE") {
      Order* o = find_order();
      if (!o || (o->status != "NEW" && o->status != "PARTIALLY_FILLED")) {
        rep = ServerReply::json(error_body(-2011, "Unknown order sent."), 400);
      } else {
        o->status = "CANCELED";
        s.user_order_event(*o, "CANCELED", nullptr);
        rep = ServerReply::json(s.order_json(*o).dump());
      }
    } else if (ep == "allOpenOrders" && r.method == "DELETE") {
      for (const auto& id : s.order_seq) {
        Order& o = s.orders[id];
        if (o.status != "NEW" && o.status != "PARTIALLY_FILLED") continue;
        o.status = "CANCELED";
        s.user_order_event(o, "CANCELED", nullptr);
      }
      rep = ServerReply::json(R"({"code":"200","msg":"The operation of cancel all open order is done."})");
    } else if (ep == "order" && r.method == "POST") {
      Order o;
      o.client_id = p.count("newClientOrderId") ? p.at("newClientOrderId") : "";
      ++s.submissions[o.client_id];
      o.side = p.count("side") ? p.at("side") : "";
      o.type = p.count("type") ? p.at("type") : "";
      o.tif = p.count("timeInForce") ? p.at("timeInForce") : "";
      o.reduce_only = p.count("reduceOnly") && p.at("reduceOnly") == "true";
      o.close_position = p.count("closePosition") && p.at("closePosition") == "true";
      auto dec = [&](const char* key, auto& out) {
        if (!p.count(key)) return;
        if (auto v = std::remove_reference_t<decltype(out)>::parse(p.at(key))) out = *v;
      };
      dec("quantity", o.qty);
      dec("price", o.price);
      dec("stopPrice", o.stop_price);
      const bool triggered = o.type == "STOP_MARKET" || o.type == "TAKE_PROFIT_MARKET";
      if (o.client_id.empty() || s.orders.count(o.client_id)) {
        rep = ServerReply::json(error_body(-4116, "ClientOrderId is duplicated."), 400);
      } else if (p.count("symbol") == 0 || p.at("symbol") != s.cfg.symbol) {
        rep = ServerReply::json(error_body(-1121, "Invalid symbol."), 400);
      } else if (s.hedge && (p.count("positionSide") == 0 || p.at("positionSide") == "BOTH")) {
        rep = ServerReply::json(error_body(-4061, "Order's position side does not match user's setting."), 400);
      } else if ((o.side != "BUY" && o.side != "SELL") || (o.type != "MARKET" && o.type != "LIMIT" && !triggered) ||
                 (!o.close_position && !o.qty.is_positive()) || (o.type == "LIMIT" && !o.price.is_positive()) ||
                 (triggered && !o.stop_price.is_positive())) {
        rep = ServerReply::json(error_body(-1102, "Mandatory parameter missing or malformed."), 400);
      } else if (triggered && ((o.side == "SELL") == (o.type == "STOP_MARKET") ? s.last_trade <= o.stop_price
                                                                               : s.last_trade >= o.stop_price)) {
        rep = ServerReply::json(error_body(-2021, "Order would immediately trigger."), 400);
      } else if (o.type == "LIMIT" && o.tif == "GTX" &&
                 (o.side == "BUY" ? o.price >= s.mid + s.cfg.tick : o.price <= s.mid - s.cfg.tick)) {
        rep = ServerReply::json(error_body(-5022, "Post Only order will be rejected."), 400);
      } else if (o.reduce_only && s.reducible(o.side).is_zero() && !triggered) {
        rep = ServerReply::json(error_body(-2022, "ReduceOnly Order is rejected."), 400);
      } else {
        o.id = s.next_order_id++;
        o.status = "NEW";
        o.created_ms = s.now_ms();
        if (s.lose_next) s.lost_order = o.client_id;
        s.orders[o.client_id] = o;
        s.order_seq.push_back(o.client_id);
        Order& stored = s.orders[o.client_id];
        s.user_order_event(stored, "NEW", nullptr);
        if (o.type == "MARKET") {
          s.market_fill(stored);
        } else if (o.type == "LIMIT") {
          const bool crosses = o.side == "BUY" ? o.price >= s.mid + s.cfg.tick : o.price <= s.mid - s.cfg.tick;
          if (crosses) s.execute(stored, stored.qty, o.side == "BUY" ? s.mid + s.cfg.tick : s.mid - s.cfg.tick, false);
          if (o.tif == "IOC" && stored.status != "FILLED") {
            stored.status = "EXPIRED";
            s.user_order_event(stored, "EXPIRED", nullptr);
          }
        }
        rep = ServerReply::json(s.order_json(stored).dump());
        if (s.lose_next) {
          s.lose_next = false;
          rep.action = ServerReply::Action::drop;  // accepted and executed; the answer is lost
        }
      }
    } else {
      rep = ServerReply::json(error_body(-1000, "Unknown endpoint " + r.method + " " + path), 404);
    }
    user.swap(s.out_user);
    return with_usage(rep);
  }();
  for (auto& [id, m] : user) server_->send(id, std::move(m));
  return reply;
}

void FakeAster::set_drift(Price per_tick) {
  std::lock_guard lock(state_->mu);
  state_->cfg.drift = per_tick;
}

void FakeAster::drop_market_streams() {
  std::lock_guard lock(state_->mu);
  for (auto s : state_->market_sessions) server_->drop(s);
}

void FakeAster::stall_market_streams() {
  std::lock_guard lock(state_->mu);
  for (auto s : state_->market_sessions) {
    state_->stalled.insert(s);
    server_->stall(s);
  }
}

void FakeAster::drop_user_streams() {
  std::lock_guard lock(state_->mu);
  for (auto s : state_->user_sessions) server_->drop(s);
}

void FakeAster::set_hedge_mode(bool on) {
  std::lock_guard lock(state_->mu);
  State& s = *state_;
  s.hedge = on;
  // What the venue pushes on an account configuration change (sent with the next tick).
  const std::int64_t ms = s.now_ms();
  const std::string text = json{{"e", "ACCOUNT_CONFIG_UPDATE"}, {"E", ms}, {"T", ms}, {"ai", {{"j", false}}}}.dump();
  for (auto id : s.user_sessions) s.out_user.emplace_back(id, text);
}

void FakeAster::expire_listen_key(bool announce) {
  std::lock_guard lock(state_->mu);
  State& s = *state_;
  const std::int64_t ms = s.now_ms();
  if (announce) {
    const std::string text = json{{"e", "listenKeyExpired"}, {"E", ms}, {"listenKey", s.listen_key}}.dump();
    for (auto id : s.user_sessions) s.out_user.emplace_back(id, text);
  }
  s.listen_key = "fakeListenKeyRenewed" + std::to_string(++s.expiries) + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR";
  s.listen_key_live = false;
}

int FakeAster::listen_keys_opened() const {
  std::lock_guard lock(state_->mu);
  return state_->listen_keys;
}

int FakeAster::keep_alives() const {
  std::lock_guard lock(state_->mu);
  return state_->keep_alives;
}

void FakeAster::send_malformed_frame() {
  std::lock_guard lock(state_->mu);
  state_->malformed = true;
}

void FakeAster::skip_update_ids() {
  std::lock_guard lock(state_->mu);
  state_->gap = true;
}

void FakeAster::fail_next(const std::string& path, int status, int count, int retry_after_s, int code,
                          const std::string& msg) {
  std::lock_guard lock(state_->mu);
  state_->failures[path] = {status, count, retry_after_s, code, msg};
}

void FakeAster::lose_next_order_response(bool silence_stream) {
  std::lock_guard lock(state_->mu);
  state_->lose_next = true;
  state_->silence_lost = silence_stream;
}

void FakeAster::refuse_user_streams(bool refuse) {
  std::lock_guard lock(state_->mu);
  state_->refuse_user = refuse;
}

int FakeAster::refused_upgrades() const {
  std::lock_guard lock(state_->mu);
  return state_->refused_upgrades;
}

void FakeAster::set_query_lag(Duration lag) {
  std::lock_guard lock(state_->mu);
  state_->query_lag_ms = lag / ns_per_ms;
}

std::string FakeAster::lost_order() const {
  std::lock_guard lock(state_->mu);
  return state_->lost_order;
}

void FakeAster::add_position(Qty qty, Price entry) {
  std::lock_guard lock(state_->mu);
  state_->position.qty = qty;
  state_->position.entry_price = entry;
}

void FakeAster::add_resting_order(const std::string& client_id, const std::string& side, Price price, Qty qty) {
  std::lock_guard lock(state_->mu);
  Order o;
  o.client_id = client_id;
  o.id = state_->next_order_id++;
  o.side = side;
  o.type = "LIMIT";
  o.tif = "GTC";
  o.status = "NEW";
  o.price = price;
  o.qty = qty;
  state_->orders[client_id] = o;
  state_->order_seq.push_back(client_id);
}

std::vector<FakeAster::Order> FakeAster::orders() const {
  std::lock_guard lock(state_->mu);
  std::vector<Order> out;
  for (const auto& id : state_->order_seq) out.push_back(state_->orders.at(id));
  return out;
}

std::optional<FakeAster::Order> FakeAster::order(const std::string& client_id) const {
  std::lock_guard lock(state_->mu);
  const auto it = state_->orders.find(client_id);
  if (it == state_->orders.end()) return std::nullopt;
  return it->second;
}

int FakeAster::submissions(const std::string& id) const {
  std::lock_guard lock(state_->mu);
  const auto it = state_->submissions.find(id);
  return it == state_->submissions.end() ? 0 : it->second;
}

int FakeAster::queries(const std::string& id) const {
  std::lock_guard lock(state_->mu);
  const auto it = state_->queries.find(id);
  return it == state_->queries.end() ? 0 : it->second;
}

int FakeAster::requests(const std::string& path) const {
  std::lock_guard lock(state_->mu);
  const auto it = state_->requests.find(path);
  return it == state_->requests.end() ? 0 : it->second;
}

std::size_t FakeAster::executions() const {
  std::lock_guard lock(state_->mu);
  return state_->trades.size();
}

int FakeAster::rate_limited() const {
  std::lock_guard lock(state_->mu);
  return state_->rate_limited;
}

std::vector<std::string> FakeAster::wrong_paths() const {
  std::lock_guard lock(state_->mu);
  return state_->wrong_paths;
}

std::vector<std::string> FakeAster::signature_errors() const {
  std::lock_guard lock(state_->mu);
  return state_->sig_errors;
}

int FakeAster::market_connects() const {
  std::lock_guard lock(state_->mu);
  return state_->market_connects;
}

int FakeAster::user_connects() const {
  std::lock_guard lock(state_->mu);
  return state_->user_connects;
}

Qty FakeAster::position() const {
  std::lock_guard lock(state_->mu);
  return state_->position.qty;
}

Price FakeAster::mid() const {
  std::lock_guard lock(state_->mu);
  return state_->mid;
}

std::uint64_t FakeAster::last_update_id() const {
  std::lock_guard lock(state_->mu);
  return state_->update_id;
}

}  // namespace symphony::test
