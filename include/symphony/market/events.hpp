#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/core/time.hpp>

#include <cstdint>
#include <span>

namespace symphony::market {

/// One price level of an L2 book: the total quantity resting at `price`.
struct Level {
  Price price;
  Qty qty;
  friend constexpr bool operator==(const Level&, const Level&) noexcept = default;
};

/// A full L2 snapshot as a feed delivers it: bids best (highest) first, asks best
/// (lowest) first. The spans point into the feed's buffers and live for the call only.
/// `update_id` is the venue's sequence number the snapshot is as of (Aster's and MEXC's
/// `lastUpdateId`); 0 when the venue has none (Hyperliquid, the simulator).
struct BookSnapshot {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  std::span<const Level> bids;
  std::span<const Level> asks;
  std::uint64_t update_id = 0;
};

/// An incremental L2 update: absolute quantities per price (0 removes the level), in any
/// order within a side. Sequence fields as the venue numbers them:
/// - Aster (Binance futures style): `first_update_id` = U, `last_update_id` = u,
///   `prev_update_id` = pu (the previous diff's u);
/// - MEXC: `first_update_id` = fromVersion, `last_update_id` = toVersion, `prev_update_id` 0.
/// The spans point into the feed's buffers and live for the call only.
struct BookDiff {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  std::uint64_t first_update_id = 0;
  std::uint64_t last_update_id = 0;
  std::uint64_t prev_update_id = 0;
  std::span<const Level> bids;
  std::span<const Level> asks;
};

/// A public trade print. `aggressor` is the side of the taker.
struct TradeTick {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  Price price;
  Qty qty;
  Side aggressor = Side::buy;
  std::uint64_t trade_id = 0;
};

/// A 24-hour rolling ticker, as venues publish once a second: last trade, best bid and
/// ask, and the day's high, low and traded volume (base and quote).
struct Ticker {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  Price last;
  Price best_bid;
  Price best_ask;
  Price high_24h;
  Price low_24h;
  Qty volume_24h;
  Money quote_volume_24h;
};

/// A perpetual's mark price and funding, as the venue publishes them (Aster's
/// `markPrice` stream, about once a second): the mark the venue values positions and
/// liquidations at, the index it tracks, the current funding rate per interval and the
/// time of the next funding.
struct MarkPrice {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  Price mark;
  Price index;
  Ratio funding_rate;
  Timestamp next_funding_ts = 0;
};

}  // namespace symphony::market
