#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace symphony {

/// The market regimes the conductor classifies and the simulated market generates.
enum class Regime : std::uint8_t { bull_trending, bull_volatile, bear_trending, bear_volatile, range_bound };

inline constexpr int regime_count = 5;

/// "BULL_TRENDING", "BULL_VOLATILE", "BEAR_TRENDING", "BEAR_VOLATILE", "RANGE_BOUND".
std::string_view to_string(Regime r) noexcept;
/// The regime named by its canonical upper-case name.
std::optional<Regime> parse_regime(std::string_view name) noexcept;

}  // namespace symphony
