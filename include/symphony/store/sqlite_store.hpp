#pragma once

#include <symphony/core/spsc_ring.hpp>
#include <symphony/store/events.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
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

/// The embedded default store: events cross from the hot thread through an SPSC ring to a
/// background thread that writes them, in order, in batched transactions, to a SQLite
/// file. `publish` never blocks and never drops: when the ring is full, events wait in a
/// hot-thread-local overflow queue that is drained on the next publish or at `close`.
/// `publish` and `close` are called from one (the hot) thread only.
class SqliteStore final : public EventSink {
 public:
  /// Opens (creating if needed) the database at `path`, registers the run and starts the
  /// writer thread. Throws naming the path if the database cannot be opened.
  SqliteStore(const std::string& path, const RunInfo& run, std::size_t ring_capacity = 1 << 14);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void publish(const Event& event) override;
  [[nodiscard]] bool healthy() const noexcept override { return !writer_done_.load(std::memory_order_acquire); }
  /// Writes everything published so far, stops the writer and records the run's end.
  /// Returns false (with `error()` set) if any write failed.
  bool close();

  [[nodiscard]] std::int64_t run_id() const noexcept { return run_id_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::uint64_t published() const noexcept { return published_; }
  [[nodiscard]] std::uint64_t overflowed() const noexcept { return overflowed_; }
  [[nodiscard]] std::string error() const;

 private:
  class writer;
  void drain_overflow() noexcept;

  std::string path_;
  std::int64_t run_id_ = 0;
  SpscRing<Event> ring_;
  std::deque<Event> overflow_;
  std::unique_ptr<writer> writer_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> writer_done_{false};
  std::uint64_t published_ = 0;
  std::uint64_t overflowed_ = 0;
  bool closed_ = false;
};

}  // namespace symphony::store
