#pragma once

// Private to venue and its adapters: the kit for writing an adapter's linear flows (its
// start-up, its upkeep loops) as coroutines on the reactor's io_context, in the style of
// Beast's awaitable examples. It includes Asio, which costs seconds of compile time per
// file: include it from the one .cpp of an adapter that holds its flows (Aster's is
// flows.cpp), never from a header.
//
// A flow is resumed only by what it awaits: a callback of the adapter's clients, or the
// reactor's timer. When the owner is destroyed those never call back (a closed REST
// session drops its callbacks; a sleep checks `alive`), and the suspended coroutine is
// destroyed with the dropped callback, without ever resuming into freed state.
#include <symphony/core/scheduler.hpp>
#include <symphony/net/io_context.hpp>
#include <symphony/venue/rest_session.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <utility>

namespace symphony::venue::coro {

template <typename T>
using task = boost::asio::awaitable<T>;

/// The answer of a callback API, awaited: `start(done)` begins the operation, which calls
/// `done(T&&)` once, or never.
template <typename T, typename Start>
task<T> answer(Start start) {
  namespace asio = boost::asio;
  return asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      [](auto handler, Start begin) {
        // Clients copy their callbacks: the one-shot handler is shared.
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        begin([h](T&& r) { std::move (*h)(std::move(r)); });
      },
      asio::use_awaitable, std::move(start));
}

/// A REST call (on a `RestSession` or an adapter's client around one), awaited.
template <typename Rest>
task<RestResult> call(Rest& rest, RestCall request) {
  return answer<RestResult>(
      [&rest, c = std::move(request)](auto done) mutable { rest.call(std::move(c), std::move(done)); });
}

/// Resumes after `delay` of `scheduler`'s time, unless `alive` is false by then: then the
/// flow is destroyed instead.
inline task<void> sleep(Scheduler& scheduler, Duration delay, std::shared_ptr<bool> alive) {
  namespace asio = boost::asio;
  return asio::async_initiate<decltype(asio::use_awaitable), void()>(
      [&scheduler, delay](auto handler, std::shared_ptr<bool> a) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        scheduler.schedule_after(delay, [h, a = std::move(a)] {
          if (*a) std::move (*h)();
        });
      },
      asio::use_awaitable, std::move(alive));
}

/// Starts `flow` on the reactor's io_context; it begins when the reactor next runs.
inline void spawn(net::Reactor& reactor, task<void> flow) {
  boost::asio::co_spawn(net::io_context_of(reactor), std::move(flow), boost::asio::detached);
}

}  // namespace symphony::venue::coro
