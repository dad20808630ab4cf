#pragma once

#include <symphony/core/instrument.hpp>
#include <symphony/core/regime.hpp>
#include <symphony/core/rng.hpp>
#include <symphony/market/events.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace symphony::venue::sim {

/// How prices behave inside one regime: drift per hour and volatility per √hour of the
/// log price, and how many trade prints a step carries on average.
struct RegimeParams {
  double drift_per_hour = 0;
  double volatility_per_sqrt_hour = 0.005;
  double trades_per_step = 2.0;
};

/// One simulated instrument: its trading rules, starting price, how volatile it is
/// relative to the market, and how much quote notional rests on each book level.
struct SimInstrumentSpec {
  Instrument instrument;
  Price initial_price;
  double volatility_scale = 1.0;
  double level_notional = 25'000;  ///< quote currency per book level, on average
  double trade_notional = 2'000;   ///< quote currency per trade print, on average
};

/// Parameters of the regime market generator.
struct GeneratorConfig {
  std::uint64_t seed = 1;
  Duration step = ns_per_s;        ///< time between book updates
  double mean_regime_hours = 3.0;  ///< expected time spent in a regime before switching
  Regime initial_regime = Regime::range_bound;
  double correlation = 0.7;               ///< weight of the common market shock in each instrument
  double range_reversion_per_hour = 2.0;  ///< pull toward the range's anchor in RANGE_BOUND
  std::size_t book_levels = 20;
  double half_spread_bps = 0.5;
  double level_gap_bps = 0.5;
  // Strong enough drifts that a regime shows within an hour or two of candles, as a
  // classifier needs; volatile regimes move three to four times as much as trending ones.
  std::array<RegimeParams, regime_count> regimes = {{
      {+0.0080, 0.0045, 2.0},  // BULL_TRENDING: steady climb, modest noise
      {+0.0150, 0.0150, 4.0},  // BULL_VOLATILE: up on balance, violent swings
      {-0.0080, 0.0045, 2.0},  // BEAR_TRENDING: steady decline
      {-0.0150, 0.0160, 4.0},  // BEAR_VOLATILE: down on balance, violent swings
      {0.0, 0.0030, 1.5},      // RANGE_BOUND: mean-reverting chop
  }};
};

/// A seeded Markov chain over the five regimes driving correlated log-price paths, from
/// which it builds L2 books and trade prints for every instrument at each step. Same
/// seed, same config: the same sequence of books and trades, bit for bit. The true
/// regime is exposed so classifiers can be scored against it.
/// Accessors take an instrument's position in the list the generator was given; the
/// events it builds carry the instrument's own id (`spec.instrument.id`).
/// Not thread-safe; stepped by the hot thread.
class RegimeGenerator {
 public:
  RegimeGenerator(GeneratorConfig config, std::vector<SimInstrumentSpec> instruments);

  /// Advances one step to time `now`: maybe switches regime, moves prices, rebuilds books
  /// and draws this step's trades.
  void step(Timestamp now);

  [[nodiscard]] Regime true_regime() const noexcept { return regime_; }
  [[nodiscard]] std::size_t instrument_count() const noexcept { return paths_.size(); }
  [[nodiscard]] const SimInstrumentSpec& spec(InstrumentId id) const { return paths_.at(id).spec; }
  /// The book built at the last step.
  [[nodiscard]] market::BookSnapshot book(InstrumentId id) const;
  /// The rolling ticker as of the last step; its window is the 24 most recent clock hours,
  /// the current one partial.
  [[nodiscard]] market::Ticker ticker(InstrumentId id) const;
  /// The trades drawn at the last step, oldest first.
  [[nodiscard]] const std::vector<market::TradeTick>& trades(InstrumentId id) const { return paths_.at(id).trades; }
  /// The generator's fair price (before spread) of an instrument.
  [[nodiscard]] double fair_price(InstrumentId id) const { return paths_.at(id).price; }
  [[nodiscard]] const GeneratorConfig& config() const noexcept { return config_; }
  /// Regime switches so far.
  [[nodiscard]] std::uint64_t regime_switches() const noexcept { return switches_; }

 private:
  // One hour of the rolling 24-hour ticker window.
  struct hour_bucket {
    std::int64_t hour = -1;
    Price high;
    Price low;
    Qty volume;
    Money quote_volume;
  };
  struct path {
    SimInstrumentSpec spec;
    Rng rng;
    double price;
    double anchor;  // log price the range reverts to
    std::vector<market::Level> bids;
    std::vector<market::Level> asks;
    std::vector<market::TradeTick> trades;
    std::uint64_t next_trade_id = 1;
    Timestamp ts = 0;
    std::array<hour_bucket, 24> hours{};
    Price last;
  };
  void record_trades(path& p);
  void maybe_switch_regime();
  void build_book(path& p, double step_return);
  void draw_trades(path& p, double step_return, Timestamp now);

  GeneratorConfig config_;
  Rng market_rng_;
  Regime regime_;
  std::uint64_t switches_ = 0;
  std::vector<path> paths_;
};

}  // namespace symphony::venue::sim
