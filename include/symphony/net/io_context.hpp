#pragma once

// The reactor's Asio io_context, for adapter and ops .cpp files that write linear flows
// (a bootstrap, a session) as coroutines: they include Asio themselves (it is compiled
// once, in net: BOOST_ASIO_SEPARATE_COMPILATION), this header does not.
#include <symphony/net/reactor.hpp>

namespace boost::asio {
class io_context;
}

namespace symphony::net {

/// The io_context `reactor` runs: what runs on it runs on the reactor's thread.
boost::asio::io_context& io_context_of(Reactor& reactor) noexcept;

}  // namespace symphony::net
