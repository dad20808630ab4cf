#include <symphony/venue/mode.hpp>

namespace symphony::venue {

std::string_view to_string(Mode m) noexcept {
  switch (m) {
    case Mode::sim:
      return "sim";
    case Mode::validate:
      return "validate";
    case Mode::paper:
      return "paper";
    case Mode::live:
      return "live";
  }
  return "?";
}

std::optional<Mode> parse_mode(std::string_view text) noexcept {
  for (const Mode m : {Mode::sim, Mode::validate, Mode::paper, Mode::live})
    if (to_string(m) == text) return m;
  return std::nullopt;
}

}  // namespace symphony::venue
