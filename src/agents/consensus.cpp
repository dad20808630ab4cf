#include <symphony/agents/consensus.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace symphony::agents {

namespace {

template <class E, std::size_t N>
std::optional<E> from_names(std::string_view s, const std::string_view (&names)[N]) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::string_view mode_names[] = {"independent", "majority", "confidence_weighted", "unanimous"};
constexpr std::string_view policy_names[] = {"highest_confidence", "conservative", "risk_override", "weighted_average"};
constexpr std::string_view pick_names[] = {"round_robin", "random"};
constexpr std::string_view weight_names[] = {"equal", "track_record"};

int side_of(Action a) noexcept { return a == Action::buy ? 1 : a == Action::sell ? -1 : 0; }

// Stop distance relative to entry: how much of the price one unit risks. Votes without
// usable levels risk "everything".
double relative_risk(const Decision& d) noexcept {
  if (!d.entry.is_positive()) return INFINITY;
  return std::abs((d.entry - d.stop).to_double()) / d.entry.to_double();
}

// The side of the qualifying vote scoring highest (0 when opposite sides tie for it);
// `best` is that score.
template <class Score>
int side_of_best(std::span<const Vote> votes, const std::vector<std::size_t>& buys,
                 const std::vector<std::size_t>& sells, Score score, double& best) {
  int side = 0;
  best = -INFINITY;
  for (const auto* group : {&buys, &sells}) {
    for (const std::size_t i : *group) {
      const double value = score(votes[i].decision);
      if (value > best) {
        best = value;
        side = side_of(votes[i].decision.action);
      } else if (value == best && side_of(votes[i].decision.action) != side) {
        side = 0;  // equally good on opposite sides
      }
    }
  }
  return side;
}

}  // namespace

std::string_view to_string(ConsensusMode m) noexcept { return mode_names[static_cast<std::size_t>(m)]; }
std::string_view to_string(ConflictPolicy p) noexcept { return policy_names[static_cast<std::size_t>(p)]; }
std::string_view to_string(AgentPick p) noexcept { return pick_names[static_cast<std::size_t>(p)]; }
std::optional<ConsensusMode> consensus_mode_from_string(std::string_view s) noexcept {
  return from_names<ConsensusMode>(s, mode_names);
}
std::optional<ConflictPolicy> conflict_policy_from_string(std::string_view s) noexcept {
  return from_names<ConflictPolicy>(s, policy_names);
}
std::optional<AgentPick> agent_pick_from_string(std::string_view s) noexcept {
  return from_names<AgentPick>(s, pick_names);
}
std::string_view to_string(VoteWeights w) noexcept { return weight_names[static_cast<std::size_t>(w)]; }
std::optional<VoteWeights> vote_weights_from_string(std::string_view s) noexcept {
  return from_names<VoteWeights>(s, weight_names);
}

Consensus::Consensus(ConsensusConfig config, std::uint64_t seed) noexcept : config_(config), rng_(seed) {}

void Consensus::next_turn() noexcept {
  if (config_.pick == AgentPick::random) {
    turn_ = rng_.next();
  } else {
    ++turn_;
  }
}

ConsensusResult Consensus::independent(std::span<const Vote> votes) {
  const std::size_t i = turn_ % votes.size();
  const Vote& v = votes[i];
  ConsensusResult r;
  const bool qualifies = v.decision.action != Action::hold && v.decision.confidence >= config_.threshold;
  if (!qualifies) {
    r.reason = fmt::format("{}'s turn: {}", v.agent,
                           v.decision.action == Action::hold ? "HOLD" : "below the confidence threshold");
    return r;
  }
  static_cast<Decision&>(r) = v.decision;
  r.lead = i;
  r.backers = {i};
  r.reason = fmt::format("{}'s turn: {}", v.agent, v.decision.reason);
  return r;
}

ConsensusResult Consensus::combine(std::span<const Vote> votes) {
  if (votes.empty()) {
    ConsensusResult r;
    r.reason = "no agent may act";
    return r;
  }
  if (config_.mode == ConsensusMode::independent) return independent(votes);

  // 1. Qualifying votes per side.
  std::vector<std::size_t> buys, sells;
  for (std::size_t i = 0; i < votes.size(); ++i) {
    const Decision& d = votes[i].decision;
    if (d.action == Action::hold || d.confidence < config_.threshold) continue;
    (d.action == Action::buy ? buys : sells).push_back(i);
  }
  ConsensusResult r;
  r.conflict = !buys.empty() && !sells.empty();
  double net_cap = 1;  // the weighted-average policy's cap on the confidence

  // 2. A conflict: the policy picks a side (0: none).
  int side = buys.empty() ? (sells.empty() ? 0 : -1) : 1;
  std::string settled;
  if (r.conflict) {
    switch (config_.policy) {
      case ConflictPolicy::conservative:
        side = 0;
        settled = "conflict: conservative, no trade";
        break;
      case ConflictPolicy::highest_confidence: {
        double best = 0;
        side = side_of_best(
            votes, buys, sells, [](const Decision& d) { return d.confidence; }, best);
        settled = side == 0 ? "conflict: the most confident votes disagree, no trade"
                            : fmt::format("conflict: the most confident vote ({:.2f}) decides", best);
        break;
      }
      case ConflictPolicy::risk_override: {
        double best = 0;
        side = side_of_best(
            votes, buys, sells, [](const Decision& d) { return -relative_risk(d); }, best);
        settled = side == 0
                      ? "conflict: equal risk on both sides, no trade"
                      : fmt::format("conflict: the vote risking least ({:.3f}% to its stop) decides", -100 * best);
        break;
      }
      case ConflictPolicy::weighted_average: {
        double net = 0, total = 0;
        for (const auto* group : {&buys, &sells}) {
          for (const std::size_t i : *group) {
            const Vote& v = votes[i];
            net += v.weight * v.decision.confidence * side_of(v.decision.action);
            total += v.weight;
          }
        }
        side = net > 0 ? 1 : net < 0 ? -1 : 0;
        net_cap = total > 0 ? std::abs(net) / total : 0;
        settled = fmt::format("conflict: weighted net confidence {:+.2f}", total > 0 ? net / total : 0.0);
        break;
      }
    }
  }
  const std::vector<std::size_t>& side_votes = side > 0 ? buys : side < 0 ? sells : buys;
  const auto finish = [&](std::string why) {
    if (!settled.empty()) why = settled + "; " + why;
    r.reason = std::move(why);
    return r;
  };
  if (side == 0) return finish(r.conflict ? "HOLD" : "no vote at the confidence threshold");

  // 3. Enough support for that side?
  const std::size_t n = votes.size(), k = side_votes.size();
  const char* side_name = side > 0 ? "BUY" : "SELL";
  double confidence = 0;
  switch (config_.mode) {
    case ConsensusMode::majority: {
      if (2 * k <= n) return finish(fmt::format("{} of {} for {}: no majority", k, n, side_name));
      double sum = 0;
      for (const std::size_t i : side_votes) sum += votes[i].decision.confidence;
      confidence = sum / static_cast<double>(k);
      break;
    }
    case ConsensusMode::confidence_weighted: {
      double backing = 0, all = 0;
      for (const std::size_t i : side_votes) backing += votes[i].weight * votes[i].decision.confidence;
      for (const Vote& v : votes) all += v.weight;
      confidence = all > 0 ? backing / all : 0;
      if (confidence < config_.threshold)
        return finish(
            fmt::format("{} weighted confidence {:.2f} below {:.2f}", side_name, confidence, config_.threshold));
      break;
    }
    case ConsensusMode::unanimous: {
      if (k != n) return finish(fmt::format("{} of {} for {}: not unanimous", k, n, side_name));
      confidence = 1;
      for (const std::size_t i : side_votes) confidence = std::min(confidence, votes[i].decision.confidence);
      break;
    }
    case ConsensusMode::independent:
      break;  // handled above
  }
  confidence = std::min(confidence, net_cap);
  if (confidence < config_.threshold)
    return finish(
        fmt::format("{} confidence {:.2f} after the conflict, below {:.2f}", side_name, confidence, config_.threshold));

  std::size_t lead = side_votes.front();
  for (const std::size_t i : side_votes)
    if (votes[i].decision.confidence > votes[lead].decision.confidence) lead = i;
  const Decision& d = votes[lead].decision;
  static_cast<Decision&>(r) = d;
  r.confidence = confidence;
  r.lead = lead;
  r.backers = side_votes;
  return finish(fmt::format("{} of {} for {} ({}), led by {}: {}", k, n, side_name, to_string(config_.mode),
                            votes[lead].agent, d.reason));
}

}  // namespace symphony::agents
