#pragma once

#include <symphony/core/regime.hpp>

#include <array>
#include <cstdint>
#include <string>

namespace symphony::agents {

/// A confusion matrix of regime classifications against the true regime, with the scores
/// read from it.
class RegimeScore {
 public:
  void add(Regime truth, Regime predicted) noexcept {
    ++counts_[static_cast<std::size_t>(truth)][static_cast<std::size_t>(predicted)];
  }
  /// Classifications that were `predicted` while the truth was `truth`.
  [[nodiscard]] std::uint64_t count(Regime truth, Regime predicted) const noexcept {
    return counts_[static_cast<std::size_t>(truth)][static_cast<std::size_t>(predicted)];
  }
  [[nodiscard]] std::uint64_t total() const noexcept;
  /// Share of classifications that were right; 0 when there are none.
  [[nodiscard]] double accuracy() const noexcept;
  /// Of the classifications saying `r`, the share that were right; 0 when none said it.
  [[nodiscard]] double precision(Regime r) const noexcept;
  /// Of the times the truth was `r`, the share classified `r`; 0 when it never was.
  [[nodiscard]] double recall(Regime r) const noexcept;
  /// How often the truth was `r`, and how often `r` was said.
  [[nodiscard]] std::uint64_t support(Regime r) const noexcept;
  [[nodiscard]] std::uint64_t predicted(Regime r) const noexcept;

 private:
  std::array<std::array<std::uint64_t, regime_count>, regime_count> counts_{};
};

/// The score as a table: a row per regime with its support, precision and recall, then the
/// confusion matrix (rows: truth, columns: classified) and the overall accuracy.
std::string format_score(const RegimeScore& score);

}  // namespace symphony::agents
