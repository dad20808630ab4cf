#pragma once

#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>
#include <symphony/net/backoff.hpp>

#include <map>

namespace symphony::venue {

/// When a feed (re)fetches each instrument's book snapshot: one fetch in flight per
/// instrument, a failed fetch retried after a jittered exponential backoff, a snapshot
/// that came too old to join the buffered diffs retried sooner (on its own, shorter
/// backoff), both restarted once the book is in sequence. Every adapter with REST
/// snapshots over a diff stream keeps one. Lives on the hot thread.
class BookResync {
 public:
  struct Config {
    net::BackoffConfig failed{ns_per_s, 30 * ns_per_s, 2.0, 0.2};
    net::BackoffConfig too_old{250 * ns_per_ms, 10 * ns_per_s, 2.0, 0.2};
  };
  BookResync(Config config, std::uint64_t seed) : config_(config), seed_(seed) {}

  /// Whether a fetch for `id` may start (none is in flight); if so it is in flight now.
  bool begin(InstrumentId id);
  /// The fetch ended without an answer to judge (the feed stopped meanwhile).
  void abandon(InstrumentId id) { state(id).in_flight = false; }
  /// The fetch failed (no answer, an error, an unreadable body): the wait before the next.
  Duration failed(InstrumentId id);
  /// The snapshot was older than the diffs buffered meanwhile: the wait before the next.
  Duration too_old(InstrumentId id);
  /// The book is in sequence from this snapshot: the backoffs start again.
  void synced(InstrumentId id);
  [[nodiscard]] bool in_flight(InstrumentId id) const;
  /// Failed or too-old fetches since `id` was last in sequence.
  [[nodiscard]] unsigned attempts(InstrumentId id) const;

 private:
  struct State {
    bool in_flight = false;
    net::Backoff failed;
    net::Backoff too_old;
  };
  State& state(InstrumentId id);

  Config config_;
  std::uint64_t seed_;
  std::map<InstrumentId, State> books_;
};

}  // namespace symphony::venue
