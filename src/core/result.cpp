#include <symphony/core/result.hpp>

#include <ostream>
#include <stdexcept>

namespace symphony {

namespace {

// boost::system::error_category has a protected non-virtual destructor by design; the
// category is a static singleton never deleted through a base pointer.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class core_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "symphony.core"; }
  std::string message(int ev) const override {
    switch (static_cast<core_error>(ev)) {
      case core_error::empty_input:
        return "empty input";
      case core_error::invalid_number:
        return "not a plain decimal number";
      case core_error::too_many_decimals:
        return "more than 8 decimal places";
      case core_error::out_of_range:
        return "number out of range";
      case core_error::invalid_duration:
        return "not a duration like 250ms, 90s, 30m, 6h or 7d";
      case core_error::invalid_time:
        return "not a UTC time like 2026-01-01T00:00:00Z";
    }
    return "unknown core error";
  }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& core_category() noexcept {
  static const core_category_impl instance;
  return instance;
}

std::ostream& operator<<(std::ostream& os, const Failure& failure) { return os << failure.what; }

void throw_exception_from_error(const Failure& failure, const boost::source_location& /*loc*/) {
  throw std::runtime_error(failure.what);
}

}  // namespace symphony
