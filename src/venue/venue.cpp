#include <symphony/venue/venue.hpp>

#include <cstdlib>

namespace symphony::venue {

std::vector<std::string> VenueFactory::missing_credentials() const {
  std::vector<std::string> out;
  for (const std::string& name : credential_variables()) {
    const char* v = std::getenv(name.c_str());
    if (!v || !*v) out.push_back(name);
  }
  return out;
}

}  // namespace symphony::venue
