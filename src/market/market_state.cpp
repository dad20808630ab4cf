#include <symphony/market/market_state.hpp>

#include <algorithm>
#include <cmath>

namespace symphony::market {

namespace {
MarketEvent notice(MarketEvent::Kind kind, InstrumentId id, Timestamp ts) noexcept {
  MarketEvent e;
  e.kind = kind;
  e.instrument = id;
  e.ts = ts;
  return e;
}
}  // namespace

TimeframeState::TimeframeState(Timeframe tf, const MarketConfig& config)
    : timeframe(tf),
      candles(duration_of(tf), config.candles_kept[index_of(tf)]),
      indicators(config.indicators, tf),
      patterns(config.patterns),
      values(indicators.values()) {}

InstrumentState::InstrumentState(InstrumentId id, const MarketConfig& config, book_sequencing sequencing, Price tick)
    : instrument_(id),
      builder_(sequencing, tick, config.book),
      trades_(config.trades),
      flash_(config.flash, id),
      published_(std::make_unique<Seqlock<MarketSnapshot>>()) {
  for (const Timeframe tf : all_timeframes) frames_[index_of(tf)] = std::make_unique<TimeframeState>(tf, config);
  staging_.instrument = id;
  for (const Timeframe tf : all_timeframes) staging_.indicators[index_of(tf)] = frames_[index_of(tf)]->values;
  published_->store(staging_);
}

MarketState::MarketState(std::size_t instrument_count, MarketConfig config, std::span<const book_sequencing> sequencing,
                         std::span<const Price> ticks)
    : config_(config) {
  states_.reserve(instrument_count);
  for (std::size_t i = 0; i < instrument_count; ++i) {
    const book_sequencing seq = i < sequencing.size() ? sequencing[i] : book_sequencing::snapshots_only;
    const Price tick = i < ticks.size() ? ticks[i] : default_tick;
    states_.push_back(std::make_unique<InstrumentState>(static_cast<InstrumentId>(i), config_, seq, tick));
  }
}

void MarketState::post(const MarketEvent& e) noexcept {
  if (outbox_ && !outbox_->try_push(e)) ++outbox_dropped_;
}

void MarketState::publish(InstrumentState& s, Timestamp ts) noexcept {
  MarketSnapshot& snap = s.staging_;
  ++snap.version;
  snap.published_ts = ts;
  snap.last_event_ts = s.last_update_ts_;
  s.published_->store(snap);
}

void MarketState::after_book(InstrumentState& s, book_sync before, book_status status, Timestamp ts) noexcept {
  const book_sync after = s.builder_.state();
  if (after != before) {
    if (listener_) listener_->on_book_state(s.instrument_, after, status);
    MarketEvent e = notice(MarketEvent::Kind::book_state, s.instrument_, ts);
    e.sync = after;
    e.status = status;
    post(e);
  }
  MarketSnapshot& snap = s.staging_;
  snap.sync = after;
  if (status != book_status::ok) {
    if (after != before) publish(s, ts);
    return;
  }
  const OrderBook& book = s.builder_.book();
  s.last_update_ts_ = std::max(s.last_update_ts_, book.updated_ts());
  snap.book_ts = book.updated_ts();
  snap.condition = book.condition();
  const LevelsView bids = book.bids().top(MarketSnapshot::depth);
  const LevelsView asks = book.asks().top(MarketSnapshot::depth);
  snap.bid_count = static_cast<std::uint8_t>(bids.size());
  snap.ask_count = static_cast<std::uint8_t>(asks.size());
  std::copy(bids.begin(), bids.end(), snap.bids.begin());
  std::copy(asks.begin(), asks.end(), snap.asks.begin());
  if (s.builder_.usable()) {
    std::array<FlashSignal, FlashDetector::max_signals> fired;
    const std::size_t n = s.flash_.on_book(book, book.updated_ts(), fired);
    for (std::size_t i = 0; i < n; ++i) {
      if (listener_) listener_->on_flash(fired[i]);
      MarketEvent e = notice(MarketEvent::Kind::flash, s.instrument_, fired[i].ts);
      e.flash = fired[i];
      post(e);
    }
  }
  publish(s, ts);
}

book_status MarketState::on_snapshot(const BookSnapshot& snapshot) noexcept {
  if (snapshot.instrument >= states_.size()) return book_status::rejected;
  InstrumentState& s = *states_[snapshot.instrument];
  const book_sync before = s.builder_.state();
  const book_status st = s.builder_.on_snapshot(snapshot);
  after_book(s, before, st, snapshot.ts);
  return st;
}

book_status MarketState::on_diff(const BookDiff& diff) noexcept {
  if (diff.instrument >= states_.size()) return book_status::rejected;
  InstrumentState& s = *states_[diff.instrument];
  const book_sync before = s.builder_.state();
  const book_status st = s.builder_.on_diff(diff);
  after_book(s, before, st, diff.ts);
  return st;
}

void MarketState::invalidate(InstrumentId id) noexcept {
  if (id >= states_.size()) return;
  InstrumentState& s = *states_[id];
  const book_sync before = s.builder_.state();
  s.builder_.invalidate();
  drop_mark(s);
  after_book(s, before, book_status::gap, s.last_update_ts_);
}

void MarketState::closed_bars(InstrumentState& s, TimeframeState& f, std::size_t closed, bool notify) noexcept {
  const std::size_t k = std::min(closed, f.candles.size());
  for (std::size_t j = k; j > 0; --j) {
    const Candle& bar = f.candles.back(j - 1);
    f.indicators.update(bar);
    std::array<PatternSignal, PatternDetector::max_signals_per_bar> signals;
    const std::size_t n = f.patterns.update(bar, signals);
    if (!notify) continue;
    f.values = f.indicators.values();
    if (listener_) listener_->on_candle_closed(s.instrument_, f.timeframe, bar, f.values);
    MarketEvent e = notice(MarketEvent::Kind::candle_closed, s.instrument_, bar.open_ts + f.candles.interval());
    e.timeframe = f.timeframe;
    e.candle = bar;
    post(e);
    for (std::size_t i = 0; i < n; ++i) {
      if (listener_) listener_->on_pattern(s.instrument_, f.timeframe, signals[i]);
      MarketEvent pe = notice(MarketEvent::Kind::pattern, s.instrument_, signals[i].ts);
      pe.timeframe = f.timeframe;
      pe.pattern = signals[i];
      post(pe);
    }
  }
  if (k == 0) return;
  f.values = f.indicators.values();
  s.staging_.last_closed[index_of(f.timeframe)] = f.candles.back();
  s.staging_.indicators[index_of(f.timeframe)] = f.values;
}

bool MarketState::on_trade(const TradeTick& t) noexcept {
  if (t.instrument >= states_.size()) return false;
  InstrumentState& s = *states_[t.instrument];
  const bool large = s.trades_.on_trade(t);
  for (auto& f : s.frames_) closed_bars(s, *f, f->candles.on_trade(t), true);
  s.last_update_ts_ = std::max(s.last_update_ts_, t.ts);
  if (large) {
    if (listener_) listener_->on_large_trade(t);
    MarketEvent e = notice(MarketEvent::Kind::large_trade, t.instrument, t.ts);
    e.trade = t;
    post(e);
  }
  MarketSnapshot& snap = s.staging_;
  snap.has_trade = true;
  snap.last_trade = *s.trades_.last();
  snap.buy_volume = s.trades_.buy_volume();
  snap.sell_volume = s.trades_.sell_volume();
  snap.trades_in_window = s.trades_.trades();
  publish(s, t.ts);
  return large;
}

void MarketState::on_ticker(const Ticker& t) noexcept {
  if (t.instrument >= states_.size()) return;
  InstrumentState& s = *states_[t.instrument];
  s.ticker_ = t;
  s.staging_.has_ticker = true;
  s.staging_.ticker = t;
  publish(s, t.ts);
}

std::optional<Price> MarketState::reference(const InstrumentState& s) const noexcept {
  if (s.builder_.usable())
    if (auto mid = s.book().mid()) return mid;
  if (s.last_trade()) return s.last_trade()->price;
  return std::nullopt;
}

bool MarketState::near(Price mark, Price ref) const noexcept {
  if (ref.raw() <= 0) return true;
  const double off = std::abs(mark.to_double() - ref.to_double()) / ref.to_double();
  return off <= config_.mark.max_deviation;
}

void MarketState::drop_mark(InstrumentState& s) noexcept {
  s.mark_price_.reset();
  s.staging_.has_mark_price = false;
  s.staging_.mark_price = {};
}

bool MarketState::on_mark_price(const MarkPrice& m) noexcept {
  if (m.instrument >= states_.size()) return false;
  InstrumentState& s = *states_[m.instrument];
  const auto ref = reference(s);
  if (m.mark.raw() <= 0 || (ref && !near(m.mark, *ref))) {
    ++marks_refused_;
    return false;
  }
  // Mark prices say nothing about the book's freshness: last_update_ts stays.
  s.mark_price_ = m;
  s.staging_.has_mark_price = true;
  s.staging_.mark_price = m;
  publish(s, m.ts);
  return true;
}

void MarketState::on_time(Timestamp now) noexcept {
  for (auto& sp : states_) {
    InstrumentState& s = *sp;
    s.trades_.on_time(now);
    bool any = false;
    if (s.mark_price_ && now - s.mark_price_->ts > config_.mark.max_age) {
      drop_mark(s);
      any = true;
    }
    for (auto& f : s.frames_) {
      const std::size_t closed = f->candles.on_time(now);
      if (closed == 0) continue;
      any = true;
      closed_bars(s, *f, closed, true);
    }
    if (any) {
      s.staging_.buy_volume = s.trades_.buy_volume();
      s.staging_.sell_volume = s.trades_.sell_volume();
      s.staging_.trades_in_window = s.trades_.trades();
      publish(s, now);
    }
  }
}

warm_up_status MarketState::warm_up(InstrumentId id, Timeframe tf, std::span<const Candle> bars,
                                    std::size_t& accepted) noexcept {
  accepted = 0;
  if (id >= states_.size()) return warm_up_status::malformed;
  InstrumentState& s = *states_[id];
  TimeframeState& f = *s.frames_[index_of(tf)];
  const warm_up_status st = f.candles.warm_up(bars, accepted);
  if (st != warm_up_status::ok || accepted == 0) return st;
  closed_bars(s, f, accepted, false);
  publish(s, s.last_update_ts_);
  return st;
}

std::optional<Price> MarketState::mark(InstrumentId id) const noexcept {
  if (id >= states_.size()) return std::nullopt;
  const InstrumentState& s = *states_[id];
  const auto mid = s.builder_.usable() ? s.book().mid() : std::nullopt;
  if (s.mark_price_ && (!mid || near(s.mark_price_->mark, *mid))) return s.mark_price_->mark;
  if (mid) return mid;
  if (auto m = s.book().mid()) return m;
  if (s.last_trade()) return s.last_trade()->price;
  return std::nullopt;
}

}  // namespace symphony::market
