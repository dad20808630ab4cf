#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace symphony::market {

/// Publishes a trivially copyable value from one writer thread to any number of reader
/// threads without locks: the writer never waits, readers retry if a write overlapped
/// their copy, and no reader ever returns a torn value. The value is stored as relaxed
/// atomic words bracketed by a sequence counter with release/acquire fences (Boehm,
/// "Can seqlocks get along with programming language memory models?", 2012), so the
/// scheme is race-free in the C++ memory model and clean under ThreadSanitizer.
/// One writer only; `store` must not be called from two threads.
template <class T>
class Seqlock {
  static_assert(std::is_trivially_copyable_v<T>, "seqlock values are copied as bytes");
  static constexpr std::size_t full_words = sizeof(T) / sizeof(std::uint64_t);
  static constexpr std::size_t tail_bytes = sizeof(T) % sizeof(std::uint64_t);
  static constexpr std::size_t words = full_words + (tail_bytes != 0 ? 1 : 0);
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

 public:
  Seqlock() noexcept {
    for (auto& w : data_) w.store(0, std::memory_order_relaxed);
  }

  /// Publishes `value`. Writer thread only.
  void store(const T& value) noexcept {
    const std::uint64_t seq = seq_.load(std::memory_order_relaxed);
    seq_.store(seq + 1, std::memory_order_relaxed);  // odd: a write is in progress
    std::atomic_thread_fence(std::memory_order_release);
    const auto* src = reinterpret_cast<const unsigned char*>(&value);
#pragma GCC unroll 16
    for (std::size_t i = 0; i < full_words; ++i) {
      std::uint64_t w;
      std::memcpy(&w, src + i * sizeof(w), sizeof(w));
      data_[i].store(w, std::memory_order_relaxed);
    }
    if constexpr (tail_bytes != 0) {
      std::uint64_t w = 0;
      std::memcpy(&w, src + full_words * sizeof(w), tail_bytes);
      data_[full_words].store(w, std::memory_order_relaxed);
    }
    seq_.store(seq + 2, std::memory_order_release);
  }

  /// Copies the latest value into `out` if no write overlapped; false means try again,
  /// and `out` then holds unspecified bytes.
  bool try_load(T& out) const noexcept {
    const std::uint64_t before = seq_.load(std::memory_order_acquire);
    if (before & 1) return false;
    auto* dst = reinterpret_cast<unsigned char*>(&out);
    // Unrolled: relaxed atomic loads compile to plain moves, but are never merged into
    // vector loads, so loop overhead would otherwise dominate the copy.
#pragma GCC unroll 16
    for (std::size_t i = 0; i < full_words; ++i) {
      const std::uint64_t w = data_[i].load(std::memory_order_relaxed);
      std::memcpy(dst + i * sizeof(w), &w, sizeof(w));
    }
    if constexpr (tail_bytes != 0) {
      const std::uint64_t w = data_[full_words].load(std::memory_order_relaxed);
      std::memcpy(dst + full_words * sizeof(w), &w, tail_bytes);
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    return seq_.load(std::memory_order_relaxed) == before;
  }

  /// The latest value, retrying while the writer is mid-store. Never blocks the writer.
  [[nodiscard]] T load() const noexcept {
    T out;
    while (!try_load(out)) {
    }
    return out;
  }

  /// How many values have been published.
  [[nodiscard]] std::uint64_t version() const noexcept { return seq_.load(std::memory_order_acquire) / 2; }

 private:
  alignas(64) std::atomic<std::uint64_t> seq_{0};
  alignas(64) std::atomic<std::uint64_t> data_[words];
};

}  // namespace symphony::market
