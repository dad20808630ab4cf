#include <symphony/core/scheduler.hpp>

namespace symphony {

void SimulatedScheduler::schedule_at(Timestamp at, task fn) {
  // A task in the past runs "now": the clock never goes backwards.
  if (at < clock_.now()) at = clock_.now();
  queue_.push(entry{at, next_seq_++, std::move(fn)});
}

bool SimulatedScheduler::run_one() {
  if (queue_.empty()) return false;
  // Move the task out before popping: it may schedule more tasks.
  entry e = std::move(const_cast<entry&>(queue_.top()));
  queue_.pop();
  clock_.advance_to(e.at);
  e.fn();
  return true;
}

void SimulatedScheduler::run_until(Timestamp until) {
  while (!queue_.empty() && queue_.top().at <= until) run_one();
  clock_.advance_to(until);
}

}  // namespace symphony
