// The venue adapters of this build. Adding one is a line here (and its library in
// CMakeLists.txt); nothing else in app names an adapter.
#include <symphony/app/config.hpp>
#include <symphony/venue/aster/aster_venue.hpp>

namespace symphony::app {

std::vector<std::unique_ptr<venue::VenueFactory>> venue_factories() {
  std::vector<std::unique_ptr<venue::VenueFactory>> out;
  out.push_back(venue::aster::make_factory());
  return out;
}

}  // namespace symphony::app
