#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <optional>
#include <type_traits>

namespace symphony {

/// A bounded single-producer single-consumer ring of trivially copyable values.
/// One thread calls `try_push`, one other thread calls `try_pop`; neither ever blocks or
/// allocates after construction.
template <class T>
class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "ring slots are copied as bytes");

 public:
  /// A ring holding up to `capacity` values; `capacity` is rounded up to a power of two.
  explicit SpscRing(std::size_t capacity) : mask_(round_up(capacity) - 1), slots_(std::make_unique<T[]>(mask_ + 1)) {}

  /// Appends `v`; false when the ring is full (the caller keeps `v`).
  bool try_push(const T& v) noexcept {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head - tail_cache_ > mask_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head - tail_cache_ > mask_) return false;
    }
    slots_[head & mask_] = v;
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  /// Removes the oldest value; empty when there is none.
  std::optional<T> try_pop() noexcept {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == head_cache_) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (tail == head_cache_) return std::nullopt;
    }
    T v = slots_[tail & mask_];
    tail_.store(tail + 1, std::memory_order_release);
    return v;
  }

  [[nodiscard]] std::size_t capacity() const noexcept { return mask_ + 1; }

 private:
  static std::size_t round_up(std::size_t n) noexcept {
    std::size_t c = 2;
    while (c < n) c <<= 1;
    return c;
  }
  static constexpr std::size_t line = 64;
  const std::size_t mask_;
  std::unique_ptr<T[]> slots_;
  alignas(line) std::atomic<std::size_t> head_{0};
  alignas(line) std::size_t tail_cache_ = 0;  // producer's view of tail
  alignas(line) std::atomic<std::size_t> tail_{0};
  alignas(line) std::size_t head_cache_ = 0;  // consumer's view of head
};

}  // namespace symphony
