#include <symphony/venue/book_resync.hpp>

#include <gtest/gtest.h>

namespace symphony::venue {
namespace {

BookResync::Config exact() {
  BookResync::Config c;
  c.failed = {ns_per_s, 8 * ns_per_s, 2.0, 0.0};
  c.too_old = {250 * ns_per_ms, ns_per_s, 2.0, 0.0};
  return c;
}

TEST(BookResync, OneFetchInFlightPerInstrument) {
  BookResync r(exact(), 1);
  EXPECT_TRUE(r.begin(3));
  EXPECT_FALSE(r.begin(3));  // a gap while the snapshot is on its way asks for nothing more
  EXPECT_TRUE(r.begin(4));   // another book is another fetch
  EXPECT_TRUE(r.in_flight(3));
  r.abandon(3);
  EXPECT_FALSE(r.in_flight(3));
  EXPECT_TRUE(r.begin(3));
}

TEST(BookResync, FailuresBackOffUntilTheBookIsInSequence) {
  BookResync r(exact(), 1);
  r.begin(0);
  EXPECT_EQ(r.failed(0), ns_per_s);
  r.begin(0);
  EXPECT_EQ(r.failed(0), 2 * ns_per_s);
  r.begin(0);
  EXPECT_EQ(r.too_old(0), 250 * ns_per_ms);  // its own, shorter ladder
  for (int i = 0; i < 6; ++i) r.failed(0);
  EXPECT_EQ(r.failed(0), 8 * ns_per_s);  // capped
  EXPECT_EQ(r.attempts(0), 10u);
  r.synced(0);
  EXPECT_EQ(r.attempts(0), 0u);
  EXPECT_EQ(r.failed(0), ns_per_s);
}

TEST(BookResync, JitterOnlyShortensAWaitAndIsSeeded) {
  BookResync::Config c = exact();
  c.failed.jitter = 0.5;
  BookResync a(c, 7), b(c, 7);
  for (int i = 0; i < 5; ++i) {
    const Duration d = a.failed(1);
    EXPECT_EQ(d, b.failed(1));
    EXPECT_LE(d, std::min<Duration>(ns_per_s << i, 8 * ns_per_s));
    EXPECT_GE(d, std::min<Duration>(ns_per_s << i, 8 * ns_per_s) / 2);
  }
}

}  // namespace
}  // namespace symphony::venue
