#pragma once

#include <symphony/core/instrument.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::venue {

/// The process's instruments across every venue. An `InstrumentId` is global: the
/// instrument's position in the registry, the same in the market state, the engine, the
/// event store and every adapter (each adapter trades the instruments of its venue, under
/// these ids). `Instrument::id` always equals that position. Immutable but for `update`;
/// lives on the hot thread.
class InstrumentRegistry {
 public:
  InstrumentRegistry() = default;
  /// Numbers `instruments` in order (their `id` is overwritten). Throws
  /// `std::invalid_argument` naming the instrument when a venue or symbol is empty or a
  /// (venue, symbol) pair repeats.
  explicit InstrumentRegistry(std::vector<Instrument> instruments);

  [[nodiscard]] std::size_t size() const noexcept { return instruments_.size(); }
  [[nodiscard]] bool empty() const noexcept { return instruments_.empty(); }
  [[nodiscard]] const Instrument& operator[](std::size_t id) const { return instruments_[id]; }
  [[nodiscard]] const Instrument& at(std::size_t id) const { return instruments_.at(id); }
  [[nodiscard]] const std::vector<Instrument>& all() const noexcept { return instruments_; }

  [[nodiscard]] std::size_t venue_count() const noexcept { return venues_.size(); }
  [[nodiscard]] const std::string& venue_name(VenueId v) const { return venues_.at(v).name; }
  [[nodiscard]] std::optional<VenueId> find_venue(std::string_view name) const noexcept;
  /// The venue `id` trades on. `id` must be in the registry.
  [[nodiscard]] VenueId venue_of(InstrumentId id) const { return venue_of_.at(id); }
  /// The global ids of venue `v`'s instruments, in registry order.
  [[nodiscard]] const std::vector<InstrumentId>& instruments_of(VenueId v) const { return venues_.at(v).instruments; }
  /// Venue `v`'s instruments, in registry order, each with its global id.
  [[nodiscard]] std::vector<Instrument> listing(VenueId v) const;
  [[nodiscard]] std::optional<InstrumentId> find(std::string_view venue, std::string_view symbol) const noexcept;

  /// Replaces an instrument's trading rules with what its venue reported at start (tick
  /// and step sizes, minimums, bands). Throws `std::invalid_argument` when `instrument`'s
  /// id, venue or symbol is not the registry's.
  void update(const Instrument& instrument);

 private:
  struct VenueEntry {
    std::string name;
    std::vector<InstrumentId> instruments;
  };
  std::vector<Instrument> instruments_;
  std::vector<VenueId> venue_of_;
  std::vector<VenueEntry> venues_;
};

}  // namespace symphony::venue
