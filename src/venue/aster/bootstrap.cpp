// Aster's start-up, written as one coroutine on the reactor's io_context: each step is a
// REST call awaited in turn, and the first that fails names what failed.
#include <symphony/net/io_context.hpp>

#include "venue/aster/errors.hpp"
#include "venue/aster/parts.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <memory>

namespace symphony::venue::aster {

namespace {

namespace asio = boost::asio;

// The client's callback as an awaitable. Should the client be closed first (the venue
// destroyed), the callback never runs and the suspended coroutine is destroyed with it.
asio::awaitable<RestResult> call(RestClient& rest, RestCall request) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(RestResult)>(
      [&rest](auto handler, RestCall c) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));  // RestClient's callback is copied
        rest.call(std::move(c), [h](RestResult&& r) { std::move (*h)(std::move(r)); });
      },
      asio::use_awaitable, std::move(request));
}

using Outcome = result<void, Failure>;

asio::awaitable<Outcome> sync_time(RestClient& rest) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(Outcome)>(
      [&rest](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        rest.sync_time([h](Outcome&& r) { std::move (*h)(std::move(r)); });
      },
      asio::use_awaitable);
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
using Step = asio::awaitable<Outcome>;

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

// Spawned, it starts when the reactor next runs: the venue may be gone by then. Once it
// runs, it is only ever resumed by the venue's REST client, which a destroyed venue has
// closed (a closed client calls nothing back).
asio::awaitable<void> run(AsterVenue::Impl& v, std::shared_ptr<bool> alive, std::function<void(Bootstrap)> done) {
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
    v.schedule_time_sync();
    if (v.signer) v.execution->start_user_stream();
  }
  done(std::move(out));
}

}  // namespace

void AsterVenue::bootstrap(std::function<void(Bootstrap)> done) {
  asio::co_spawn(net::io_context_of(impl_->reactor), run(*impl_, impl_->alive, std::move(done)), asio::detached);
}

}  // namespace symphony::venue::aster
