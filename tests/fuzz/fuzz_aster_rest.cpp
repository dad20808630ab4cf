// Fuzzes Aster's REST and user-stream parsers (untrusted venue answers) with every parser
// on every input. Besides "no crash, no undefined behaviour", each checks what it promises:
// a refusal says why; positions are the reference's one-way rows of our symbol (flat ones
// too) with no negative entry price, and a hedge-mode row is never adopted; executions
// have positive quantities and prices; a balance is the margin asset's; klines are consistent bars;
// timestamps are in range; an order update names its order.
#include "printable.hpp"
#include "venue/aster/rest_parser.hpp"

#include <symphony/venue/errors.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace symphony;
using namespace symphony::venue;
using namespace symphony::venue::aster;
using nlohmann::json;

[[noreturn]] void fail(const std::string& what, std::string_view text) {
  std::fprintf(stderr, "fuzz_aster_rest: %s\n  body: %s\n", what.c_str(), symphony::fuzz::printable(text).c_str());
  std::abort();
}

const SymbolLookup lookup = [](std::string_view s, InstrumentId& id) {
  if (s != "BTCUSDT") return false;
  id = 0;
  return true;
};

// A refusal names what was wrong and says it is an unreadable answer (or, for positions,
// an account we do not trade).
template <class T>
void refusal_says_why(const result<T, Failure>& r, const char* what, std::string_view text) {
  if (r) return;
  if (r.error().what.empty()) fail(std::string(what) + " refused without a reason", text);
  if (r.error().code != VenueErrc::malformed_answer && r.error().code != VenueErrc::unsupported_account)
    fail(std::string(what) + " refused with the code " + r.error().code.message(), text);
}

// The reference reading of a decimal field as the parsers take it: a string or an integer.
template <class F>
std::optional<F> ref_decimal(const json& o, const char* key) {
  const auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->is_string()) {
    auto v = F::parse(it->get<std::string>());
    return v ? std::optional<F>(*v) : std::nullopt;
  }
  if (it->is_number_integer()) {
    auto v = F::parse(std::to_string(it->get<std::int64_t>()));
    return v ? std::optional<F>(*v) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 16384) return 0;
  // The first byte picks the parser (all of them for 0xff); the rest is the body.
  const unsigned pick = data[0];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const json ref = json::parse(body, nullptr, false);
  unsigned n = 0;
  const auto on = [&] { return pick == 0xff || pick % 17 == n++; };

  if (on()) (void)parse_error(body);
  if (on()) {
    auto r = parse_exchange_info(body);
    refusal_says_why(r, "exchangeInfo", body);
  }
  if (on()) {
    auto r = parse_server_time(body);
    refusal_says_why(r, "time", body);
    if (r && *r < 0) fail("a negative server time", body);
  }
  if (on()) {
    const Timestamp now = 1'800'000'000'000 * ns_per_ms;
    auto r = parse_klines(body, now);
    refusal_says_why(r, "klines", body);
    if (r)
      for (const auto& c : *r) {
        if (c.low > c.high || c.open < c.low || c.open > c.high || c.close < c.low || c.close > c.high)
          fail("an inconsistent bar was accepted", body);
        if (c.volume.is_negative() || c.low.is_negative() || c.open_ts < 0 || c.open_ts >= now)
          fail("a bar with a negative value or a time out of range was accepted", body);
      }
  }
  if (on()) {
    auto r = parse_order(body, lookup);
    refusal_says_why(r, "order", body);
    if (r && (r->client_order_id.empty() || r->ts < 0 || r->filled_qty.is_negative()))
      fail("an order update without an id, or with a negative time or fill", body);
  }
  if (on()) {
    auto r = parse_orders(body, lookup);
    refusal_says_why(r, "openOrders", body);
  }
  if (on()) {
    auto r = parse_positions(body, lookup);
    refusal_says_why(r, "positionRisk", body);
    const bool hedge = !r && r.error().code == VenueErrc::unsupported_account;
    if (hedge && r.error().what.find("hedge mode") == std::string::npos)
      fail("the hedge-mode refusal does not say so", body);
    if (r) {
      // The reference: every row an object; our symbol's rows, flat ones too, one-way only.
      std::size_t want = 0;
      for (const auto& row : ref) {
        if (row.value("symbol", std::string()) != "BTCUSDT") continue;
        if (row.contains("positionSide") && row["positionSide"] != "BOTH") fail("a hedge-mode row was adopted", body);
        const auto q = ref_decimal<Qty>(row, "positionAmt");
        if (!q) fail("a position without a readable amount was adopted", body);
        ++want;
      }
      if (r->size() != want) fail("positions differ from our symbol's rows", body);
      for (const auto& p : *r)
        if (p.instrument != 0 || p.entry_price.is_negative() || p.update_ts < 0)
          fail("a foreign position, a negative entry price or time was returned", body);
    }
  }
  if (on()) {
    auto r = parse_balance(body, "USDT");
    refusal_says_why(r, "balance", body);
    if (r) {
      std::optional<Money> want = Money{};
      for (const auto& row : ref)
        if (row.is_object() && row.value("asset", std::string()) == "USDT") {
          want = ref_decimal<Money>(row, "balance");
          break;
        }
      if (!want || *want != *r) fail("the balance is not the margin asset's", body);
    }
  }
  if (on()) {
    auto r = parse_listen_key(body);
    refusal_says_why(r, "listenKey", body);
    if (r && r->empty()) fail("an empty listen key", body);
  }
  if (on()) {
    auto r = parse_premium_index(body, 0);
    refusal_says_why(r, "premiumIndex", body);
    if (r && (r->ts < 0 || r->next_funding_ts < 0)) fail("a premium index time out of range", body);
  }
  if (on()) {
    auto r = parse_user_trades(body, lookup);
    refusal_says_why(r, "userTrades", body);
    if (r)
      for (const auto& t : *r)
        if (!t.fill.qty.is_positive() || !t.fill.price.is_positive())
          fail("a user trade without a positive quantity and price", body);
  }
  if (on()) {
    auto r = parse_commission_rate(body);
    refusal_says_why(r, "commissionRate", body);
  }
  if (on()) {
    auto r = parse_position_mode(body);
    refusal_says_why(r, "positionSide/dual", body);
  }
  if (on()) {
    auto r = parse_leverage(body);
    refusal_says_why(r, "leverage", body);
  }
  if (on()) {
    const auto r = parse_ack(body);
    if (!r && r.error().what.empty()) fail("ack refused without a reason", body);
  }
  if (on()) {
    auto r = parse_batch_orders(body, lookup);
    refusal_says_why(r, "batchOrders", body);
  }
  if (on()) {
    auto r = parse_user_event(body, lookup, "USDT");
    refusal_says_why(r, "user event", body);
    if (r) {
      if (r->event_ts < 0) fail("a user event time out of range", body);
      if (r->kind == UserEvent::Kind::order && r->order.client_order_id.empty())
        fail("an order event without a client id", body);
      if (r->fill && (!r->fill->qty.is_positive() || !r->fill->price.is_positive() || r->fill->ts < 0))
        fail("a fill without a positive qty and price, or with a negative time", body);
    }
  }
  return 0;
}
