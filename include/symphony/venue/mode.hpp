#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace symphony::venue {

/// How a session trades. `sim` and `validate` run on the simulated venue and clock;
/// `paper` takes real market data and simulates fills; `live` sends real orders.
enum class Mode : std::uint8_t { sim, validate, paper, live };

std::string_view to_string(Mode m) noexcept;
/// "sim", "validate", "paper" or "live"; nothing else.
std::optional<Mode> parse_mode(std::string_view text) noexcept;
/// Whether the session runs on a real venue's market data and the real clock.
constexpr bool on_real_venue(Mode m) noexcept { return m == Mode::paper || m == Mode::live; }

}  // namespace symphony::venue
