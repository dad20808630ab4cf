#pragma once

#include <symphony/net/reactor.hpp>

#include "net/asio.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <atomic>
#include <optional>
#include <queue>
#include <vector>

namespace symphony::net {

struct Reactor::Impl {
  explicit Impl(const Clock& c) : clock(c), timer(io) {}
  void arm();
  void fire();

  struct Entry {
    Timestamp at;
    std::uint64_t seq;
    Scheduler::task fn;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const noexcept {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };

  const Clock& clock;
  detail::asio::io_context io;
  detail::asio::steady_timer timer;
  std::priority_queue<Entry, std::vector<Entry>, Later> tasks;
  std::uint64_t next_seq = 0;
  std::optional<Timestamp> armed_for;
  bool firing = false;
  std::optional<detail::asio::posix::stream_descriptor> signals;
  bool signalled = false;
  std::atomic<bool> stop_requested{false};
};

}  // namespace symphony::net
