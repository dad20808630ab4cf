#include <symphony/app/config.hpp>
#include <symphony/config/reader.hpp>

#include <symphony/net/url.hpp>

#include "app/config_sections.hpp"

namespace symphony::app::sections {

using config::ConfigError;
using config::json;
using config::Reader;
using config::type_name;

namespace {

void read_llm_provider(Reader& r, llm::ProviderConfig& p) {
  r.text("base_url", p.base_url, {});
  {
    const auto u = net::parse_url(p.base_url);
    if (!u) throw ConfigError(r.at("base_url"), u.error().what);
    if (u->scheme != "https") throw ConfigError(r.at("base_url"), "must be an https:// URL");
  }
  r.text("routine_model", p.routine_model, {});
  r.text("high_stakes_model", p.high_stakes_model, {});
  if (p.routine_model.empty()) throw ConfigError(r.at("routine_model"), "must not be empty");
  if (p.high_stakes_model.empty()) throw ConfigError(r.at("high_stakes_model"), "must not be empty");
  r.duration("timeout", p.timeout, ns_per_s, 10 * ns_per_min);
  r.integer("max_retries", p.max_retries, 0, 10);
  r.duration("backoff_initial", p.backoff.initial, 10 * ns_per_ms, ns_per_min);
  r.duration("backoff_max", p.backoff.max, 10 * ns_per_ms, 10 * ns_per_min);
  if (p.backoff.initial > p.backoff.max) throw ConfigError(r.at("backoff_initial"), "must not exceed backoff_max");
  r.duration("max_retry_after", p.max_retry_after, 0, ns_per_hour);
  r.section("breaker", [&](Reader& b) {
    b.integer("failures", p.breaker.failures_to_open, 1, 1000);
    b.duration("open_for", p.breaker.open_for, ns_per_s, ns_per_day);
  });
  r.text("ca_file", p.tls.ca_file, {});
}

}  // namespace

void read_llm(Reader& r, llm::LlmConfig& l, bool& cache_auto) {
  std::string cache = cache_auto ? "auto" : std::string(llm::to_string(l.cache));
  r.text("cache", cache, {"auto", "off", "record", "replay"});
  cache_auto = cache == "auto";
  if (cache == "off") l.cache = llm::CacheMode::off;
  if (cache == "record") l.cache = llm::CacheMode::record;
  if (cache == "replay") l.cache = llm::CacheMode::replay;
  r.text("cache_file", l.cache_path, {});
  if (l.cache_path.empty()) throw ConfigError(r.at("cache_file"), "must not be empty");
  r.section("budget", [&](Reader& b) {
    b.decimal("per_agent_daily", l.budget.per_agent_daily, Money{}, Money::from_units(100'000));
    b.decimal("daily", l.budget.daily, Money{}, Money::from_units(100'000));
  });
  for (auto& p : l.providers)
    r.section(std::string(llm::to_string(p.provider)), [&](Reader& one) { read_llm_provider(one, p); });
  // The price table replaces the default one when given: every model used must be in it.
  if (const json* prices = r.get("prices")) {
    if (!prices->is_object()) throw ConfigError(r.at("prices"), "must be an object, got " + type_name(*prices));
    l.prices.clear();
    for (auto it = prices->begin(); it != prices->end(); ++it) {
      llm::ModelPrice mp;
      Reader one(it.value(), r.at("prices") + "." + it.key());
      one.number("input", mp.input, 0.0, 10'000.0);
      one.number("cached_input", mp.cached_input, 0.0, 10'000.0);
      one.number("output", mp.output, 0.0, 10'000.0);
      one.finish();
      l.prices[it.key()] = mp;
    }
  }
  for (const auto& p : l.providers)
    for (const std::string* m : {&p.routine_model, &p.high_stakes_model})
      if (!l.prices.count(*m))
        throw ConfigError(r.at("prices"), fmt::format("no price for {} model '{}': calls could not be budgeted",
                                                      llm::to_string(p.provider), *m));
}

}  // namespace symphony::app::sections

namespace symphony::app {

llm::LlmConfig default_llm_config() {
  llm::LlmConfig l;
  llm::ProviderConfig openai;  // its defaults are OpenAI's
  llm::ProviderConfig gemini;
  gemini.provider = llm::Provider::gemini;
  gemini.base_url = "https://generativelanguage.googleapis.com/v1beta";
  gemini.routine_model = "gemini-2.5-flash-lite";
  gemini.high_stakes_model = "gemini-2.5-flash";
  l.providers = {openai, gemini};
  // USD per million tokens (input, cached input, output): list prices as of 2026.
  l.prices = {{"gpt-4o-mini", {0.15, 0.075, 0.60}},
              {"gpt-4o", {2.50, 1.25, 10.00}},
              {"gemini-2.5-flash-lite", {0.10, 0.01, 0.40}},
              {"gemini-2.5-flash", {0.30, 0.03, 2.50}}};
  return l;
}

}  // namespace symphony::app
