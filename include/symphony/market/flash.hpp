#pragma once

#include <symphony/market/detail/rolling.hpp>
#include <symphony/market/order_book.hpp>

#include <array>
#include <span>
#include <string_view>

namespace symphony::market {

/// The three trading sessions of the crypto day, by where liquidity sits.
enum class Session : std::uint8_t { asia, europe, us };
inline constexpr std::size_t session_count = 3;
std::string_view to_string(Session s) noexcept;  ///< "asia", "europe", "us"

/// Flash thresholds for one session; the session runs from its UTC start time until the
/// next session's start.
struct SessionThresholds {
  int start_minute = 0;           ///< minutes after 00:00 UTC
  double imbalance = 0.6;         ///< |order-book imbalance| that fires
  double momentum_bps = 15;       ///< |mid change over the momentum window| that fires, in bps
  double volatility_burst = 3.0;  ///< short / long realized volatility that fires
};

/// Settings of the flash signals (config `market.flash`).
struct FlashConfig {
  std::size_t imbalance_levels = 5;     ///< levels a side the imbalance is taken over
  Duration sample_interval = ns_per_s;  ///< mid sampling step for momentum and volatility
  Duration momentum_window = 10 * ns_per_s;
  Duration volatility_short = 30 * ns_per_s;
  Duration volatility_long = 15 * ns_per_min;
  Duration cooldown = 30 * ns_per_s;  ///< quiet time after a signal of one kind and direction
  /// Asia from 23:00, Europe from 07:00, US from 13:30 UTC. Thinner Asian books need
  /// larger moves before one means anything.
  std::array<SessionThresholds, session_count> sessions = {{
      {23 * 60, 0.70, 20.0, 3.5},
      {7 * 60, 0.60, 15.0, 3.0},
      {13 * 60 + 30, 0.55, 12.0, 3.0},
  }};
};

/// The session a UTC timestamp falls in.
Session session_at(const FlashConfig& config, Timestamp ts) noexcept;

enum class FlashKind : std::uint8_t { imbalance, momentum, volatility_burst };
std::string_view to_string(FlashKind k) noexcept;

/// A short-horizon market signal for the tick triggers and agents.
struct FlashSignal {
  InstrumentId instrument = 0;
  Timestamp ts = 0;
  FlashKind kind = FlashKind::imbalance;
  int direction = 0;     ///< +1 up / bid-heavy, −1 down / ask-heavy
  double value = 0;      ///< the measured imbalance, bps or ratio
  double threshold = 0;  ///< the session threshold it crossed
  Session session = Session::asia;
};

/// Watches one instrument's book for flash signals: order-book imbalance over the top
/// levels, mid momentum over a short window, and bursts of short-window volatility
/// against the long-window norm, each against the current session's threshold and
/// rate-limited by a cooldown. Fixed storage. Not thread-safe; owned by the hot thread.
class FlashDetector {
 public:
  static constexpr std::size_t max_signals = 3;
  FlashDetector(const FlashConfig& config, InstrumentId instrument);

  /// Evaluates the book after an update at `ts`; writes fired signals to `out`.
  std::size_t on_book(const OrderBook& book, Timestamp ts, std::span<FlashSignal, max_signals> out) noexcept;

  /// Latest measurements, whether or not they fired.
  [[nodiscard]] double momentum_bps() const noexcept { return momentum_bps_; }
  [[nodiscard]] double volatility_ratio() const noexcept { return volatility_ratio_; }

 private:
  void sample(double mid) noexcept;
  bool fire(FlashKind kind, int direction, Timestamp ts) noexcept;

  FlashConfig config_;
  InstrumentId instrument_;
  detail::RollingWindow mids_;
  detail::RollingMoments short_;
  detail::RollingMoments long_;
  Timestamp next_sample_ = 0;
  double last_mid_ = 0;
  double momentum_bps_ = 0;
  double volatility_ratio_ = 0;
  std::array<Timestamp, 6> last_fired_{};  // per kind and direction
  std::array<bool, 6> fired_once_{};
};

}  // namespace symphony::market
