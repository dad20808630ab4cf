#include <symphony/market/market_state.hpp>

#include <decimals.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace symphony::market {
namespace {

using test::p;
using test::q;

struct Recorder : MarketListener {
  std::array<int, timeframe_count> closed{};
  std::vector<IndicatorValues> m1_values;
  std::vector<FlashSignal> flashes;
  std::vector<TradeTick> large;
  std::vector<std::pair<book_sync, book_status>> states;
  void on_candle_closed(InstrumentId, Timeframe tf, const Candle&, const IndicatorValues& v) override {
    ++closed[index_of(tf)];
    if (tf == Timeframe::m1) m1_values.push_back(v);
  }
  void on_flash(const FlashSignal& s) override { flashes.push_back(s); }
  void on_large_trade(const TradeTick& t) override { large.push_back(t); }
  void on_book_state(InstrumentId, book_sync s, book_status cause) override { states.emplace_back(s, cause); }
};

std::vector<Level> levels(double from, double step, double qty, int n = 5) {
  std::vector<Level> out;
  for (int i = 0; i < n; ++i) out.push_back({Price::from_double(from + step * i), Qty::from_double(qty)});
  return out;
}

TradeTick trade(Timestamp ts, double price, double qty = 1, Side side = Side::buy) {
  return {0, ts, Price::from_double(price), Qty::from_double(qty), side, 0};
}

TEST(MarketState, CandlesOfEveryTimeframeCloseWithIndicators) {
  MarketState m(1);
  Recorder r;
  m.set_listener(&r);
  // One trade every 30 s for a day and an hour.
  for (Timestamp t = 0; t <= 25 * ns_per_hour; t += 30 * ns_per_s)
    m.on_trade(trade(t, 100 + std::sin(static_cast<double>(t) / 1e12)));
  EXPECT_EQ(r.closed[index_of(Timeframe::m1)], 25 * 60);
  EXPECT_EQ(r.closed[index_of(Timeframe::m5)], 25 * 12);
  EXPECT_EQ(r.closed[index_of(Timeframe::m15)], 25 * 4);
  EXPECT_EQ(r.closed[index_of(Timeframe::h1)], 25);
  EXPECT_EQ(r.closed[index_of(Timeframe::h4)], 6);
  EXPECT_EQ(r.closed[index_of(Timeframe::d1)], 1);
  // Each callback carries the values after that bar: EMA(21) not ready until the 21st.
  EXPECT_TRUE(std::isnan(r.m1_values[19].ema_slow));
  EXPECT_FALSE(std::isnan(r.m1_values[20].ema_slow));
  EXPECT_EQ(r.m1_values.back().bars, 25u * 60);
  const auto& ind = m.at(0).indicators(Timeframe::h1);
  EXPECT_EQ(ind.bars(), 25u);
  EXPECT_TRUE(ind.rsi().ready());
}

TEST(MarketState, SnapshotHoldsTopOfBookTradeTickerCandlesAndAge) {
  MarketState m(2);
  const auto bids = levels(99.9, -0.1, 2, 30), asks = levels(100.1, 0.1, 3, 30);
  ASSERT_EQ(m.on_snapshot({1, 10 * ns_per_s, bids, asks}), book_status::ok);
  m.on_trade({1, 11 * ns_per_s, p("100.1"), q("0.5"), Side::buy, 7});
  m.on_ticker(
      {1, 12 * ns_per_s, p("100.1"), p("99.9"), p("100.1"), p("105"), p("95"), q("1000"), Money::from_units(100000)});
  const MarketSnapshot s = m.snapshot(1);
  EXPECT_EQ(s.instrument, 1u);
  EXPECT_EQ(s.version, 3u);
  EXPECT_EQ(s.sync, book_sync::live);
  EXPECT_EQ(s.condition, book_condition::normal);
  ASSERT_EQ(s.bid_count, MarketSnapshot::depth);  // 30 levels held, the top 20 published
  EXPECT_EQ(s.bids[0].price, p("99.9"));
  EXPECT_EQ(s.asks[19].price, Price::from_double(100.1 + 1.9));
  ASSERT_TRUE(s.has_trade);
  EXPECT_EQ(s.last_trade.trade_id, 7u);
  EXPECT_EQ(s.buy_volume, q("0.5"));
  ASSERT_TRUE(s.has_ticker);
  EXPECT_EQ(s.ticker.high_24h, p("105"));
  EXPECT_EQ(s.book_ts, 10 * ns_per_s);
  // Age runs from the last book or trade event; a ticker does not make a book fresh.
  EXPECT_EQ(s.age(20 * ns_per_s), 9 * ns_per_s);
  // The other instrument has published nothing but its empty initial state.
  EXPECT_EQ(m.snapshot(0).version, 0u);
  EXPECT_EQ(m.snapshot(0).sync, book_sync::awaiting_snapshot);
  EXPECT_EQ(m.snapshot(9).version, 0u);  // unknown id: empty, not out of bounds
}

TEST(MarketState, DiffVenueBookGoesStaleOnAGapAndTellsTheListener) {
  const std::array<book_sequencing, 1> seq{book_sequencing::update_id_chain};
  MarketState m(1, MarketConfig{}, seq);
  Recorder r;
  m.set_listener(&r);
  const auto bids = levels(99.9, -0.1, 1), asks = levels(100.1, 0.1, 1);
  ASSERT_EQ(m.on_snapshot({0, 1, bids, asks, 100}), book_status::ok);
  const auto upd = levels(99.9, -0.1, 2, 1);
  EXPECT_EQ(m.on_diff({0, 2, 101, 105, 100, upd, {}}), book_status::ok);
  EXPECT_EQ(m.on_diff({0, 3, 110, 112, 109, upd, {}}), book_status::gap);
  EXPECT_TRUE(m.at(0).builder().needs_snapshot());
  EXPECT_EQ(m.snapshot(0).sync, book_sync::stale);
  ASSERT_EQ(r.states.size(), 3u);
  EXPECT_EQ(r.states[0].first, book_sync::syncing);  // snapshot loaded
  EXPECT_EQ(r.states[1].first, book_sync::live);     // joined by the first diff
  EXPECT_EQ(r.states[2], std::make_pair(book_sync::stale, book_status::gap));
  // Snapshot-only instruments refuse diffs outright.
  MarketState h(1);
  EXPECT_EQ(h.on_diff({0, 2, 1, 1, 0, upd, {}}), book_status::rejected);
  // Unknown instruments are refused, not indexed out of range.
  EXPECT_EQ(m.on_snapshot({5, 1, bids, asks, 1}), book_status::rejected);
}

TEST(MarketState, InvalidateWaitsForTheNextSnapshot) {
  MarketState m(1);
  const auto bids = levels(99.9, -0.1, 1), asks = levels(100.1, 0.1, 1);
  ASSERT_EQ(m.on_snapshot({0, 1, bids, asks}), book_status::ok);
  m.invalidate(0);
  EXPECT_EQ(m.snapshot(0).sync, book_sync::stale);
  ASSERT_EQ(m.on_snapshot({0, 2, bids, asks}), book_status::ok);
  EXPECT_EQ(m.snapshot(0).sync, book_sync::live);
}

TEST(MarketState, WarmUpFeedsIndicatorsWithoutNotifying) {
  MarketState m(1);
  Recorder r;
  m.set_listener(&r);
  std::vector<Candle> bars;
  for (int i = 0; i < 60; ++i) {
    const Price c = Price::from_double(100 + 0.1 * i);
    bars.push_back({i * ns_per_min, c, c + Price::from_units(1), c - Price::from_units(1), c, Qty::from_units(5), 10});
  }
  std::size_t accepted = 0;
  ASSERT_EQ(m.warm_up(0, Timeframe::m1, bars, accepted), warm_up_status::ok);
  EXPECT_EQ(accepted, 60u);
  EXPECT_EQ(r.closed[0], 0);
  const auto& ind = m.at(0).indicators(Timeframe::m1);
  EXPECT_EQ(ind.bars(), 60u);
  EXPECT_TRUE(ind.adx().ready());
  EXPECT_GT(m.snapshot(0).indicators_of(Timeframe::m1).rsi, 90);  // a steady climb
  // Live trades then continue the same series.
  m.on_trade(trade(60 * ns_per_min + ns_per_s, 106));
  m.on_time(61 * ns_per_min);
  EXPECT_EQ(r.closed[0], 1);
  EXPECT_EQ(ind.bars(), 61u);
}

TEST(MarketState, OutboxCarriesNoticesAndCountsDropsWhenFull) {
  MarketState m(1);
  SpscRing<MarketEvent> ring(4);
  m.set_outbox(&ring);
  for (int i = 0; i <= 10; ++i) m.on_trade(trade(i * ns_per_min, 100));
  // 10 one-minute closes, 2 five-minute closes: 12 notices for a ring of 4.
  std::size_t got = 0;
  while (auto e = ring.try_pop()) {
    EXPECT_EQ(e->kind, MarketEvent::Kind::candle_closed);
    ++got;
  }
  EXPECT_EQ(got, 4u);
  EXPECT_EQ(m.outbox_dropped(), 8u);
}

TEST(MarketState, LargePrintsAndFlashSignalsReachTheListener) {
  MarketConfig c;
  c.trades.large_min_trades = 3;
  MarketState m(1, c);
  Recorder r;
  m.set_listener(&r);
  for (int i = 0; i < 5; ++i) m.on_trade(trade(i * ns_per_s, 100, 1));
  m.on_trade(trade(6 * ns_per_s, 100, 50));
  ASSERT_EQ(r.large.size(), 1u);
  EXPECT_EQ(r.large[0].qty, q("50"));
  // A book ten to one bid-heavy at 09:00 UTC.
  const auto bids = levels(99.9, -0.1, 10), asks = levels(100.1, 0.1, 1);
  ASSERT_EQ(m.on_snapshot({0, 9 * ns_per_hour, bids, asks}), book_status::ok);
  ASSERT_EQ(r.flashes.size(), 1u);
  EXPECT_EQ(r.flashes[0].kind, FlashKind::imbalance);
  EXPECT_EQ(r.flashes[0].session, Session::europe);
}

TEST(MarketState, MarkIsMidElseLastTrade) {
  MarketState m(1);
  EXPECT_FALSE(m.mark(0));
  m.on_trade(trade(1, 101.5));
  EXPECT_EQ(m.mark(0), p("101.5"));
  const auto bids = levels(99.9, -0.1, 1), asks = levels(100.1, 0.1, 1);
  m.on_snapshot({0, 2, bids, asks});
  EXPECT_EQ(m.mark(0), p("100"));
  EXPECT_FALSE(m.mark(3));
}

// One absurd mark (a venue glitch, a bad frame) must not move equity: a mark far from the
// live book is refused and counted, and the book's mid stands in.
TEST(MarketState, AnAbsurdMarkIsRefusedAndCounted) {
  MarketState m(1);
  const auto bids = levels(99.9, -0.1, 1), asks = levels(100.1, 0.1, 1);
  m.on_snapshot({0, 2, bids, asks});
  EXPECT_TRUE(m.on_mark_price({0, 3, p("100.2"), p("100.1"), {}, 0}));
  EXPECT_EQ(m.mark(0), p("100.2"));
  EXPECT_FALSE(m.on_mark_price({0, 4, p("1000000"), p("100.1"), {}, 0}));
  EXPECT_FALSE(m.on_mark_price({0, 5, p("0"), p("100.1"), {}, 0}));
  EXPECT_FALSE(m.on_mark_price({0, 6, p("90"), p("100.1"), {}, 0}));  // 10% off
  EXPECT_EQ(m.marks_refused(), 3u);
  EXPECT_EQ(m.mark(0), p("100.2"));  // the last sane one
  // The book moves away from a kept mark: the mid is used until a new mark agrees.
  const auto far_bids = levels(119.9, -0.1, 1), far_asks = levels(120.1, 0.1, 1);
  m.on_snapshot({0, 7, far_bids, far_asks});
  EXPECT_EQ(m.mark(0), p("120"));
}

// A mark is as perishable as the book: dropped after `max_age` and on invalidation.
TEST(MarketState, AMarkExpiresLikeTheBook) {
  MarketConfig c;
  c.mark.max_age = 10 * ns_per_s;
  MarketState m(1, c);
  const auto bids = levels(99.9, -0.1, 1), asks = levels(100.1, 0.1, 1);
  m.on_snapshot({0, ns_per_s, bids, asks});
  ASSERT_TRUE(m.on_mark_price({0, ns_per_s, p("100.3"), p("100.1"), {}, 0}));
  m.on_time(5 * ns_per_s);
  EXPECT_EQ(m.mark(0), p("100.3"));
  EXPECT_TRUE(m.snapshot(0).has_mark_price);
  m.on_time(12 * ns_per_s);
  EXPECT_EQ(m.mark(0), p("100"));
  EXPECT_FALSE(m.snapshot(0).has_mark_price);
  ASSERT_TRUE(m.on_mark_price({0, 13 * ns_per_s, p("100.3"), p("100.1"), {}, 0}));
  m.invalidate(0);  // a reconnect: the mark goes with the book
  EXPECT_NE(m.mark(0), p("100.3"));
  EXPECT_FALSE(m.snapshot(0).has_mark_price);
}

}  // namespace
}  // namespace symphony::market
