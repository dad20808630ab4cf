#pragma once

#include <symphony/agents/agent.hpp>

#include <vector>

namespace symphony::agents {

/// Whale Tracker's metadata and default regime table.
const AgentInfo& whale_tracker_info() noexcept;

/// Whale Tracker settings (config `agents.whale_tracker`). What counts as a large print is
/// the market core's (`market.trades.large_*`).
struct WhaleTrackerConfig {
  bool enabled = true;
  Duration print_max_age = 60 * ns_per_s;  ///< a large print older than this is old news
  double min_imbalance = 0.2;              ///< taker imbalance over the trade window agreeing with it
  std::size_t wall_levels = 10;            ///< book levels a wall is looked for in
  double wall_multiple = 3.0;              ///< a wall: a level this many times the others' average size
  double stop_atr = 1.5;
  double target1_r = 1.5;
  double target2_r = 3.0;
  RegimeTable regimes = whale_tracker_info().regimes;
};

/// Large prints and book walls: follows a fresh large taker print when the window's taker
/// flow leans the same way and no wall on the other side of the book stands against it; a
/// wall behind the trade (a bid wall under a buy) adds confidence. One signal per large
/// print. Not thread-safe.
class WhaleTracker final : public Agent {
 public:
  WhaleTracker(WhaleTrackerConfig config, std::size_t instrument_count);
  [[nodiscard]] const AgentInfo& info() const noexcept override;
  Decision decide(const AgentContext& context) override;
  void acted(const Instrument& instrument, const Decision& decision) override;

 private:
  struct series {
    std::uint64_t seen_print = 0;   // trade id of the large print decide() last looked at
    std::uint64_t acted_print = 0;  // and of the one acted on
  };
  WhaleTrackerConfig config_;
  std::vector<series> series_;
};

/// The largest level among the `levels` best of one side of `book` if it is at least
/// `multiple` times the average of the others there; its price and size multiple.
struct Wall {
  Price price;
  double multiple = 0;
};
std::optional<Wall> find_wall(const market::OrderBook& book, Side side, std::size_t levels, double multiple);

}  // namespace symphony::agents
