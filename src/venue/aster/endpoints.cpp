#include "venue/aster/endpoints.hpp"

#include <cctype>
#include <stdexcept>

namespace symphony::venue::aster {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::uint32_t depth_weight(std::uint32_t limit) {
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

std::uint32_t kline_weight(std::uint32_t limit) {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

const char* interval_of(market::Timeframe tf) {
  switch (tf) {
    case market::Timeframe::m1:
      return "1m";
    case market::Timeframe::m5:
      return "5m";
    case market::Timeframe::m15:
      return "15m";
    case market::Timeframe::h1:
      return "1h";
    case market::Timeframe::h4:
      return "4h";
    case market::Timeframe::d1:
      return "1d";
  }
  return "1m";
}

net::Url url_or_throw(const std::string& text, const char* what) {
  auto u = net::parse_url(text);
  if (!u) throw std::invalid_argument(std::string(what) + ": " + u.error().what);
  return *u;
}

}  // namespace symphony::venue::aster
