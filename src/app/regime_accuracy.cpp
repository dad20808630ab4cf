#include <symphony/app/regime_accuracy.hpp>

#include <symphony/agents/conductor.hpp>
#include <symphony/market/market_state.hpp>
#include <symphony/venue/sim/regime_generator.hpp>

#include <fmt/format.h>

namespace symphony::app {

RegimeAccuracy score_regime_rules(const Config& config, std::uint64_t seed, Duration span) {
  venue::sim::GeneratorConfig gen = config.sim.generator;
  gen.seed = seed;
  // Only trades feed the candles, and a print's price is the best bid or ask: one level a
  // side builds the same kind of market several times faster (another draw of it, as the
  // books take their share of the random stream).
  gen.book_levels = 1;
  venue::sim::RegimeGenerator generator(gen, config.instruments);
  // Only the 1-minute candles feed the rules: the rest of the market core is not needed.
  std::vector<market::CandleSeries> candles;
  std::vector<const market::CandleSeries*> m1;
  const std::size_t keep = config.market.candles_kept[market::index_of(market::Timeframe::m1)];
  for (std::size_t i = 0; i < config.instruments.size(); ++i) candles.emplace_back(ns_per_min, keep);
  for (const auto& c : candles) m1.push_back(&c);
  agents::Conductor conductor(config.engine.conductor, config.instruments.size());

  RegimeAccuracy out;
  out.seed = seed;
  out.span = span;
  const Timestamp start = config.sim.start_time;
  for (Timestamp t = start + gen.step; t <= start + span; t += gen.step) {
    generator.step(t);
    for (std::size_t i = 0; i < config.instruments.size(); ++i) {
      for (const auto& trade : generator.trades(static_cast<InstrumentId>(i))) candles[i].on_trade(trade);
      candles[i].on_time(t);
    }
    if (!conductor.due(t)) continue;
    const Regime truth = generator.true_regime();
    for (const auto& c : conductor.classify(m1, t))
      (c.instrument == agents::RegimeClassification::market_scope ? out.market : out.instruments).add(truth, c.regime);
  }
  out.regime_switches = generator.regime_switches();
  return out;
}

std::string format_regime_accuracy(const RegimeAccuracy& a) {
  return fmt::format(
      "regime rules against the simulated market's true regime: seed {}, {} simulated, {} regime switches\n\n"
      "market (the conductor's market-wide regime)\n{}\ninstruments (each instrument's own regime)\n{}",
      a.seed, format_duration(a.span), a.regime_switches, agents::format_score(a.market),
      agents::format_score(a.instruments));
}

}  // namespace symphony::app
