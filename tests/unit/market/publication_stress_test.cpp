// Concurrency of the market core's publication: one writer (the hot thread) and several
// reader threads. Readers must never see a torn snapshot and never block the writer.
// Meant to run under ThreadSanitizer too (the tsan preset runs every unit test).
#include <symphony/market/market_state.hpp>
#include <symphony/market/seqlock.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace symphony::market {
namespace {

constexpr int readers = 3;

// 64 words that all derive from one version number: any mix of two writes is visible.
struct Payload {
  std::uint64_t version;
  std::uint64_t words[63];
};

TEST(Publication, SeqlockReadersNeverSeeATornValue) {
  Seqlock<Payload> cell;
  Payload p{};
  for (std::uint64_t i = 0; i < 63; ++i) p.words[i] = i;
  cell.store(p);  // version 0, before any reader looks
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> reads{0};
  std::atomic<std::uint64_t> torn{0};
  std::vector<std::thread> pool;
  for (int r = 0; r < readers; ++r) {
    pool.emplace_back([&] {
      std::uint64_t last = 0;
      while (!done.load(std::memory_order_acquire)) {
        const Payload got = cell.load();
        bool ok = got.version >= last;
        for (std::uint64_t i = 0; i < 63; ++i) ok = ok && got.words[i] == got.version * 1'000'003 + i;
        if (!ok) torn.fetch_add(1, std::memory_order_relaxed);
        last = got.version;
        reads.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  constexpr std::uint64_t writes = 200'000;
  for (std::uint64_t v = 1; v <= writes; ++v) {
    p.version = v;
    for (std::uint64_t i = 0; i < 63; ++i) p.words[i] = v * 1'000'003 + i;
    cell.store(p);
  }
  // Let every reader finish at least a few reads of the final value.
  while (reads.load() < 1000) std::this_thread::yield();
  done.store(true, std::memory_order_release);
  for (auto& t : pool) t.join();
  EXPECT_EQ(torn.load(), 0u);
  EXPECT_EQ(cell.load().version, writes);
  EXPECT_EQ(cell.version(), writes + 1);
}

// The whole path: the writer applies books whose every level carries the update number
// as its quantity, plus trades and clock ticks; readers take snapshots and check each is
// one book, sorted and self-consistent; a consumer drains the notice ring meanwhile.
TEST(Publication, MarketStateSnapshotsAreConsistentUnderConcurrentReaders) {
  MarketState m(1);
  SpscRing<MarketEvent> ring(1024);
  m.set_outbox(&ring);
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> bad{0};
  std::atomic<std::uint64_t> snapshots{0};
  std::vector<std::thread> pool;
  for (int r = 0; r < readers; ++r) {
    pool.emplace_back([&] {
      std::uint64_t last_version = 0;
      while (!done.load(std::memory_order_acquire)) {
        const MarketSnapshot s = m.snapshot(0);
        bool ok = s.version >= last_version && s.bid_count <= MarketSnapshot::depth;
        if (s.bid_count > 0) {
          const Qty q = s.bids[0].qty;
          for (std::size_t i = 0; i < s.bid_count; ++i) ok = ok && s.bids[i].qty == q;
          for (std::size_t i = 0; i < s.ask_count; ++i) ok = ok && s.asks[i].qty == q;
          for (std::size_t i = 1; i < s.bid_count; ++i) ok = ok && s.bids[i].price < s.bids[i - 1].price;
          ok = ok && s.asks[0].price > s.bids[0].price;
        }
        if (!ok) bad.fetch_add(1, std::memory_order_relaxed);
        last_version = s.version;
        snapshots.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::atomic<std::uint64_t> notices{0};
  std::thread consumer([&] {
    Timestamp last = 0;
    while (!done.load(std::memory_order_acquire) || ring.try_pop()) {
      if (auto e = ring.try_pop()) {
        if (e->ts < last && e->timeframe == Timeframe::m1) bad.fetch_add(1, std::memory_order_relaxed);
        if (e->timeframe == Timeframe::m1) last = e->ts;
        notices.fetch_add(1, std::memory_order_relaxed);
      }
    }
  });

  std::vector<Level> bids(20), asks(20);
  constexpr int updates = 50'000;
  for (int u = 1; u <= updates; ++u) {
    const Timestamp ts = static_cast<Timestamp>(u) * ns_per_s;
    const Price base = Price::from_units(1000 + (u % 7));
    for (int i = 0; i < 20; ++i) {
      bids[static_cast<std::size_t>(i)] = {base - Price::from_units(i + 1), Qty::from_units(u)};
      asks[static_cast<std::size_t>(i)] = {base + Price::from_units(i + 1), Qty::from_units(u)};
    }
    m.on_time(ts);
    if (m.on_snapshot({0, ts, bids, asks}) != book_status::ok) bad.fetch_add(1);
    m.on_trade({0, ts, base, Qty::from_units(1), u % 2 ? Side::buy : Side::sell, static_cast<std::uint64_t>(u)});
  }
  while (snapshots.load() < 1000) std::this_thread::yield();
  done.store(true, std::memory_order_release);
  for (auto& t : pool) t.join();
  consumer.join();
  EXPECT_EQ(bad.load(), 0u);
  EXPECT_GT(notices.load(), 0u);
  EXPECT_EQ(m.snapshot(0).last_trade.trade_id, static_cast<std::uint64_t>(updates));
}

}  // namespace
}  // namespace symphony::market
