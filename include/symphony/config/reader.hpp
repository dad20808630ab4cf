#pragma once

// The config reader every module and adapter reads its own section with: typed keys with
// ranges, errors naming the key's JSON path, unknown keys refused, and the same code
// describing the section as JSON Schema.
#include <symphony/core/fixed.hpp>
#include <symphony/core/time.hpp>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace symphony::config {

using json = nlohmann::json;

/// A bad configuration: `path` is the JSON path of the offending key ("$.risk.risk_per_trade").
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string path, const std::string& why)
      : std::runtime_error(path + ": " + why), path_(std::move(path)), why_(why) {}
  /// The same error, located in `file` (what() then reads "'file' at $.x: why").
  ConfigError(std::string file, std::string path, const std::string& why)
      : std::runtime_error("'" + file + "' at " + path + ": " + why),
        path_(std::move(path)),
        why_(why),
        file_(std::move(file)) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const std::string& why() const noexcept { return why_; }
  /// The config file the error is in; empty for text parsed without a file.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  std::string path_;
  std::string why_;
  std::string file_;
};

/// "a string", "an integer", … for error messages.
std::string type_name(const json& j);

// Reads one JSON object, remembering which keys were consumed so that anything left over
// (a typo, an outdated key) is reported with its full path.
//
// Given a `schema` object, it also describes every key it is asked for — type, range,
// allowed values and the default (the value before reading) — as JSON Schema, so a
// section's schema comes from the very code that reads it.
class Reader {
 public:
  Reader(const json& j, std::string path, json* schema = nullptr) : j_(j), path_(std::move(path)), schema_(schema) {
    if (!j_.is_object()) throw ConfigError(path_, "must be an object, got " + type_name(j_));
    if (schema_) *schema_ = json{{"type", "object"}, {"additionalProperties", false}, {"properties", json::object()}};
  }

  [[nodiscard]] std::string at(const std::string& key) const { return path_ + "." + key; }

  const json* get(const std::string& key) {
    seen_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  template <class F>
  void section(const std::string& key, F&& f) {
    json* sub = schema_ ? &(*schema_)["properties"][key] : nullptr;
    const json* v = get(key);
    if (!v && !sub) return;
    static const json empty = json::object();
    Reader r(v ? *v : empty, at(key), sub);
    f(r);
    r.finish();
  }

  template <class T>
  void decimal(const std::string& key, Fixed<T>& out, Fixed<T> lo, Fixed<T> hi) {
    describe(key, {{"type", json::array({"string", "number"})},
                   {"description", "a plain decimal"},
                   {"minimum", lo.to_double()},
                   {"maximum", hi.to_double()},
                   {"default", out.to_string()}});
    const json* v = get(key);
    if (!v) return;
    std::string text;
    if (v->is_string()) {
      text = v->get<std::string>();
    } else if (v->is_number()) {
      // fmt's shortest round-trip form of the double is the decimal the user wrote.
      text = v->is_number_float() ? fmt::format("{}", v->get<double>()) : v->dump();
      if (text.find_first_of("eE") != std::string::npos)
        throw ConfigError(at(key), "write " + text + " as a plain decimal string");
    } else {
      throw ConfigError(at(key), "must be a decimal number or string, got " + type_name(*v));
    }
    auto parsed = Fixed<T>::parse(text);
    if (!parsed) throw ConfigError(at(key), "'" + text + "' is " + parsed.error().message());
    if (*parsed < lo || *parsed > hi)
      throw ConfigError(at(key), fmt::format("{} is out of range [{}, {}]", text, lo.to_string(), hi.to_string()));
    out = *parsed;
  }

  void number(const std::string& key, double& out, double lo, double hi) {
    describe(key, {{"type", "number"}, {"minimum", lo}, {"maximum", hi}, {"default", out}});
    const json* v = get(key);
    if (!v) return;
    if (!v->is_number()) throw ConfigError(at(key), "must be a number, got " + type_name(*v));
    const double d = v->get<double>();
    if (!(d >= lo && d <= hi)) throw ConfigError(at(key), fmt::format("{} is out of range [{}, {}]", d, lo, hi));
    out = d;
  }

  template <class I>
  void integer(const std::string& key, I& out, std::int64_t lo, std::int64_t hi) {
    describe(key, {{"type", "integer"}, {"minimum", lo}, {"maximum", hi}, {"default", out}});
    const json* v = get(key);
    if (!v) return;
    if (!v->is_number_integer()) throw ConfigError(at(key), "must be a whole number, got " + type_name(*v));
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
      throw ConfigError(at(key), fmt::format("{} is out of range [{}, {}]", v->dump(), lo, hi));
    const auto n = v->get<std::int64_t>();
    if (n < lo || n > hi) throw ConfigError(at(key), fmt::format("{} is out of range [{}, {}]", n, lo, hi));
    out = static_cast<I>(n);
  }

  void boolean(const std::string& key, bool& out) {
    describe(key, {{"type", "boolean"}, {"default", out}});
    const json* v = get(key);
    if (!v) return;
    if (!v->is_boolean()) throw ConfigError(at(key), "must be true or false, got " + type_name(*v));
    out = v->get<bool>();
  }

  void text(const std::string& key, std::string& out, const std::vector<std::string>& allowed) {
    json d{{"type", "string"}, {"default", out}};
    if (!allowed.empty()) d["enum"] = allowed;
    describe(key, std::move(d));
    const json* v = get(key);
    if (!v) return;
    if (!v->is_string()) throw ConfigError(at(key), "must be a string, got " + type_name(*v));
    const auto s = v->get<std::string>();
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end())
      throw ConfigError(at(key), fmt::format("'{}' is not one of: {}", s, fmt::join(allowed, ", ")));
    out = s;
  }

  void duration(const std::string& key, Duration& out, Duration lo, Duration hi) {
    describe(key, {{"type", "string"},
                   {"description",
                    fmt::format("a duration like \"5s\", from {} to {}", format_duration(lo), format_duration(hi))},
                   {"default", format_duration(out)}});
    const json* v = get(key);
    if (!v) return;
    if (!v->is_string()) throw ConfigError(at(key), "must be a duration string like \"5s\", got " + type_name(*v));
    const auto s = v->get<std::string>();
    auto d = parse_duration(s);
    if (!d) throw ConfigError(at(key), "'" + s + "' is " + d.error().message());
    if (*d < lo || *d > hi)
      throw ConfigError(at(key),
                        fmt::format("{} is out of range [{}, {}]", s, format_duration(lo), format_duration(hi)));
    out = *d;
  }

  void finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (seen_.contains(it.key())) continue;
      throw ConfigError(at(it.key()), fmt::format("unknown key (known keys here: {})", fmt::join(seen_, ", ")));
    }
  }

 private:
  void describe(const std::string& key, json d) {
    if (schema_) (*schema_)["properties"][key] = std::move(d);
  }

  const json& j_;
  std::string path_;
  json* schema_;
  std::set<std::string> seen_;
};

}  // namespace symphony::config
