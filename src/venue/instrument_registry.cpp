#include <symphony/venue/instrument_registry.hpp>

#include <stdexcept>

namespace symphony::venue {

InstrumentRegistry::InstrumentRegistry(std::vector<Instrument> instruments) : instruments_(std::move(instruments)) {
  for (std::size_t i = 0; i < instruments_.size(); ++i) {
    Instrument& in = instruments_[i];
    const std::string where = "instrument " + std::to_string(i) + " (" + in.symbol + " on '" + in.venue + "')";
    if (in.symbol.empty() || in.venue.empty()) throw std::invalid_argument(where + " has no symbol or no venue");
    if (find(in.venue, in.symbol)) throw std::invalid_argument(where + " is listed twice");
    in.id = static_cast<InstrumentId>(i);
    auto v = find_venue(in.venue);
    if (!v) {
      v = static_cast<VenueId>(venues_.size());
      venues_.push_back({in.venue, {}});
    }
    venues_[*v].instruments.push_back(in.id);
    venue_of_.push_back(*v);
  }
}

std::optional<VenueId> InstrumentRegistry::find_venue(std::string_view name) const noexcept {
  for (std::size_t v = 0; v < venues_.size(); ++v)
    if (venues_[v].name == name) return static_cast<VenueId>(v);
  return std::nullopt;
}

std::vector<Instrument> InstrumentRegistry::listing(VenueId v) const {
  std::vector<Instrument> out;
  for (const InstrumentId id : instruments_of(v)) out.push_back(instruments_[id]);
  return out;
}

std::optional<InstrumentId> InstrumentRegistry::find(std::string_view venue, std::string_view symbol) const noexcept {
  // Linear: a process trades a handful of instruments, and this runs at start-up only.
  for (std::size_t i = 0; i < venue_of_.size(); ++i)
    if (instruments_[i].venue == venue && instruments_[i].symbol == symbol) return static_cast<InstrumentId>(i);
  return std::nullopt;
}

void InstrumentRegistry::update(const Instrument& instrument) {
  if (instrument.id >= instruments_.size() || instruments_[instrument.id].venue != instrument.venue ||
      instruments_[instrument.id].symbol != instrument.symbol)
    throw std::invalid_argument("instrument " + std::to_string(instrument.id) + " (" + instrument.symbol + " on '" +
                                instrument.venue + "') is not in the registry");
  instruments_[instrument.id] = instrument;
}

}  // namespace symphony::venue
