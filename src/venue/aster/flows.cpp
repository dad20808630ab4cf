// Aster's linear flows, written as coroutines on the reactor's io_context (venue/coro.hpp):
// the start-up, each step a REST call awaited in turn and the first that fails naming
// what failed; the clock sync's loop; the listen key's upkeep. The one file of the
// adapter that includes Asio.
#include "venue/aster/errors.hpp"
#include "venue/aster/parts.hpp"
#include "venue/coro.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <memory>

namespace symphony::venue::aster {

namespace {

using coro::call;
using Outcome = result<void, Failure>;

coro::task<Outcome> sync_time(RestClient& rest) {
  return coro::answer<Outcome>([&rest](auto done) { rest.sync_time(std::move(done)); });
}

// A call that got no usable answer, as a step's failure: "GET /fapi/v3/balance: HTTP 401, ...".
Failure failed(const RestCall& c, const RestResult& r) {
  return r.as_failure(std::string(net::to_string(c.method)) + " " + c.path);
}

RestCall signed_call(net::HttpMethod method, std::string path, std::uint32_t weight = 1) {
  RestCall c;
  c.method = method;
  c.path = std::move(path);
  c.signed_call = true;
  c.weight = weight;
  return c;
}

// The steps; each returns why it failed, or nothing.
using Step = coro::task<Outcome>;

Step exchange_info(AsterVenue::Impl& v, Bootstrap& out) {
  RestCall c;
  c.path = v.rest->path("exchangeInfo");
  const RestResult r = co_await call(*v.rest, c);
  if (!r.ok()) co_return failed(c, r);
  auto info = parse_exchange_info(r.body);
  if (!info) co_return info.error();
  if (!info->rate_limits.empty()) v.rest->set_limits(info->rate_limits);
  for (const Instrument& ours : v.instruments) {
    const std::string& want = ours.symbol;
    const auto it = std::find_if(info->symbols.begin(), info->symbols.end(),
                                 [&](const SymbolInfo& s) { return s.instrument.symbol == want; });
    auto refuse = [&](std::string why) { return Failure{"symbol " + want + " " + why, VenueErrc::rejected}; };
    if (it == info->symbols.end()) co_return refuse("is not listed on Aster");
    if (!it->refused.empty()) co_return refuse("cannot be traded here: exchangeInfo: " + it->refused);
    if (it->status != "TRADING") co_return refuse("is not trading on Aster (status " + it->status + ")");
    if (!it->margin_asset.empty() && it->margin_asset != v.config.margin_asset)
      co_return refuse("margins in " + it->margin_asset + ", not " + v.config.margin_asset);
    Instrument in = it->instrument;
    in.id = ours.id;
    in.venue = ours.venue;
    out.instruments.push_back(in);
  }
  co_return Outcome();
}

// One-way position mode, then leverage and margin type per symbol.
Step account_setup(AsterVenue::Impl& v) {
  const RestCall mode_call = signed_call(net::HttpMethod::get, v.rest->path("positionSide/dual"), 30);
  const RestResult mode = co_await call(*v.rest, mode_call);
  if (!mode.ok()) co_return failed(mode_call, mode);
  const auto dual = parse_position_mode(mode.body);
  if (!dual) co_return dual.error();
  if (*dual)
    co_return Failure{"the Aster account is in hedge (dual-side) position mode; symphonyd trades one-way mode only",
                      VenueErrc::unsupported_account};
  for (const InstrumentId id : v.symbols.listed()) {
    const std::string& sym = v.symbols[id];
    if (v.config.leverage > 0) {
      RestCall c = signed_call(net::HttpMethod::post, v.rest->path("leverage"));
      c.params.add("symbol", sym).add("leverage", std::to_string(v.config.leverage));
      const RestResult r = co_await call(*v.rest, std::move(c));
      if (!r.ok()) co_return r.as_failure("set leverage on " + sym);
      if (const auto lev = parse_leverage(r.body); !lev)
        co_return Failure{"set leverage on " + sym + ": " + lev.error().what, lev.error().code};
    }
    if (!v.config.margin_type.empty()) {
      RestCall c = signed_call(net::HttpMethod::post, v.rest->path("marginType"));
      c.params.add("symbol", sym).add("marginType", v.config.margin_type);
      const RestResult r = co_await call(*v.rest, std::move(c));
      if (!r.ok() && r.code != VenueErrc::no_change)  // already that margin type is fine
        co_return r.as_failure("set margin type on " + sym);
    }
  }
  co_return Outcome();
}

Step balance(AsterVenue::Impl& v, Bootstrap& out) {
  const RestCall c = signed_call(net::HttpMethod::get, v.rest->path("balance"), 5);
  const RestResult r = co_await call(*v.rest, c);
  if (!r.ok()) co_return failed(c, r);
  const auto w = parse_balance(r.body, v.config.margin_asset);
  if (!w) co_return w.error();
  out.wallet_balance = *w;
  co_return Outcome();
}

Step start_up(AsterVenue::Impl& v, Bootstrap& out) {
  if (const auto synced = co_await sync_time(*v.rest); !synced)
    co_return Failure{"cannot reach Aster (" + synced.error().what + ")", synced.error().code};
  const auto skew = v.rest->skew();
  spdlog::info("aster: clock offset {} ms (±{} ms)", skew.offset() / ns_per_ms,
               skew.uncertainty().value_or(0) / ns_per_ms);
  if (auto r = co_await exchange_info(v, out); !r) co_return r;
  if (v.signer) {
    if (auto r = co_await account_setup(v); !r) co_return r;
    if (auto r = co_await balance(v, out); !r) co_return r;
  }
  co_return Outcome();
}

// Every `time_sync_interval`, the clock offset measured again.
coro::task<void> keep_clock(AsterVenue::Impl& v, std::shared_ptr<bool> alive) {
  for (;;) {
    co_await coro::sleep(v.reactor, v.config.time_sync_interval, alive);
    if (const auto synced = co_await sync_time(*v.rest); !synced)
      spdlog::warn("aster: clock sync: {}", synced.error().what);
  }
}

// Spawned, it starts when the reactor next runs: the venue may be gone by then. Once it
// runs, it is only ever resumed by the venue's REST client, which a destroyed venue has
// closed (a closed client calls nothing back).
coro::task<void> run(AsterVenue::Impl& v, std::shared_ptr<bool> alive, std::function<void(Bootstrap)> done) {
  if (!*alive) co_return;
  Bootstrap out;
  try {
    if (const auto r = co_await start_up(v, out); !r) out.error = r.error().what;
  } catch (const std::exception& e) {
    out.error = std::string("start-up: ") + e.what();
  }
  if (!out.error.empty()) {
    out.instruments.clear();
  } else {
    if (!v.clock_kept) {
      v.clock_kept = true;
      coro::spawn(v.reactor, keep_clock(v, alive));
    }
    if (v.signer) v.execution->start_user_stream();
  }
  done(std::move(out));
}

// One generation of the listen key's upkeep: open a key (POST), hand it on, keep it alive
// (PUT) until that fails, then open another. It ends at its next step once the venue is
// gone, the stream stopped or a newer generation started.
coro::task<void> keep_listen_key(ListenKey& k, std::uint64_t generation, std::shared_ptr<bool> alive) {
  AsterVenue::Impl& v = k.venue;
  const auto current = [&] { return *alive && k.running && k.generation == generation; };
  const RestCall open = signed_call(net::HttpMethod::post, v.rest->path("listenKey"));
  const RestCall keep = signed_call(net::HttpMethod::put, v.rest->path("listenKey"));
  while (current()) {
    const RestResult r = co_await call(*v.rest, open);
    if (!current()) co_return;
    const auto key = r.ok() ? parse_listen_key(r.body) : result<std::string, Failure>(failed(open, r));
    if (!key) {
      spdlog::warn("aster: listen key: {}; retrying in 5s", key.error().what);
      co_await coro::sleep(v.reactor, 5 * ns_per_s, alive);
      continue;
    }
    k.use(*key);
    for (;;) {
      co_await coro::sleep(v.reactor, v.config.listen_key_keepalive, alive);
      if (!current()) co_return;
      const RestResult kept = co_await call(*v.rest, keep);
      if (!current()) co_return;
      if (!kept.ok()) {
        spdlog::warn("aster: listen key keep-alive failed ({}); opening a new one", kept.describe());
        break;
      }
    }
  }
}

}  // namespace

void ListenKey::renew() {
  running = true;
  coro::spawn(venue.reactor, keep_listen_key(*this, ++generation, venue.alive));
}

void AsterVenue::bootstrap(std::function<void(Bootstrap)> done) {
  coro::spawn(impl_->reactor, run(*impl_, impl_->alive, std::move(done)));
}

}  // namespace symphony::venue::aster
