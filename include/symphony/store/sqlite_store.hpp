#pragma once

#include <symphony/core/spsc_ring.hpp>
#include <symphony/store/events.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace symphony::store {

/// What identifies a run in the store.
struct RunInfo {
  std::string mode;
  std::uint64_t seed = 0;
  Timestamp start_ts = 0;
  std::string config_json;
  std::vector<std::string> instrument_symbols;  ///< by InstrumentId
};

/// How the store rides out a failing database.
struct StoreLimits {
  std::size_t ring_capacity = 1 << 14;
  /// Events held in memory on the hot thread while the writer cannot keep up (or the
  /// database fails); beyond this they go to the spool file.
  std::size_t overflow_capacity = 1 << 17;
  Duration busy_timeout = 5 * ns_per_s;  ///< waiting for another connection's lock
  int close_attempts = 8;                ///< tries of a failing write at close before spooling
};

/// The embedded default store: events cross from the hot thread through an SPSC ring to a
/// background thread that writes them, in order, in batched transactions, to a SQLite
/// file. `publish` never blocks and never drops: when the ring is full, events wait in a
/// hot-thread-local overflow queue that is drained on the next publish or at `close`.
/// A failed batch is rolled back and retried, never dropped. While nothing can be
/// written (disk full, a lock held elsewhere) the store is unhealthy and retries with
/// backoff; an event the database refuses on its own (a constraint) is isolated and
/// written, one JSON line, to the spool file `<path>.spool.jsonl`, as is what overflows
/// `overflow_capacity` and whatever is still unwritten when `close` gives up.
/// `publish` and `close` are called from one (the hot) thread only.
class SqliteStore final : public EventSink {
 public:
  /// Opens (creating if needed) the database at `path`, registers the run and starts the
  /// writer thread. Throws naming the path if the database cannot be opened.
  SqliteStore(const std::string& path, const RunInfo& run, StoreLimits limits);
  SqliteStore(const std::string& path, const RunInfo& run, std::size_t ring_capacity = 1 << 14)
      : SqliteStore(path, run, StoreLimits{ring_capacity}) {}
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void publish(const Event& event) override;
  [[nodiscard]] bool healthy() const noexcept override {
    return !failing_.load(std::memory_order_acquire) && !writer_done_.load(std::memory_order_acquire);
  }
  /// Blocks until the writer reports the database writable (`healthy`) or not, or
  /// `timeout` passes; returns whether it did. For tests and tools: woken by the writer
  /// thread itself, no polling.
  bool wait_for_health(bool healthy, Duration timeout) const;
  /// Writes everything published so far, stops the writer and records the run's end.
  /// Returns false (with `error()` set, naming the spool file if anything went there) if
  /// any event could not be written to the database.
  bool close();
  /// Events written to the spool file instead of the database.
  [[nodiscard]] std::uint64_t spooled() const noexcept { return spooled_.load(std::memory_order_acquire); }
  [[nodiscard]] std::string spool_path() const { return path_ + ".spool.jsonl"; }

  [[nodiscard]] std::int64_t run_id() const noexcept { return run_id_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::uint64_t published() const noexcept { return published_; }
  [[nodiscard]] std::uint64_t overflowed() const noexcept { return overflowed_; }
  [[nodiscard]] std::string error() const;

 private:
  class writer;
  void drain_overflow() noexcept;
  void run_writer();
  void set_failing(bool failing);
  /// Appends events to the spool file (either thread); records why in the error.
  void spool(const Event* first, std::size_t count, const std::string& why);

  std::string path_;
  StoreLimits limits_;
  std::int64_t run_id_ = 0;
  SpscRing<Event> ring_;
  std::deque<Event> overflow_;
  std::unique_ptr<writer> writer_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> writer_done_{false};
  std::atomic<bool> failing_{false};
  mutable std::mutex health_mutex_;  // with health_changed_: failing_ changes are told
  mutable std::condition_variable health_changed_;
  std::atomic<bool> closing_{false};  // close() has begun: a failing write gets its last attempts
  std::atomic<std::uint64_t> spooled_{0};
  std::mutex spool_mutex_;
  std::uint64_t published_ = 0;
  std::uint64_t overflowed_ = 0;
  bool closed_ = false;
};

}  // namespace symphony::store
