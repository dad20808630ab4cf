#include <symphony/venue/sim/sim_venue.hpp>

namespace symphony::venue::sim {

std::vector<Instrument> SimVenue::instruments_of(const std::vector<SimInstrumentSpec>& specs) {
  std::vector<Instrument> out;
  out.reserve(specs.size());
  for (const auto& s : specs) out.push_back(s.instrument);
  return out;
}

SimVenue::SimVenue(Scheduler& scheduler, GeneratorConfig generator, ExchangeConfig exchange,
                   const std::vector<SimInstrumentSpec>& instruments, const market::MarketState& market, VenueId venue)
    : scheduler_(scheduler),
      generator_(generator, instruments),
      exchange_(scheduler, exchange, instruments_of(instruments), market, venue) {}

void SimVenue::start() {
  running_ = true;
  // The opening books, so orders placed at once can match.
  if (market_handler_) {
    for (std::size_t i = 0; i < generator_.instrument_count(); ++i) {
      auto book = generator_.book(static_cast<InstrumentId>(i));
      book.ts = scheduler_.clock().now();
      market_handler_->on_book(book);
    }
  }
  scheduler_.schedule_after(generator_.config().step, [this] { step(); });
}

void SimVenue::step() {
  if (!running_) return;
  generator_.step(scheduler_.clock().now());
  for (std::size_t i = 0; i < generator_.instrument_count(); ++i) {
    const auto at = static_cast<InstrumentId>(i);  // the generator's position
    const auto book = generator_.book(at);
    const auto& trades = generator_.trades(at);
    if (market_handler_) {
      for (const auto& t : trades) market_handler_->on_trade(t);
      market_handler_->on_book(book);
      market_handler_->on_ticker(generator_.ticker(at));
    }
    exchange_.on_market(book.instrument, trades);
  }
  scheduler_.schedule_after(generator_.config().step, [this] { step(); });
}

}  // namespace symphony::venue::sim
