#pragma once

#include <symphony/market/events.hpp>

namespace symphony::venue {

/// Receives normalized market events. Called on the hot thread; must not block.
class MarketHandler {
 public:
  virtual ~MarketHandler() = default;
  virtual void on_book(const market::BookSnapshot& snapshot) = 0;
  virtual void on_trade(const market::TradeTick& trade) = 0;
  virtual void on_ticker(const market::Ticker& ticker) = 0;
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
