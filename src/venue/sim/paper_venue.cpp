#include <symphony/venue/sim/paper_venue.hpp>

#include <stdexcept>

namespace symphony::venue::sim {

// The real venue's market data goes to the engine (which applies it to the one market
// state), then tells the matcher the book changed or a trade printed.
class PaperVenue::Tap final : public MarketFeed, private MarketHandlerTap {
 public:
  Tap(MarketFeed& inner, SimExchange& exchange) : inner_(inner), exchange_(exchange) {}
  void set_handler(MarketHandler* handler) override {
    set_next(handler);
    inner_.set_handler(this);
  }
  void start() override { inner_.start(); }
  void stop() override { inner_.stop(); }

 private:
  market::book_status on_book(const market::BookSnapshot& s) override {
    const auto st = next_->on_book(s);
    exchange_.on_market(s.instrument, {});
    return st;
  }
  market::book_status on_book_diff(const market::BookDiff& d) override {
    const auto st = next_->on_book_diff(d);
    exchange_.on_market(d.instrument, {});
    return st;
  }
  void on_trade(const market::TradeTick& t) override {
    next_->on_trade(t);
    exchange_.on_market(t.instrument, std::span(&t, 1));
  }

  MarketFeed& inner_;
  SimExchange& exchange_;
};

PaperVenue::PaperVenue(std::unique_ptr<Venue> real, Scheduler& scheduler, ExchangeConfig exchange, VenueId venue)
    : real_(std::move(real)), scheduler_(scheduler), exchange_(exchange), venue_(venue) {}

PaperVenue::~PaperVenue() = default;

void PaperVenue::bootstrap(std::function<void(Bootstrap)> done) {
  real_->bootstrap([this, done = std::move(done)](Bootstrap b) {
    instruments_ = b.instruments;
    b.wallet_balance = exchange_.starting_balance;
    done(std::move(b));
  });
}

void PaperVenue::attach(const market::MarketState& market) {
  real_->attach(market);
  matcher_.emplace(scheduler_, exchange_, instruments_, market, venue_);
  tap_ = std::make_unique<Tap>(real_->feed(), *matcher_);
}

MarketFeed& PaperVenue::feed() {
  if (!tap_) throw std::logic_error("paper venue: feed() before attach()");
  return *tap_;
}

ExecutionClient& PaperVenue::execution() { return matcher(); }

SimExchange& PaperVenue::matcher() {
  if (!matcher_) throw std::logic_error("paper venue: execution() before attach()");
  return *matcher_;
}

}  // namespace symphony::venue::sim
