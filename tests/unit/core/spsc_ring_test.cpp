#include <symphony/core/spsc_ring.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>

namespace symphony {
namespace {

TEST(SpscRing, FillsToCapacityThenRefuses) {
  SpscRing<int> ring(4);
  EXPECT_EQ(ring.capacity(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(ring.try_push(i));
  EXPECT_FALSE(ring.try_push(99));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ring.try_pop().value(), i);
  EXPECT_FALSE(ring.try_pop().has_value());
}

TEST(SpscRing, RoundsCapacityUpToPowerOfTwo) { EXPECT_EQ(SpscRing<int>(5).capacity(), 8u); }

TEST(SpscRing, TransfersInOrderAcrossThreads) {
  constexpr std::uint64_t n = 200'000;
  SpscRing<std::uint64_t> ring(64);
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < n;)
      if (ring.try_push(i)) ++i;
  });
  std::uint64_t expected = 0;
  while (expected < n) {
    if (auto v = ring.try_pop()) {
      ASSERT_EQ(*v, expected);
      ++expected;
    }
  }
  producer.join();
  EXPECT_FALSE(ring.try_pop().has_value());
}

}  // namespace
}  // namespace symphony
