#include "logging.hpp"

#include <symphony/core/text.hpp>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace symphony::app {

namespace {

class clock_formatter final : public spdlog::formatter {
 public:
  clock_formatter(const Clock& clock, bool json) : clock_(clock), json_(json) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string ts = format_iso8601(clock_.now());
    const auto level = spdlog::level::to_string_view(msg.level);
    const std::string_view text(msg.payload.data(), msg.payload.size());
    if (!json_) {
      fmt::format_to(std::back_inserter(dest), "{} {:<5} {}\n", ts, std::string_view(level.data(), level.size()), text);
      return;
    }
    fmt::format_to(std::back_inserter(dest), R"({{"ts":"{}","level":"{}","msg":")", ts,
                   std::string_view(level.data(), level.size()));
    std::string escaped;
    json_escape_to(escaped, text);
    dest.append(std::string_view(escaped));
    dest.append(std::string_view("\"}\n"));
  }

  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<clock_formatter>(clock_, json_);
  }

 private:
  const Clock& clock_;
  bool json_;
};

}  // namespace

LoggingScope::LoggingScope(const Clock& clock, const std::string& level, const std::string& format) {
  auto logger = std::make_shared<spdlog::logger>("symphony", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(std::make_unique<clock_formatter>(clock, format == "json"));
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

LoggingScope::~LoggingScope() {
  auto plain = std::make_shared<spdlog::logger>("symphony", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  plain->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-5l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(plain);
}

}  // namespace symphony::app
