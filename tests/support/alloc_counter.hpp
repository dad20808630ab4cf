#pragma once

#include <cstdint>

namespace symphony::test {

/// Counts heap allocations made while counting is on. Link `support/alloc_counter.cpp`
/// into a test binary of its own: it replaces the global operator new and delete.
void start_counting_allocations() noexcept;
/// Stops counting and returns how many allocations happened since the start.
std::uint64_t stop_counting_allocations() noexcept;

}  // namespace symphony::test
