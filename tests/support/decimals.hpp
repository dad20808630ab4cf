#pragma once

#include <symphony/core/fixed.hpp>

namespace symphony::test {

/// Exact decimals for test literals: p("100.1"), q("0.5"), m("-3.25"). Abort on bad text.
inline Price p(const char* s) { return Price::parse(s).value(); }
inline Qty q(const char* s) { return Qty::parse(s).value(); }
inline Money m(const char* s) { return Money::parse(s).value(); }

}  // namespace symphony::test
