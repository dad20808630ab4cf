#include <symphony/agents/regime_score.hpp>

#include <fmt/format.h>

namespace symphony::agents {

std::uint64_t RegimeScore::total() const noexcept {
  std::uint64_t n = 0;
  for (const auto& row : counts_)
    for (std::uint64_t c : row) n += c;
  return n;
}

double RegimeScore::accuracy() const noexcept {
  std::uint64_t right = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) right += counts_[i][i];
  const std::uint64_t n = total();
  return n ? static_cast<double>(right) / static_cast<double>(n) : 0.0;
}

std::uint64_t RegimeScore::support(Regime r) const noexcept {
  std::uint64_t n = 0;
  for (std::uint64_t c : counts_[static_cast<std::size_t>(r)]) n += c;
  return n;
}

std::uint64_t RegimeScore::predicted(Regime r) const noexcept {
  std::uint64_t n = 0;
  for (const auto& row : counts_) n += row[static_cast<std::size_t>(r)];
  return n;
}

double RegimeScore::precision(Regime r) const noexcept {
  const std::uint64_t n = predicted(r);
  return n ? static_cast<double>(count(r, r)) / static_cast<double>(n) : 0.0;
}

double RegimeScore::recall(Regime r) const noexcept {
  const std::uint64_t n = support(r);
  return n ? static_cast<double>(count(r, r)) / static_cast<double>(n) : 0.0;
}

std::string format_score(const RegimeScore& s) {
  std::string out = fmt::format("{:<14} {:>8} {:>10} {:>8}\n", "regime", "support", "precision", "recall");
  for (int i = 0; i < regime_count; ++i) {
    const auto r = static_cast<Regime>(i);
    out += fmt::format("{:<14} {:>8} {:>10.3f} {:>8.3f}\n", to_string(r), s.support(r), s.precision(r), s.recall(r));
  }
  out += fmt::format("\n{:<14}", "truth \\ said");
  static constexpr const char* short_names[] = {"BULL_TR", "BULL_VO", "BEAR_TR", "BEAR_VO", "RANGE"};
  for (const char* n : short_names) out += fmt::format(" {:>8}", n);
  out += '\n';
  for (int i = 0; i < regime_count; ++i) {
    out += fmt::format("{:<14}", to_string(static_cast<Regime>(i)));
    for (int j = 0; j < regime_count; ++j)
      out += fmt::format(" {:>8}", s.count(static_cast<Regime>(i), static_cast<Regime>(j)));
    out += '\n';
  }
  out += fmt::format("\naccuracy {:.3f} over {} classifications\n", s.accuracy(), s.total());
  return out;
}

}  // namespace symphony::agents
