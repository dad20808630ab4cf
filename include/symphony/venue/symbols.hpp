#pragma once

#include <symphony/core/instrument.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::venue {

/// An adapter's instruments, by the process's ids and by its venue's symbols: what the
/// registry gave it, as every adapter needs to translate both ways.
class VenueSymbols {
 public:
  /// Throws `std::invalid_argument` naming `venue` when a symbol is empty or repeated.
  VenueSymbols(std::string_view venue, const std::vector<Instrument>& instruments);

  /// Whether `id` is one of ours (not another venue's).
  [[nodiscard]] bool ours(InstrumentId id) const noexcept { return id < symbols_.size() && !symbols_[id].empty(); }
  /// The venue's symbol of one of ours.
  [[nodiscard]] const std::string& operator[](InstrumentId id) const { return symbols_[id]; }
  /// Our id of a venue symbol; false when it is not one of ours.
  bool lookup(std::string_view symbol, InstrumentId& id) const;
  /// Our ids, in the order given.
  [[nodiscard]] const std::vector<InstrumentId>& listed() const noexcept { return listed_; }

 private:
  std::vector<std::string> symbols_;  // by instrument id; empty for another venue's
  std::map<std::string, InstrumentId, std::less<>> ids_;
  std::vector<InstrumentId> listed_;
};

}  // namespace symphony::venue
