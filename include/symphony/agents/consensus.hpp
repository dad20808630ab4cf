#pragma once

// How the agents' votes on one instrument become one decision (DESIGN.md, "Regimes and
// agents"). Pure logic on the hot thread: no I/O, no clock; the only randomness (the
// independent mode's random pick) comes from a seeded Rng.

#include <symphony/agents/agent.hpp>
#include <symphony/core/rng.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::agents {

/// How votes combine.
enum class ConsensusMode : std::uint8_t {
  independent,          ///< one agent per tick (round-robin or random) trades its own signal
  majority,             ///< more than half of the voters back one side
  confidence_weighted,  ///< a side's weighted confidence, over all voters' weight, passes the threshold
  unanimous,            ///< every voter backs the same side
};
std::string_view to_string(ConsensusMode m) noexcept;
std::optional<ConsensusMode> consensus_mode_from_string(std::string_view s) noexcept;

/// What settles a conflict: qualifying votes on both sides.
enum class ConflictPolicy : std::uint8_t {
  highest_confidence,  ///< the side of the single most confident vote (a tie is no trade)
  conservative,        ///< no trade
  risk_override,       ///< the side of the vote risking least: the smallest stop distance relative to entry
  weighted_average,    ///< the side of the weighted net confidence, which becomes the result's confidence
};
std::string_view to_string(ConflictPolicy p) noexcept;
std::optional<ConflictPolicy> conflict_policy_from_string(std::string_view s) noexcept;

/// Where vote weights come from.
enum class VoteWeights : std::uint8_t {
  equal,         ///< every vote weighs 1
  track_record,  ///< each agent's smoothed win rate (AgentRoster::track_record_weight)
};
std::string_view to_string(VoteWeights w) noexcept;
std::optional<VoteWeights> vote_weights_from_string(std::string_view s) noexcept;

/// How the independent mode picks its agent.
enum class AgentPick : std::uint8_t { round_robin, random };
std::string_view to_string(AgentPick p) noexcept;
std::optional<AgentPick> agent_pick_from_string(std::string_view s) noexcept;

struct ConsensusConfig {
  ConsensusMode mode = ConsensusMode::independent;
  ConflictPolicy policy = ConflictPolicy::conservative;
  AgentPick pick = AgentPick::round_robin;
  double threshold = 0.65;
  VoteWeights weights = VoteWeights::equal;  ///< applied by the caller that builds the votes  ///< a BUY or SELL counts
                                             ///< only at this confidence or more
};

/// One agent's vote. `weight` > 0 scales it in the weighted mode and policy (1 = neutral;
/// e.g. from the agent's track record).
struct Vote {
  std::string_view agent;
  Decision decision;
  double weight = 1;
};

/// The outcome for one instrument: a decision — for BUY or SELL with the levels of the
/// lead, the most confident vote among the backers, and the mode's measure of support as
/// `confidence` (see `Consensus`); `reason` says how it came about — and who stands behind it.
struct ConsensusResult : Decision {
  std::optional<std::size_t> lead;   ///< index into the votes
  std::vector<std::size_t> backers;  ///< the votes behind the action (empty for HOLD)
  bool conflict = false;             ///< qualifying votes were on both sides
};

/// Combines votes, in three steps:
/// 1. A vote *qualifies* if it is BUY or SELL at `threshold` or more; every other vote
///    counts as HOLD (an abstention that still counts as a voter).
/// 2. If qualifying votes are on both sides, `policy` settles the conflict: the losing
///    side's votes count as HOLD (conservative: both sides do).
/// 3. The mode decides whether the remaining side has enough support:
///    - majority: more than half of all voters; confidence = their mean confidence;
///    - confidence_weighted: Σ weight·confidence of the side over Σ weight of all
///      voters, itself at `threshold` or more; that ratio is the confidence;
///    - unanimous: every voter; confidence = the lowest among them;
///    - independent: no steps 2–3; the vote of the agent whose turn it is (see
///      `next_turn`), if it qualifies.
///    With the weighted_average policy after a conflict, the confidence is at most the
///    net weighted confidence |Σ w·c·side| / Σ w over the qualifying votes.
/// Not thread-safe (the independent mode keeps its cursor and generator).
class Consensus {
 public:
  Consensus(ConsensusConfig config, std::uint64_t seed) noexcept;

  /// A new loop tick: in the independent mode, the next agent's turn (round-robin, or a
  /// seeded random pick). Every instrument of one tick sees the same turn.
  void next_turn() noexcept;
  /// The decision from `votes` (the agents allowed to act, in a stable order). No votes:
  /// HOLD.
  [[nodiscard]] ConsensusResult combine(std::span<const Vote> votes);
  [[nodiscard]] const ConsensusConfig& config() const noexcept { return config_; }

 private:
  ConsensusResult independent(std::span<const Vote> votes);
  ConsensusConfig config_;
  Rng rng_;
  std::uint64_t turn_ = 0;
};

}  // namespace symphony::agents
