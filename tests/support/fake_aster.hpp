#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/time.hpp>

#include "test_pki.hpp"
#include "tls_server.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace symphony::test {

/// A fake Aster futures venue on 127.0.0.1 (HTTPS + WSS), speaking the documented wire
/// formats (the shapes of the sample payloads in tests/data/aster): exchangeInfo, time,
/// depth, klines, the combined market stream (depthUpdate with U/u/pu, aggTrade,
/// bookTicker, markPriceUpdate, 24hrTicker), and the signed account API: orders (MARKET,
/// LIMIT GTC/IOC/GTX, STOP_MARKET, TAKE_PROFIT_MARKET, reduceOnly, closePosition), cancel,
/// query, openOrders, positionRisk, balance, userTrades, leverage, marginType, position
/// mode, listen keys and the user data stream. It checks V3 EIP-712 signatures and nonces
/// (±10 s, never reused), or V1 HMAC signatures and timestamps, and counts request weight per minute as the venue does,
/// answering 429 with Retry-After over the limit. One symbol; a market that moves by `drift` each tick. Failure knobs
/// below. Thread-safe.
class FakeAster {
 public:
  struct Config {
    std::string symbol = "BTCUSDT";
    Price start_price = Price::from_units(60'000);
    Price tick = Price::from_raw(10'000'000);  // 0.1
    Qty step = Qty::from_raw(100'000);         // 0.001
    Qty level_qty = Qty::from_units(2);
    Duration tick_interval = 100 * ns_per_ms;
    Price drift;  ///< per tick, in whole ticks
    /// m1 history served as klines: bars drift by this fraction per bar, alternating
    /// ± `history_wiggle`, ending at the start price.
    double history_trend = -0.0001;
    double history_wiggle = 0.0008;
    Money balance = Money::from_units(10'000);
    /// Which API the venue speaks: "v3" (paths /fapi/v3, EIP-712 signatures over
    /// `user`/`signer`/`nonce`) or "v1" (paths /fapi/v1, v2 and v4, HMAC-SHA256 with
    /// `api_key`/`api_secret`, `timestamp` + `recvWindow`). Requests to the other API's
    /// paths get 404 and are counted in `wrong_paths`.
    std::string api = "v3";
    std::string user;    ///< expected `user` (checksummed)
    std::string signer;  ///< expected `signer` (checksummed)
    std::string api_key, api_secret;
    std::uint64_t chain_id = 1666;
    std::uint32_t weight_limit = 2400;
    /// When set, the venue's clock is the wall clock plus this offset (ns): the test moves
    /// it together with the daemon's (`symphonyd --test-clock`).
    const std::atomic<std::int64_t>* clock_offset = nullptr;
  };

  struct Order {
    std::string client_id;
    std::uint64_t id = 0;
    std::string side, type, tif, status;
    Qty qty, filled;
    Price price, stop_price, avg_price;
    bool reduce_only = false;
    bool close_position = false;
    std::int64_t created_ms = 0;  ///< the venue's time of its arrival
  };

  FakeAster(const TestPki& pki, Config config);
  ~FakeAster();

  [[nodiscard]] std::string rest_url() const { return server_->https_url(); }
  [[nodiscard]] std::string ws_url() const { return server_->wss_url(); }

  // Knobs.
  void set_drift(Price per_tick);
  void drop_market_streams();   ///< cut the market WebSocket(s)
  void stall_market_streams();  ///< stop sending and answering pings on them
  void drop_user_streams();
  void refuse_user_streams(bool refuse);  ///< user-stream upgrades get 404 while set
  [[nodiscard]] int refused_upgrades() const;
  void send_malformed_frame();  ///< one frame that is not valid JSON
  /// Switches the account's position mode (hedge = dual-side) and pushes an
  /// ACCOUNT_CONFIG_UPDATE on the user streams; in hedge mode positionRisk has LONG and
  /// SHORT rows and orders without a LONG/SHORT positionSide are refused (-4061).
  void set_hedge_mode(bool on);
  void skip_update_ids();  ///< the next diff's pu does not match the previous u
  /// The listen key expires: a new one replaces it (streams at the old one are refused),
  /// keep-alives answer -1125 until a key is opened again, and with `announce` the user
  /// streams get a listenKeyExpired event.
  void expire_listen_key(bool announce);
  /// The next `count` requests to `path` get `status` (429 carries Retry-After), with the
  /// error `code` and `msg` when given (else -1003 for 429, -1000 "Internal error.").
  void fail_next(const std::string& path, int status, int count = 1, int retry_after_s = 1, int code = 0,
                 const std::string& msg = {});
  /// The next new order is accepted (and executed) but the connection drops before the
  /// answer; with `silence_stream` its user-stream events are lost too, so only a query
  /// can tell the client what became of it.
  void lose_next_order_response(bool silence_stream = false);
  /// A new order is invisible to queries (they answer -2013 "Order does not exist.") for
  /// this long after it arrived, as when the query overtakes the order inside the venue.
  void set_query_lag(Duration lag);
  /// The client id of the order whose answer was lost, once one was.
  [[nodiscard]] std::string lost_order() const;
  /// An existing position and order the daemon never made.
  void add_position(Qty qty, Price entry);
  void add_resting_order(const std::string& client_id, const std::string& side, Price price, Qty qty);

  // Observations.
  [[nodiscard]] std::vector<Order> orders() const;
  [[nodiscard]] std::optional<Order> order(const std::string& client_id) const;
  [[nodiscard]] int submissions(const std::string& client_id) const;  ///< POSTs carrying this id
  [[nodiscard]] int queries(const std::string& client_id) const;
  [[nodiscard]] int requests(const std::string& path) const;
  [[nodiscard]] int rate_limited() const;
  [[nodiscard]] std::size_t executions() const;  ///< trades executed for the account so far
  [[nodiscard]] std::vector<std::string> signature_errors() const;
  /// "GET /fapi/v3/depth" and the like: requests to paths of the API the venue does not speak.
  [[nodiscard]] std::vector<std::string> wrong_paths() const;
  [[nodiscard]] int market_connects() const;
  [[nodiscard]] int user_connects() const;
  [[nodiscard]] int listen_keys_opened() const;  ///< POST listenKey answered
  [[nodiscard]] int keep_alives() const;         ///< PUT listenKey answered
  [[nodiscard]] Qty position() const;
  [[nodiscard]] Price mid() const;
  [[nodiscard]] std::uint64_t last_update_id() const;

 private:
  struct State;
  ServerReply http(const ServerRequest& r);
  bool ws_open(std::uint64_t session, const std::string& target);
  void ws_closed(std::uint64_t session);
  void tick();

  std::unique_ptr<State> state_;
  std::unique_ptr<TlsServer> server_;
};

}  // namespace symphony::test
