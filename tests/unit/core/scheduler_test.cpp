#include <symphony/core/scheduler.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace symphony {
namespace {

TEST(SimulatedScheduler, RunsInTimeThenSubmissionOrder) {
  SimulatedScheduler s(1000);
  std::vector<int> order;
  s.schedule_at(3000, [&] { order.push_back(3); });
  s.schedule_at(2000, [&] { order.push_back(1); });
  s.schedule_at(2000, [&] { order.push_back(2); });
  while (s.run_one()) {
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(s.clock().now(), 3000);
}

TEST(SimulatedScheduler, ClockJumpsToEachTask) {
  SimulatedScheduler s(0);
  std::vector<Timestamp> seen;
  s.schedule_after(10, [&] {
    seen.push_back(s.clock().now());
    s.schedule_after(5, [&] { seen.push_back(s.clock().now()); });
  });
  s.run_until(100);
  EXPECT_EQ(seen, (std::vector<Timestamp>{10, 15}));
  EXPECT_EQ(s.clock().now(), 100);
}

TEST(SimulatedScheduler, PastTasksRunNowAndTimeNeverGoesBack) {
  SimulatedScheduler s(500);
  Timestamp at = 0;
  s.schedule_at(100, [&] { at = s.clock().now(); });
  s.run_one();
  EXPECT_EQ(at, 500);
}

TEST(SimulatedScheduler, RunUntilLeavesLaterTasks) {
  SimulatedScheduler s(0);
  int ran = 0;
  s.schedule_at(50, [&] { ++ran; });
  s.schedule_at(150, [&] { ++ran; });
  s.run_until(100);
  EXPECT_EQ(ran, 1);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.next_time(), 150);
}

}  // namespace
}  // namespace symphony
