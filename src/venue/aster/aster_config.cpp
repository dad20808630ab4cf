// venues.aster: read apart from the adapter, so that the config fuzzer links no Asio.
#include <symphony/config/reader.hpp>
#include <symphony/net/url.hpp>
#include <symphony/venue/aster/aster_venue.hpp>

#include <filesystem>

namespace symphony::venue::aster {

using config::ConfigError;
using config::Reader;

namespace {

void read_url(Reader& r, const std::string& key, std::string& out, const char* scheme) {
  r.text(key, out, {});
  const auto u = net::parse_url(out);
  if (!u) throw ConfigError(r.at(key), u.error().what);
  if (u->scheme != scheme) throw ConfigError(r.at(key), fmt::format("must be a {}:// URL", scheme));
  if (u->target != "/") throw ConfigError(r.at(key), "must not carry a path (the adapter adds it)");
}

}  // namespace

void read_config(Reader& r, AsterConfig& a) {
  read_url(r, "rest_url", a.rest_url, "https");
  read_url(r, "ws_url", a.ws_url, "wss");
  r.text("ca_file", a.ca_file, {});
  if (!a.ca_file.empty() && !std::filesystem::is_regular_file(a.ca_file))
    throw ConfigError(r.at("ca_file"), "'" + a.ca_file + "' is not a readable file");
  r.text("signing", a.signing, {"v3", "v3_legacy", "v1"});
  r.integer("chain_id", a.chain_id, 1, 1'000'000'000);
  r.integer("recv_window_ms", a.recv_window_ms, 1, 60'000);
  r.integer("depth_limit", a.depth_limit, 5, 1000);
  static const std::vector<std::string> limits = {"5", "10", "20", "50", "100", "500", "1000"};
  if (std::find(limits.begin(), limits.end(), std::to_string(a.depth_limit)) == limits.end())
    throw ConfigError(r.at("depth_limit"), "must be one of 5, 10, 20, 50, 100, 500, 1000");
  r.text("depth_speed", a.depth_speed, {"100ms", "250ms", "500ms"});
  r.text("margin_asset", a.margin_asset, {});
  r.integer("leverage", a.leverage, 0, 125);
  r.text("margin_type", a.margin_type, {"", "CROSSED", "ISOLATED"});
  r.integer("warm_up_bars", a.warm_up_bars, 0, 1500);
  r.number("rate_headroom", a.rate_headroom, 0.0, 0.9);
  r.duration("time_sync_interval", a.time_sync_interval, ns_per_s, ns_per_day);
  r.duration("listen_key_keepalive", a.listen_key_keepalive, ns_per_s, 59 * ns_per_min);
  r.duration("request_timeout", a.request_timeout, 100 * ns_per_ms, ns_per_min);
  r.duration("connect_timeout", a.connect_timeout, 100 * ns_per_ms, ns_per_min);
  r.duration("order_max_wait", a.order_max_wait, 0, ns_per_min);
  r.integer("max_connections", a.max_connections, 1, 64);
  r.section("websocket", [&](Reader& w) {
    w.duration("connect_timeout", a.ws.connect_timeout, 100 * ns_per_ms, ns_per_min);
    w.duration("ping_interval", a.ws.ping_interval, 100 * ns_per_ms, 10 * ns_per_min);
    w.duration("stall_timeout", a.ws.stall_timeout, 200 * ns_per_ms, 30 * ns_per_min);
    w.duration("reconnect_initial", a.ws.backoff.initial, ns_per_ms, ns_per_min);
    w.duration("reconnect_max", a.ws.backoff.max, ns_per_ms, ns_per_hour);
    w.number("reconnect_jitter", a.ws.backoff.jitter, 0.0, 1.0);
  });
  if (a.ws.backoff.initial > a.ws.backoff.max)
    throw ConfigError(r.at("websocket.reconnect_initial"), "must not exceed reconnect_max");
}

}  // namespace symphony::venue::aster
