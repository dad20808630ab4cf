#pragma once

// Private to venue/aster: what Aster's endpoints cost and how they spell things.
#include <symphony/market/candles.hpp>
#include <symphony/net/url.hpp>

#include <cstdint>
#include <string>

namespace symphony::venue::aster {

/// Request weight of `GET depth` with `limit` levels.
std::uint32_t depth_weight(std::uint32_t limit);
/// Request weight of `GET klines` with `limit` bars.
std::uint32_t kline_weight(std::uint32_t limit);
/// Aster's kline interval of `tf` ("1m", "1h", ...).
const char* interval_of(market::Timeframe tf);
/// Lowercase, as stream names spell symbols.
std::string lower(std::string s);
/// `text` parsed, or `std::invalid_argument` naming `what`.
net::Url url_or_throw(const std::string& text, const char* what);

}  // namespace symphony::venue::aster
