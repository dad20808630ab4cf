// Steady state of the market core allocates nothing. This binary replaces the global
// operator new/delete with counting versions; after a warm-up, 120k updates of every
// kind (diffs in and out of sequence with resyncs, snapshots, trades closing candles of
// every timeframe, tickers, clock ticks, notices to a ring and the listener, snapshot
// reads) must not allocate once.
#include <symphony/market/market_state.hpp>

#include <alloc_counter.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

namespace symphony::market {
namespace {

struct Counter : MarketListener {
  std::uint64_t events = 0;
  void on_candle_closed(InstrumentId, Timeframe, const Candle&, const IndicatorValues&) override { ++events; }
  void on_pattern(InstrumentId, Timeframe, const PatternSignal&) override { ++events; }
  void on_flash(const FlashSignal&) override { ++events; }
  void on_large_trade(const TradeTick&) override { ++events; }
  void on_book_state(InstrumentId, book_sync, book_status) override { ++events; }
};

class Driver {
 public:
  Driver() : m_(2, config(), sequencing_, ticks_), ring_(256) {
    m_.set_listener(&listener_);
    m_.set_outbox(&ring_);
    bids_.resize(200);
    asks_.resize(200);
    diff_.resize(64);
  }

  // One round: a diff (sometimes out of sequence, forcing a snapshot), a Hyperliquid-style
  // snapshot, two trades, a ticker and a clock tick.
  void step() {
    ++n_;
    const Timestamp ts = static_cast<Timestamp>(n_) * 2500 * ns_per_ms;  // 40k rounds: past a UTC midnight
    // A gently wandering, sometimes bursting mid in ticks of 0.1.
    mid_ += (n_ % 13 < 6 ? 1 : -1) * ((n_ % 97 == 0) ? 40 : 1);
    if (need_snapshot_ || m_.at(0).builder().needs_snapshot()) {
      fill_book(mid_);
      m_.on_snapshot({0, ts, bids_, asks_, id_});
      need_snapshot_ = false;
    }
    // 1 to 40 levels near the touch, some removals; every 5000th diff skips an id.
    const std::size_t k = 1 + n_ % 40;
    for (std::size_t i = 0; i < k; ++i) {
      const bool bid = i % 2 == 0;
      const std::int64_t off = static_cast<std::int64_t>((i * 7 + n_) % 60) + 1;
      const std::int64_t px = bid ? mid_ - off : mid_ + off;
      diff_[i] = {Price::from_raw(px * 10'000'000), Qty::from_raw(((n_ + i) % 5 == 0) ? 0 : 100'000'000 + (n_ % 9))};
    }
    const std::size_t nb = (k + 1) / 2;
    std::size_t bi = 0, ai = 0;
    std::array<Level, 64> b{}, a{};
    for (std::size_t i = 0; i < k; ++i) (i % 2 == 0 ? b[bi++] : a[ai++]) = diff_[i];
    const std::uint64_t skip = n_ % 5000 == 0 ? 3 : 0;
    const std::uint64_t first = id_ + 1 + skip;
    m_.on_diff({0, ts, first, first + 2, id_ + skip, {b.data(), nb}, {a.data(), ai}});
    id_ = first + 2;
    if (skip) need_snapshot_ = true;
    fill_book(mid_ + 3);
    m_.on_snapshot({1, ts, {bids_.data(), 20}, {asks_.data(), 20}, 0});
    for (InstrumentId ins : {InstrumentId{0}, InstrumentId{1}}) {
      const Price px = Price::from_raw(mid_ * 10'000'000);
      const Qty qty = Qty::from_raw(n_ % 301 == 0 ? 5'000'000'000 : 10'000'000);
      m_.on_trade({ins, ts, px, qty, n_ % 2 ? Side::buy : Side::sell, n_});
      m_.on_ticker({ins, ts, px, px, px, px, px, qty, Money::from_units(1)});
    }
    m_.on_time(ts);
    const MarketSnapshot s = m_.snapshot(n_ % 2);
    sink_ += s.version;
    while (auto e = ring_.try_pop()) sink_ += static_cast<std::uint64_t>(e->kind);
  }
  [[nodiscard]] const MarketState& market() const { return m_; }
  [[nodiscard]] std::uint64_t notices() const { return listener_.events; }

 private:
  static MarketConfig config() {
    MarketConfig c;
    c.trades.large_min_trades = 5;
    return c;
  }
  void fill_book(std::int64_t mid) {
    for (std::size_t i = 0; i < bids_.size(); ++i) {
      bids_[i] = {Price::from_raw((mid - 1 - static_cast<std::int64_t>(i)) * 10'000'000), Qty::from_units(1)};
      asks_[i] = {Price::from_raw((mid + 1 + static_cast<std::int64_t>(i)) * 10'000'000), Qty::from_units(1)};
    }
  }

  std::array<book_sequencing, 2> sequencing_{book_sequencing::update_id_chain, book_sequencing::snapshots_only};
  std::array<Price, 2> ticks_{Price::from_raw(10'000'000), Price::from_raw(10'000'000)};  // 0.1
  MarketState m_;
  SpscRing<MarketEvent> ring_;
  Counter listener_;
  std::vector<Level> bids_, asks_, diff_;
  std::uint64_t n_ = 0;
  std::uint64_t id_ = 1000;
  std::int64_t mid_ = 600'000;  // 60000.0 in ticks of 0.1
  bool need_snapshot_ = true;
  std::uint64_t sink_ = 0;
};

TEST(ZeroAllocation, SteadyStateUpdatesAllocateNothing) {
  Driver d;
  for (int i = 0; i < 20'000; ++i) d.step();  // warm-up: fills windows, rings, books
  const std::uint64_t notices_before = d.notices();
  const std::uint64_t gaps_before = d.market().at(0).builder().counters().gaps;
  test::start_counting_allocations();
  constexpr int rounds = 20'000;  // 6 updates a round: 120k updates
  for (int i = 0; i < rounds; ++i) d.step();
  EXPECT_EQ(test::stop_counting_allocations(), 0u);
  // The rounds did exercise the paths that matter.
  const auto& s = d.market().at(0);
  EXPECT_GT(s.builder().counters().gaps, gaps_before);
  EXPECT_GT(d.notices(), notices_before);
  EXPECT_GT(s.candles(Timeframe::d1).closed_total(), 0u);
  EXPECT_GT(s.book().bids().size(), 50u);
}

// The counter itself works: a test that cannot fail is no test.
TEST(ZeroAllocation, CounterSeesAnAllocation) {
  test::start_counting_allocations();
  auto* v = new std::vector<int>(100);
  const auto n = test::stop_counting_allocations();
  delete v;
  EXPECT_GE(n, 1u);
}

}  // namespace
}  // namespace symphony::market
