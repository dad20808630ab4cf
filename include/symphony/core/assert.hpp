#pragma once

#include <cstdio>
#include <cstdlib>

/// SYMPHONY_ASSERT(cond): checked in debug and sanitizer builds, compiled out in release.
/// Trading code must not rely on it for control flow; broken invariants there enter safe mode.
#if defined(SYMPHONY_DEVELOPMENT_CHECKS)
#define SYMPHONY_ASSERT(cond)                                                           \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)
#else
#define SYMPHONY_ASSERT(cond) static_cast<void>(0)
#endif
