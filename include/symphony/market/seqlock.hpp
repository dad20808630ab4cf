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
  static constexpr std::size_t words = (sizeof(T) + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t);

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
    for (std::size_t i = 0; i < words; ++i) data_[i].store(word_at(src, i), std::memory_order_relaxed);
    seq_.store(seq + 2, std::memory_order_release);
  }

  /// Copies the latest value into `out` if no write overlapped; false means try again,
  /// and `out` then holds unspecified bytes.
  bool try_load(T& out) const noexcept {
    const std::uint64_t before = seq_.load(std::memory_order_acquire);
    if (before & 1) return false;
    auto* dst = reinterpret_cast<unsigned char*>(&out);
    for (std::size_t i = 0; i < words; ++i) put_word(dst, i, data_[i].load(std::memory_order_relaxed));
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
  static std::uint64_t word_at(const unsigned char* src, std::size_t i) noexcept {
    std::uint64_t w = 0;
    const std::size_t n = (i + 1) * sizeof(w) <= sizeof(T) ? sizeof(w) : sizeof(T) - i * sizeof(w);
    std::memcpy(&w, src + i * sizeof(w), n);
    return w;
  }

  static void put_word(unsigned char* dst, std::size_t i, std::uint64_t w) noexcept {
    const std::size_t n = (i + 1) * sizeof(w) <= sizeof(T) ? sizeof(w) : sizeof(T) - i * sizeof(w);
    std::memcpy(dst + i * sizeof(w), &w, n);
  }

  alignas(64) std::atomic<std::uint64_t> seq_{0};
  alignas(64) std::atomic<std::uint64_t> data_[words];
};

}  // namespace symphony::market
