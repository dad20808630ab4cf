#include <symphony/core/regime.hpp>

#include <array>

namespace symphony {

namespace {
constexpr std::array<std::string_view, regime_count> names = {"BULL_TRENDING", "BULL_VOLATILE", "BEAR_TRENDING",
                                                              "BEAR_VOLATILE", "RANGE_BOUND"};
}

std::string_view to_string(Regime r) noexcept { return names[static_cast<std::size_t>(r)]; }

std::optional<Regime> parse_regime(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Regime>(i);
  return std::nullopt;
}

}  // namespace symphony
