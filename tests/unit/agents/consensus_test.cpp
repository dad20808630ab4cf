#include <symphony/agents/consensus.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace symphony::agents {
namespace {

// A vote with entry 100 and a stop `risk_pct` percent away on the losing side.
Vote vote(std::string_view agent, Action a, double confidence, double risk_pct = 2, double weight = 1) {
  Decision d;
  d.action = a;
  d.confidence = confidence;
  d.entry = Price::from_units(100);
  const double stop = a == Action::sell ? 100 + risk_pct : 100 - risk_pct;
  d.stop = Price::from_double(stop);
  d.target1 = Price::from_double(a == Action::sell ? 100 - risk_pct : 100 + risk_pct);
  d.target2 = Price::from_double(a == Action::sell ? 100 - 2 * risk_pct : 100 + 2 * risk_pct);
  d.reason = std::string(agent) + " says so";
  return {agent, d, weight};
}

constexpr auto B = Action::buy;
constexpr auto S = Action::sell;
constexpr auto H = Action::hold;

// The situations of the truth table.
const std::map<std::string, std::vector<Vote>>& situations() {
  static const std::map<std::string, std::vector<Vote>> s = {
      // Everyone buys: no conflict, every mode agrees.
      {"all_buy", {vote("a", B, 0.8), vote("b", B, 0.7), vote("c", B, 0.9)}},
      // Two of three buy, one holds.
      {"two_buy_one_hold", {vote("a", B, 0.8), vote("b", B, 0.7), vote("c", H, 0)}},
      // One buys, two hold.
      {"one_buy", {vote("a", B, 0.8), vote("b", H, 0), vote("c", H, 0)}},
      // Buys, all under the threshold.
      {"weak_buys", {vote("a", B, 0.6), vote("b", B, 0.5), vote("c", B, 0.64)}},
      // One very sure buyer with a wide stop against three sellers with tight stops.
      {"sure_buyer_vs_sellers",
       {vote("a", B, 0.95, 10), vote("b", S, 0.7, 1), vote("c", S, 0.7, 2), vote("d", S, 0.68, 1.5), vote("e", H, 0)}},
      // Three heavy sellers against a light buyer with the tightest stop.
      {"heavy_sellers_vs_light_buyer",
       {vote("a", B, 0.7, 0.5, 0.2), vote("b", S, 0.9, 2), vote("c", S, 0.9, 2), vote("d", S, 0.85, 2)}},
      // Equally sure, equally risky, opposite.
      {"even_split", {vote("a", B, 0.8, 2), vote("b", S, 0.8, 2)}},
      {"no_votes", {}},
  };
  return s;
}

struct Row {
  const char* situation;
  ConsensusMode mode;
  ConflictPolicy policy;
  Action action;
  double confidence;  // for BUY/SELL
  const char* lead;   // for BUY/SELL
};

constexpr auto maj = ConsensusMode::majority;
constexpr auto cw = ConsensusMode::confidence_weighted;
constexpr auto una = ConsensusMode::unanimous;
constexpr auto hi = ConflictPolicy::highest_confidence;
constexpr auto con = ConflictPolicy::conservative;
constexpr auto risk = ConflictPolicy::risk_override;
constexpr auto avg = ConflictPolicy::weighted_average;

// Every situation × mode × policy. Situations without a conflict give the same result
// under every policy, and the table says so row by row.
const Row table[] = {
    // all_buy: BUY everywhere; majority = mean 0.8, weighted = 2.4/3, unanimous = lowest 0.7; led by c (0.9).
    {"all_buy", maj, hi, B, 0.8, "c"},
    {"all_buy", maj, con, B, 0.8, "c"},
    {"all_buy", maj, risk, B, 0.8, "c"},
    {"all_buy", maj, avg, B, 0.8, "c"},
    {"all_buy", cw, hi, B, 0.8, "c"},
    {"all_buy", cw, con, B, 0.8, "c"},
    {"all_buy", cw, risk, B, 0.8, "c"},
    {"all_buy", cw, avg, B, 0.8, "c"},
    {"all_buy", una, hi, B, 0.7, "c"},
    {"all_buy", una, con, B, 0.7, "c"},
    {"all_buy", una, risk, B, 0.7, "c"},
    {"all_buy", una, avg, B, 0.7, "c"},
    // two_buy_one_hold: a majority (mean 0.75), but 1.5/3 = 0.5 weighted, and not unanimous.
    {"two_buy_one_hold", maj, hi, B, 0.75, "a"},
    {"two_buy_one_hold", maj, con, B, 0.75, "a"},
    {"two_buy_one_hold", maj, risk, B, 0.75, "a"},
    {"two_buy_one_hold", maj, avg, B, 0.75, "a"},
    {"two_buy_one_hold", cw, hi, H, 0, ""},
    {"two_buy_one_hold", cw, con, H, 0, ""},
    {"two_buy_one_hold", cw, risk, H, 0, ""},
    {"two_buy_one_hold", cw, avg, H, 0, ""},
    {"two_buy_one_hold", una, hi, H, 0, ""},
    {"two_buy_one_hold", una, con, H, 0, ""},
    {"two_buy_one_hold", una, risk, H, 0, ""},
    {"two_buy_one_hold", una, avg, H, 0, ""},
    // one_buy and weak_buys: never enough.
    {"one_buy", maj, hi, H, 0, ""},
    {"one_buy", maj, con, H, 0, ""},
    {"one_buy", maj, risk, H, 0, ""},
    {"one_buy", maj, avg, H, 0, ""},
    {"one_buy", cw, hi, H, 0, ""},
    {"one_buy", cw, con, H, 0, ""},
    {"one_buy", cw, risk, H, 0, ""},
    {"one_buy", cw, avg, H, 0, ""},
    {"one_buy", una, hi, H, 0, ""},
    {"one_buy", una, con, H, 0, ""},
    {"one_buy", una, risk, H, 0, ""},
    {"one_buy", una, avg, H, 0, ""},
    {"weak_buys", maj, hi, H, 0, ""},
    {"weak_buys", maj, con, H, 0, ""},
    {"weak_buys", maj, risk, H, 0, ""},
    {"weak_buys", maj, avg, H, 0, ""},
    {"weak_buys", cw, hi, H, 0, ""},
    {"weak_buys", cw, con, H, 0, ""},
    {"weak_buys", cw, risk, H, 0, ""},
    {"weak_buys", cw, avg, H, 0, ""},
    {"weak_buys", una, hi, H, 0, ""},
    {"weak_buys", una, con, H, 0, ""},
    {"weak_buys", una, risk, H, 0, ""},
    {"weak_buys", una, avg, H, 0, ""},
    // sure_buyer_vs_sellers (5 voters): the most confident vote is the lone buyer (1 of 5:
    // nothing passes); the least risky is b's sell (1%), and 3 of 5 sell, mean 2.08/3;
    // the weighted net is (0.95 - 2.08)/4 = -0.2825, too weak.
    {"sure_buyer_vs_sellers", maj, hi, H, 0, ""},
    {"sure_buyer_vs_sellers", maj, con, H, 0, ""},
    {"sure_buyer_vs_sellers", maj, risk, S, 2.08 / 3, "b"},
    {"sure_buyer_vs_sellers", maj, avg, H, 0, ""},
    {"sure_buyer_vs_sellers", cw, hi, H, 0, ""},
    {"sure_buyer_vs_sellers", cw, con, H, 0, ""},
    {"sure_buyer_vs_sellers", cw, risk, H, 0, ""},
    {"sure_buyer_vs_sellers", cw, avg, H, 0, ""},
    {"sure_buyer_vs_sellers", una, hi, H, 0, ""},
    {"sure_buyer_vs_sellers", una, con, H, 0, ""},
    {"sure_buyer_vs_sellers", una, risk, H, 0, ""},
    {"sure_buyer_vs_sellers", una, avg, H, 0, ""},
    // heavy_sellers_vs_light_buyer (4 voters, the buyer weighs 0.2): the most confident
    // votes sell, 3 of 4, mean 2.65/3, weighted 2.65/3.2; the least risky is the buyer
    // (1 of 4); the weighted net (2.65 - 0.14)/3.2 = 0.784 caps the sell's confidence.
    {"heavy_sellers_vs_light_buyer", maj, hi, S, 2.65 / 3, "b"},
    {"heavy_sellers_vs_light_buyer", maj, con, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", maj, risk, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", maj, avg, S, 2.51 / 3.2, "b"},
    {"heavy_sellers_vs_light_buyer", cw, hi, S, 2.65 / 3.2, "b"},
    {"heavy_sellers_vs_light_buyer", cw, con, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", cw, risk, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", cw, avg, S, 2.51 / 3.2, "b"},
    {"heavy_sellers_vs_light_buyer", una, hi, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", una, con, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", una, risk, H, 0, ""},
    {"heavy_sellers_vs_light_buyer", una, avg, H, 0, ""},
    // even_split: every policy finds no side.
    {"even_split", maj, hi, H, 0, ""},
    {"even_split", maj, con, H, 0, ""},
    {"even_split", maj, risk, H, 0, ""},
    {"even_split", maj, avg, H, 0, ""},
    {"even_split", cw, hi, H, 0, ""},
    {"even_split", cw, con, H, 0, ""},
    {"even_split", cw, risk, H, 0, ""},
    {"even_split", cw, avg, H, 0, ""},
    {"even_split", una, hi, H, 0, ""},
    {"even_split", una, con, H, 0, ""},
    {"even_split", una, risk, H, 0, ""},
    {"even_split", una, avg, H, 0, ""},
    // no_votes: nothing to act on.
    {"no_votes", maj, hi, H, 0, ""},
    {"no_votes", cw, avg, H, 0, ""},
    {"no_votes", una, con, H, 0, ""},
    {"no_votes", ConsensusMode::independent, risk, H, 0, ""},
};

TEST(Consensus, TruthTableOfEveryModeAndPolicy) {
  // Every situation with a conflict is listed under all three voting modes and four policies.
  std::map<std::string, int> rows;
  for (const Row& row : table) ++rows[row.situation];
  for (const auto& [name, votes] : situations())
    if (name != "no_votes") {
      EXPECT_EQ(rows[name], 12) << name;
    }

  for (const Row& row : table) {
    const std::vector<Vote>& votes = situations().at(row.situation);
    Consensus c({row.mode, row.policy, AgentPick::round_robin, 0.65}, 1);
    const ConsensusResult r = c.combine(votes);
    const std::string where = std::string(row.situation) + " / " + std::string(to_string(row.mode)) + " / " +
                              std::string(to_string(row.policy)) + ": " + r.reason;
    ASSERT_EQ(r.action, row.action) << where;
    EXPECT_FALSE(r.reason.empty()) << where;
    if (row.action == H) {
      EXPECT_TRUE(r.backers.empty()) << where;
      EXPECT_FALSE(r.lead.has_value()) << where;
      continue;
    }
    EXPECT_NEAR(r.confidence, row.confidence, 1e-12) << where;
    ASSERT_TRUE(r.lead.has_value()) << where;
    EXPECT_EQ(votes[*r.lead].agent, row.lead) << where;
    // The levels are the lead's, and every backer is on the result's side.
    EXPECT_EQ(r.entry, votes[*r.lead].decision.entry) << where;
    EXPECT_EQ(r.stop, votes[*r.lead].decision.stop) << where;
    EXPECT_EQ(r.target1, votes[*r.lead].decision.target1) << where;
    EXPECT_EQ(r.target2, votes[*r.lead].decision.target2) << where;
    for (const std::size_t i : r.backers) EXPECT_EQ(votes[i].decision.action, r.action) << where;
    EXPECT_GE(r.confidence, 0.65) << where;
  }
}

TEST(Consensus, ConflictsAreFlagged) {
  Consensus c({ConsensusMode::majority, ConflictPolicy::risk_override, AgentPick::round_robin, 0.65}, 1);
  EXPECT_TRUE(c.combine(situations().at("sure_buyer_vs_sellers")).conflict);
  EXPECT_FALSE(c.combine(situations().at("all_buy")).conflict);
  // A vote under the threshold is no side of a conflict.
  const std::vector<Vote> weak_opponent = {vote("a", B, 0.8), vote("b", B, 0.8), vote("c", S, 0.6)};
  const ConsensusResult r = c.combine(weak_opponent);
  EXPECT_FALSE(r.conflict);
  EXPECT_EQ(r.action, B);
}

TEST(Consensus, ThresholdIsConfigurable) {
  const std::vector<Vote> votes = {vote("a", B, 0.6), vote("b", B, 0.6)};
  Consensus strict({ConsensusMode::unanimous, ConflictPolicy::conservative, AgentPick::round_robin, 0.65}, 1);
  Consensus loose({ConsensusMode::unanimous, ConflictPolicy::conservative, AgentPick::round_robin, 0.55}, 1);
  EXPECT_EQ(strict.combine(votes).action, H);
  EXPECT_EQ(loose.combine(votes).action, B);
}

TEST(Consensus, IndependentModeTakesTurnsRoundRobin) {
  const std::vector<Vote> votes = {vote("a", B, 0.8), vote("b", H, 0), vote("c", S, 0.6), vote("d", S, 0.9)};
  Consensus c({ConsensusMode::independent, ConflictPolicy::conservative, AgentPick::round_robin, 0.65}, 1);
  const std::array<Action, 8> expected = {B, H, H, S, B, H, H, S};  // c is under the threshold
  for (const Action want : expected) {
    // Every instrument of a tick sees the same turn.
    for (int instrument = 0; instrument < 3; ++instrument) {
      const ConsensusResult r = c.combine(votes);
      EXPECT_EQ(r.action, want) << r.reason;
      EXPECT_FALSE(r.conflict);  // one agent at a time never conflicts
    }
    c.next_turn();
  }
}

TEST(Consensus, IndependentRandomPickIsSeededAndFair) {
  std::vector<Vote> votes;
  const char* names[] = {"a", "b", "c", "d", "e", "f", "g"};
  for (const char* n : names) votes.push_back(vote(n, B, 0.9));
  auto picks = [&](std::uint64_t seed) {
    Consensus c({ConsensusMode::independent, ConflictPolicy::conservative, AgentPick::random, 0.65}, seed);
    std::vector<std::size_t> out;
    for (int i = 0; i < 7000; ++i) {
      c.next_turn();
      out.push_back(*c.combine(votes).lead);
    }
    return out;
  };
  const auto first = picks(42);
  EXPECT_EQ(first, picks(42));  // reproducible
  EXPECT_NE(first, picks(43));
  std::array<int, 7> count{};
  for (const std::size_t i : first) ++count[i];
  for (const int n : count) {
    EXPECT_GT(n, 850);  // 1000 expected each
    EXPECT_LT(n, 1150);
  }
}

TEST(Consensus, NamesRoundTrip) {
  for (const auto m : {ConsensusMode::independent, ConsensusMode::majority, ConsensusMode::confidence_weighted,
                       ConsensusMode::unanimous})
    EXPECT_EQ(consensus_mode_from_string(to_string(m)), m);
  for (const auto p : {ConflictPolicy::highest_confidence, ConflictPolicy::conservative, ConflictPolicy::risk_override,
                       ConflictPolicy::weighted_average})
    EXPECT_EQ(conflict_policy_from_string(to_string(p)), p);
  for (const auto p : {AgentPick::round_robin, AgentPick::random}) EXPECT_EQ(agent_pick_from_string(to_string(p)), p);
  for (const auto w : {VoteWeights::equal, VoteWeights::track_record})
    EXPECT_EQ(vote_weights_from_string(to_string(w)), w);
  EXPECT_FALSE(consensus_mode_from_string("plurality").has_value());
  EXPECT_FALSE(conflict_policy_from_string("").has_value());
}

}  // namespace
}  // namespace symphony::agents
