#pragma once

#include <symphony/core/fixed.hpp>
#include <symphony/core/instrument.hpp>
#include <symphony/market/book_builder.hpp>
#include <symphony/venue/execution_client.hpp>
#include <symphony/venue/market_feed.hpp>
#include <symphony/venue/mode.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace symphony::config {
class Reader;
}
namespace symphony::market {
class MarketState;
}
namespace symphony::net {
class Reactor;
}

namespace symphony::venue {

/// What a venue's start-up learned: its instruments with the venue's trading rules (in
/// the order and under the ids they were given), the account's wallet balance when there
/// is an account, or why it failed.
struct Bootstrap {
  std::vector<Instrument> instruments;
  std::optional<Money> wallet_balance;
  std::string error;  ///< empty on success
};

/// One venue as a session runs it (paper and live mode): start-up, market data, order
/// entry. Everything runs on the reactor's thread.
class Venue {
 public:
  virtual ~Venue() = default;
  /// Syncs clocks, loads the instruments' rules and, with an account, checks it can be
  /// traded the way we trade. `done` runs once, on the reactor's thread.
  virtual void bootstrap(std::function<void(Bootstrap)> done) = 0;
  /// After a successful bootstrap and before `feed` or `execution` is used: the market
  /// state the engine keeps, with the instruments' final rules (a simulated matcher reads
  /// it). Adapters that need nothing of it ignore it.
  virtual void attach(const market::MarketState& market) { (void)market; }
  [[nodiscard]] virtual MarketFeed& feed() = 0;
  /// Order entry; only when `can_trade()` (otherwise throws `std::logic_error`).
  [[nodiscard]] virtual ExecutionClient& execution() = 0;
  [[nodiscard]] virtual bool can_trade() const noexcept = 0;
  /// How its book updates are sequenced (the market state resyncs by it).
  [[nodiscard]] virtual market::book_sequencing sequencing() const noexcept = 0;
};

/// What a factory makes a venue from.
struct VenueSetup {
  net::Reactor& reactor;
  VenueId id = 0;
  /// The registry's listing of this venue: each instrument under its process-wide id.
  std::vector<Instrument> instruments;
  Mode mode = Mode::paper;
  std::uint64_t seed = 0;
};

/// One kind of venue adapter: the name instruments and the config use for it, how its
/// config section is read, what credentials it needs, and how it is made. `app`
/// registers one per adapter; nothing else in `app` names an adapter.
class VenueFactory {
 public:
  virtual ~VenueFactory() = default;
  /// As in `instruments[].venue` and `venues.<name>`.
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  /// A fresh factory with the built-in defaults (a config is read into a copy).
  [[nodiscard]] virtual std::unique_ptr<VenueFactory> fresh() const = 0;
  /// Reads and checks `venues.<name>` (an empty section when the file has none). Throws
  /// `config::ConfigError` naming the key.
  virtual void read_config(config::Reader& section) = 0;
  /// The environment variables that live trading needs, with the configured signing.
  [[nodiscard]] virtual std::vector<std::string> credential_variables() const = 0;
  /// Those of them that are unset or empty.
  [[nodiscard]] std::vector<std::string> missing_credentials() const;
  /// Where it connects and how it signs, for logs and the audit trail; never a secret.
  [[nodiscard]] virtual std::string describe() const = 0;
  /// The venue. In live mode its credentials are read from the environment (they must
  /// be complete); otherwise it carries market data only. Throws `std::invalid_argument`
  /// naming the bad setting or variable, never echoing a secret.
  [[nodiscard]] virtual std::unique_ptr<Venue> make(const VenueSetup& setup) const = 0;
};

}  // namespace symphony::venue
