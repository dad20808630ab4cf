#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace symphony {

/// A nanosecond clock offset kept in an 8-byte file mapped shared, so that two processes
/// see one value: a test and its fake venue move it, and the daemon under test
/// (`symphonyd --test-clock FILE`) reads it through an `OffsetClock`. Test-only plumbing;
/// production clocks are `RealClock`.
class SharedClockOffset {
 public:
  /// Maps `file`. With `create` the file is made (offset 0) if missing; without it the
  /// file must exist and be 8 bytes. Throws std::runtime_error naming the file.
  SharedClockOffset(const std::string& file, bool create);
  ~SharedClockOffset();
  SharedClockOffset(const SharedClockOffset&) = delete;
  SharedClockOffset& operator=(const SharedClockOffset&) = delete;

  [[nodiscard]] std::atomic<std::int64_t>& offset() noexcept { return *offset_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  std::string file_;
  void* map_ = nullptr;
  std::atomic<std::int64_t>* offset_ = nullptr;
};

}  // namespace symphony
