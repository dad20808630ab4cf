#include <symphony/venue/book_resync.hpp>

namespace symphony::venue {

BookResync::State& BookResync::state(InstrumentId id) {
  auto it = books_.find(id);
  if (it == books_.end()) {
    // Each instrument draws its own jitter, so books resync out of lock-step.
    const std::uint64_t seed = seed_ ^ (0x9e37'79b9'7f4a'7c15ULL * (id + 1));
    it = books_.emplace(id, State{false, net::Backoff(config_.failed, seed), net::Backoff(config_.too_old, ~seed)})
             .first;
  }
  return it->second;
}

bool BookResync::begin(InstrumentId id) {
  State& s = state(id);
  if (s.in_flight) return false;
  s.in_flight = true;
  return true;
}

Duration BookResync::failed(InstrumentId id) {
  State& s = state(id);
  s.in_flight = false;
  return s.failed.next();
}

Duration BookResync::too_old(InstrumentId id) {
  State& s = state(id);
  s.in_flight = false;
  return s.too_old.next();
}

void BookResync::synced(InstrumentId id) {
  State& s = state(id);
  s.in_flight = false;
  s.failed.reset();
  s.too_old.reset();
}

bool BookResync::in_flight(InstrumentId id) const {
  const auto it = books_.find(id);
  return it != books_.end() && it->second.in_flight;
}

unsigned BookResync::attempts(InstrumentId id) const {
  const auto it = books_.find(id);
  return it == books_.end() ? 0 : it->second.failed.attempts() + it->second.too_old.attempts();
}

}  // namespace symphony::venue
