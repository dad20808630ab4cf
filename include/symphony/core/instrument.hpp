#pragma once

#include <symphony/core/fixed.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace symphony {

/// A dense index of an instrument within this process (0, 1, 2, …), assigned at start-up.
using InstrumentId = std::uint32_t;
/// A dense index of a venue within this process (0, 1, 2, …), in the order the venues
/// first appear in the instrument list (`venue::InstrumentRegistry`).
using VenueId = std::uint16_t;

/// Which side of the book an order or trade is on.
enum class Side : std::uint8_t { buy, sell };

constexpr Side opposite(Side s) noexcept { return s == Side::buy ? Side::sell : Side::buy; }
/// +1 for buy, -1 for sell: the sign a fill of this side gives a position.
constexpr std::int64_t sign(Side s) noexcept { return s == Side::buy ? 1 : -1; }
std::string_view to_string(Side s) noexcept;

/// What kind of contract an instrument is.
enum class InstrumentKind : std::uint8_t { perpetual, spot };

/// A tradable contract and its venue's trading rules. Immutable after start-up.
/// `tick_size` is the price increment, `step_size` the quantity increment; an order must
/// carry at least `min_qty` and at least `min_notional` of quote value.
struct Instrument {
  InstrumentId id = 0;
  std::string symbol;
  std::string venue;
  InstrumentKind kind = InstrumentKind::perpetual;
  Price tick_size = Price::from_raw(1);
  Qty step_size = Qty::from_raw(1);
  Qty min_qty = Qty::from_raw(1);
  Money min_notional;
  // Further venue filters; zero means the venue sets none.
  Qty max_qty;            ///< largest limit-order quantity
  Qty market_max_qty;     ///< largest market-order quantity
  Price min_price;        ///< lowest valid price
  Price max_price;        ///< highest valid price
  Ratio price_band_up;    ///< a buy limit may not exceed mark × this
  Ratio price_band_down;  ///< a sell limit may not go below mark × this
  std::uint32_t max_open_orders = 0;
  std::uint32_t max_open_algo_orders = 0;  ///< stop / take-profit orders

  /// `p` rounded to a valid tick under `mode`.
  [[nodiscard]] Price round_price(Price p, rounding mode) const noexcept { return p.round_to(tick_size, mode); }
  /// `q` rounded to a valid step; orders round down so they never exceed what was sized.
  [[nodiscard]] Qty round_qty(Qty q, rounding mode = rounding::down) const noexcept {
    return q.round_to(step_size, mode);
  }
  /// Empty when (`p`, `q`) is a valid order for this instrument, else why not. `market`
  /// orders are held to the market quantity cap.
  [[nodiscard]] std::string check_order(Price p, Qty q, bool market = false) const;
  /// Empty when a limit order at `p` on `side` is inside the venue's price band around
  /// `mark`, else why not.
  [[nodiscard]] std::string check_price_band(Side side, Price p, Price mark) const;
};

}  // namespace symphony
