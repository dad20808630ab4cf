#pragma once

#include <symphony/market/candles.hpp>
#include <symphony/market/events.hpp>
#include <symphony/market/order_book.hpp>

#include <span>

namespace symphony::venue {

/// Receives normalized market events. Called on the hot thread; must not block.
class MarketHandler {
 public:
  virtual ~MarketHandler() = default;
  /// A full book snapshot. The status says whether the book is now in sequence; when
  /// `market::needs_resync` holds, the feed must fetch a new snapshot.
  virtual market::book_status on_book(const market::BookSnapshot& snapshot) = 0;
  /// An incremental book update; same status contract as `on_book`.
  virtual market::book_status on_book_diff(const market::BookDiff& diff) = 0;
  virtual void on_trade(const market::TradeTick& trade) = 0;
  virtual void on_ticker(const market::Ticker& ticker) = 0;
  /// A perpetual's mark price and funding rate.
  virtual void on_mark_price(const market::MarkPrice& mark) = 0;
  /// Historical closed candles (klines) to warm the indicators up, oldest first.
  virtual market::warm_up_status on_klines(InstrumentId instrument, market::Timeframe timeframe,
                                           std::span<const market::Candle> bars) = 0;
  /// The feed lost data for `instrument` (a reconnect, a dropped frame): the book must
  /// wait for the next snapshot.
  virtual void on_feed_interrupted(InstrumentId instrument) = 0;
};

/// A `MarketHandler` that passes every event on to the next one: derive from it and
/// override only the events to observe or act on (a resync trigger, paper fills).
class MarketHandlerTap : public MarketHandler {
 public:
  void set_next(MarketHandler* next) noexcept { next_ = next; }
  market::book_status on_book(const market::BookSnapshot& s) override { return next_->on_book(s); }
  market::book_status on_book_diff(const market::BookDiff& d) override { return next_->on_book_diff(d); }
  void on_trade(const market::TradeTick& t) override { next_->on_trade(t); }
  void on_ticker(const market::Ticker& t) override { next_->on_ticker(t); }
  void on_mark_price(const market::MarkPrice& m) override { next_->on_mark_price(m); }
  market::warm_up_status on_klines(InstrumentId id, market::Timeframe tf,
                                   std::span<const market::Candle> bars) override {
    return next_->on_klines(id, tf, bars);
  }
  void on_feed_interrupted(InstrumentId id) override { next_->on_feed_interrupted(id); }

 protected:
  MarketHandler* next_ = nullptr;
};

/// A source of market data for a set of instruments.
class MarketFeed {
 public:
  virtual ~MarketFeed() = default;
  /// Where events go; must be set before `start`.
  virtual void set_handler(MarketHandler* handler) = 0;
  /// Begins delivering events.
  virtual void start() = 0;
  /// Stops delivering events; no callback happens after it returns.
  virtual void stop() = 0;
};

}  // namespace symphony::venue
