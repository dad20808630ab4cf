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

asio::awaitable<std::string> sync_time(RestClient& rest) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(std::string)>(
      [&rest](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        rest.sync_time([h](const std::string& error) { std::move (*h)(error); });
      },
      asio::use_awaitable);
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
using Step = asio::awaitable<std::string>;

Step exchange_info(AsterVenue::Impl& v, Bootstrap& out) {
  RestCall c;
  c.path = v.rest->path("exchangeInfo");
  const RestResult r = co_await call(*v.rest, std::move(c));
  if (!r.ok()) co_return "GET " + v.rest->path("exchangeInfo") + ": " + r.describe();
  std::string err;
  auto info = parse_exchange_info(r.body, err);
  if (!info) co_return err;
  if (!info->rate_limits.empty()) v.rest->set_limits(info->rate_limits);
  for (const Instrument& ours : v.instruments) {
    const std::string& want = ours.symbol;
    const auto it = std::find_if(info->symbols.begin(), info->symbols.end(),
                                 [&](const SymbolInfo& s) { return s.instrument.symbol == want; });
    if (it == info->symbols.end()) co_return "symbol " + want + " is not listed on Aster";
    if (!it->refused.empty()) co_return "symbol " + want + " cannot be traded here: exchangeInfo: " + it->refused;
    if (it->status != "TRADING") co_return "symbol " + want + " is not trading on Aster (status " + it->status + ")";
    if (!it->margin_asset.empty() && it->margin_asset != v.config.margin_asset)
      co_return "symbol " + want + " margins in " + it->margin_asset + ", not " + v.config.margin_asset;
    Instrument in = it->instrument;
    in.id = ours.id;
    in.venue = ours.venue;
    out.instruments.push_back(in);
  }
  co_return std::string();
}

// One-way position mode, then leverage and margin type per symbol.
Step account_setup(AsterVenue::Impl& v) {
  const std::string mode_path = v.rest->path("positionSide/dual");
  const RestResult mode = co_await call(*v.rest, signed_call(net::HttpMethod::get, mode_path, 30));
  if (!mode.ok()) co_return "GET " + mode_path + ": " + mode.describe();
  std::string err;
  const auto dual = parse_position_mode(mode.body, err);
  if (!dual) co_return err;
  if (*dual) co_return "the Aster account is in hedge (dual-side) position mode; symphonyd trades one-way mode only";
  for (const InstrumentId id : v.listed) {
    const std::string& sym = v.symbols[id];
    if (v.config.leverage > 0) {
      RestCall c = signed_call(net::HttpMethod::post, v.rest->path("leverage"));
      c.params.add("symbol", sym).add("leverage", std::to_string(v.config.leverage));
      const RestResult r = co_await call(*v.rest, std::move(c));
      if (!r.ok() || !parse_leverage(r.body, err))
        co_return "set leverage on " + sym + ": " + (r.ok() ? err : r.describe());
    }
    if (!v.config.margin_type.empty()) {
      RestCall c = signed_call(net::HttpMethod::post, v.rest->path("marginType"));
      c.params.add("symbol", sym).add("marginType", v.config.margin_type);
      const RestResult r = co_await call(*v.rest, std::move(c));
      if (!r.ok() && r.code != VenueErrc::no_change)  // already that margin type is fine
        co_return "set margin type on " + sym + ": " + r.describe();
    }
  }
  co_return std::string();
}

Step balance(AsterVenue::Impl& v, Bootstrap& out) {
  const std::string path = v.rest->path("balance");
  const RestResult r = co_await call(*v.rest, signed_call(net::HttpMethod::get, path, 5));
  if (!r.ok()) co_return "GET " + path + ": " + r.describe();
  std::string err;
  const auto w = parse_balance(r.body, v.config.margin_asset, err);
  if (!w) co_return err;
  out.wallet_balance = *w;
  co_return std::string();
}

Step start_up(AsterVenue::Impl& v, Bootstrap& out) {
  if (std::string err = co_await sync_time(*v.rest); !err.empty()) co_return "cannot reach Aster (" + err + ")";
  const auto skew = v.rest->skew();
  spdlog::info("aster: clock offset {} ms (±{} ms)", skew.offset() / ns_per_ms,
               skew.uncertainty().value_or(0) / ns_per_ms);
  if (std::string err = co_await exchange_info(v, out); !err.empty()) co_return err;
  if (v.signer) {
    if (std::string err = co_await account_setup(v); !err.empty()) co_return err;
    if (std::string err = co_await balance(v, out); !err.empty()) co_return err;
  }
  co_return std::string();
}

// Spawned, it starts when the reactor next runs: the venue may be gone by then. Once it
// runs, it is only ever resumed by the venue's REST client, which a destroyed venue has
// closed (a closed client calls nothing back).
asio::awaitable<void> run(AsterVenue::Impl& v, std::shared_ptr<bool> alive, std::function<void(Bootstrap)> done) {
  if (!*alive) co_return;
  Bootstrap out;
  try {
    out.error = co_await start_up(v, out);
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
