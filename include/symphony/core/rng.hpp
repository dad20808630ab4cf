#pragma once

#include <cmath>
#include <cstdint>

namespace symphony {

/// xoshiro256** seeded through splitmix64: a fast generator whose output, unlike the
/// standard library's distributions, is identical on every platform and compiler. Every
/// random source in the program is one of these with a seed derived from `--seed`.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept {
    for (auto& s : state_) s = splitmix(seed);
  }
  /// The next 64 random bits.
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  /// Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : next() % n; }
  /// True with probability `p`.
  bool chance(double p) noexcept { return uniform() < p; }
  /// Standard normal (Box–Muller, one value per call).
  double normal() noexcept {
    double u1 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  /// Exponential with mean `mean`.
  double exponential(double mean) noexcept { return -mean * std::log(1.0 - uniform()); }
  /// A child generator for an independent stream, e.g. one per instrument.
  Rng fork(std::uint64_t stream) noexcept { return Rng(next() ^ (stream * 0x9E3779B97F4A7C15ULL)); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_[4]{};
};

}  // namespace symphony
