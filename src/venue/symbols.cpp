#include <symphony/venue/symbols.hpp>

#include <stdexcept>

namespace symphony::venue {

VenueSymbols::VenueSymbols(std::string_view venue, const std::vector<Instrument>& instruments) {
  for (const Instrument& in : instruments) {
    if (in.symbol.empty() || ids_.contains(in.symbol))
      throw std::invalid_argument(std::string(venue) + ": instrument " + std::to_string(in.id) +
                                  " has an empty or repeated symbol");
    if (in.id >= symbols_.size()) symbols_.resize(in.id + 1);
    symbols_[in.id] = in.symbol;
    ids_.emplace(in.symbol, in.id);
    listed_.push_back(in.id);
  }
}

bool VenueSymbols::lookup(std::string_view symbol, InstrumentId& id) const {
  const auto it = ids_.find(symbol);
  if (it == ids_.end()) return false;
  id = it->second;
  return true;
}

}  // namespace symphony::venue
