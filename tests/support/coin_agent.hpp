#pragma once

#include <symphony/agents/agent.hpp>

#include <random>

namespace symphony::test {

/// Votes BUY or SELL now and then, at random (seeded), with a stop of `stop_bps` (0.6%)
/// and 1R/2R targets at the touch: far more trades than the rule-based agents make, so
/// that every fault meets open positions.
class CoinAgent : public agents::Agent {
 public:
  explicit CoinAgent(std::uint64_t seed, double chance = 0.02, std::int64_t stop_bps = 60)
      : rng_(seed), chance_(chance), stop_bps_(stop_bps) {
    info_.id = "coin";
    info_.name = "coin";
  }
  [[nodiscard]] const agents::AgentInfo& info() const noexcept override { return info_; }
  agents::Decision decide(const agents::AgentContext& c) override {
    agents::Decision d;
    const auto bid = c.state.book().best_bid();
    const auto ask = c.state.book().best_ask();
    if (!bid || !ask || std::uniform_real_distribution<double>(0, 1)(rng_) > chance_) return d;
    const bool buy = std::uniform_int_distribution<int>(0, 1)(rng_) == 1;
    const Price entry = buy ? ask->price : bid->price;
    const Price risk = Price::from_raw(entry.raw() / 10000 * stop_bps_).round_to(c.instrument.tick_size, rounding::up);
    d.action = buy ? agents::Action::buy : agents::Action::sell;
    d.confidence = 0.9;
    d.entry = entry;
    d.stop = buy ? entry - risk : entry + risk;
    d.target1 = buy ? entry + risk : entry - risk;
    d.target2 = buy ? entry + risk * 2 : entry - risk * 2;
    d.reason = "coin";
    return d;
  }

 private:
  agents::AgentInfo info_;
  std::mt19937_64 rng_;
  double chance_;
  std::int64_t stop_bps_;
};

}  // namespace symphony::test
