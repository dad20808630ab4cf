#include <symphony/agents/regime_rules.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace symphony::agents {

namespace {

double bars_per_hour(const market::CandleSeries& c) {
  return static_cast<double>(ns_per_hour) / static_cast<double>(c.interval());
}

double log_return(const market::CandleSeries& c, std::size_t i) {
  return std::log(c.back(i).close.to_double() / c.back(i + 1).close.to_double());
}

// P(Z < z) for a standard normal Z.
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

RegimeClassifier::RegimeClassifier(const RegimeRulesConfig& config)
    : config_(config),
      level_activity_{0, std::log(config.trending_activity), std::log(config.volatile_activity)},
      level_volatility_{0, std::log(config.trending_volatility), std::log(config.volatile_volatility)} {}

std::size_t RegimeClassifier::bars_needed() const noexcept {
  return std::max(config_.activity_bars, config_.volatility_bars + 1);
}

RegimeClassifier::measures RegimeClassifier::measure(const market::CandleSeries& c, std::size_t newest) const {
  double trades = 0;
  for (std::size_t k = 0; k < config_.activity_bars; ++k) trades += c.back(newest + k).trades;
  double sum_r2 = 0;
  for (std::size_t k = 0; k < config_.volatility_bars; ++k) {
    const double r = log_return(c, newest + k);
    sum_r2 += r * r;
  }
  const double var_per_hour = sum_r2 / static_cast<double>(config_.volatility_bars) * bars_per_hour(c);
  // Half a trade and a hair of variance keep empty and flat bars finite.
  return {std::log(trades / static_cast<double>(config_.activity_bars) + 0.5), 0.5 * std::log(var_per_hour + 1e-14),
          trades + 1.0};
}

double RegimeClassifier::distance(const measures& m, int s) const noexcept {
  // Var(log N) ≈ 1/N for a Poisson count N; var(log σ̂) ≈ 1/(2n) for n returns.
  const double da = m.log_activity - quiet_activity_ - level_activity_[s];
  const double dv = m.log_volatility - quiet_volatility_ - level_volatility_[s];
  return da * da * m.trades + config_.volatility_weight * dv * dv * 2.0 * static_cast<double>(config_.volatility_bars);
}

void RegimeClassifier::learn(const market::CandleSeries& c, std::size_t newest) {
  const measures m = measure(c, newest);
  if (!calibrated_) {
    // Assume the first bars trending, the middle state: quiet and busy bars then pull the
    // levels to where they belong.
    quiet_activity_ = m.log_activity - level_activity_[trending];
    quiet_volatility_ = m.log_volatility - level_volatility_[trending];
    calibrated_ = true;
  }
  int best = quiet;
  for (int s = trending; s <= busy; ++s)
    if (distance(m, s) < distance(m, best)) best = s;
  const double lr = config_.learning_rate;
  quiet_activity_ += lr * (m.log_activity - level_activity_[best] - quiet_activity_);
  quiet_volatility_ += lr * (m.log_volatility - level_volatility_[best] - quiet_volatility_);
  const std::uint64_t bar = c.closed_total() - newest;  // this bar's number, 1-based
  if (best != state_) {
    state_ = best;
    state_since_ = bar - std::min<std::uint64_t>(bar, config_.activity_bars);
  }
  ++learned_;
}

RegimeReading RegimeClassifier::read(const market::CandleSeries& c) const {
  const measures m = measure(c, 0);
  std::array<double, 3> d{};
  for (int s = quiet; s <= busy; ++s) d[static_cast<std::size_t>(s)] = distance(m, s);
  const auto s = static_cast<std::size_t>(state_);
  double total = 0;
  for (double x : d) total += std::exp(-0.5 * (x - d[s]));
  const double p_state = 1.0 / total;

  // The move since the state began, in units of its noise.
  const std::uint64_t since = c.closed_total() - state_since_;
  const std::size_t w = static_cast<std::size_t>(std::clamp<std::uint64_t>(
      since, config_.activity_bars, std::min<std::uint64_t>(config_.trend_max_bars, c.size() - 1)));
  double move = 0, sum_r2 = 0;
  for (std::size_t k = 0; k < w; ++k) {
    const double r = log_return(c, k);
    move += r;
    sum_r2 += r * r;
  }
  const double t = sum_r2 > 0 ? move / std::sqrt(sum_r2) : 0.0;

  RegimeReading out;
  out.trend_strength = t;
  out.activity_level = std::exp(m.log_activity - quiet_activity_);
  out.volatility_level = std::exp(m.log_volatility - quiet_volatility_);
  out.volatility_per_hour = std::exp(m.log_volatility);
  out.trend_per_hour = move / static_cast<double>(w) * bars_per_hour(c);
  const bool up = move >= 0;
  const double p_direction = normal_cdf(std::fabs(t));
  switch (state_) {
    case quiet:
      out.regime = Regime::range_bound;
      out.confidence = p_state;
      break;
    case trending:
      out.regime = up ? Regime::bull_trending : Regime::bear_trending;
      out.confidence = p_state * p_direction;
      break;
    default:
      out.regime = up ? Regime::bull_volatile : Regime::bear_volatile;
      out.confidence = p_state * p_direction;
      break;
  }
  return out;
}

std::optional<RegimeReading> RegimeClassifier::update(const market::CandleSeries& c) {
  const std::uint64_t total = c.closed_total();
  const std::size_t need = bars_needed();
  if (total == seen_total_) return last_;
  if (c.size() <= need) {
    seen_total_ = total;
    return last_;
  }
  // Oldest unread bar first; the ones that already left the series are lost.
  const std::uint64_t fresh = total - seen_total_;
  const std::size_t readable = c.size() - need;
  for (std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(fresh, readable)); k-- > 0;) learn(c, k);
  seen_total_ = total;
  if (learned_ < config_.warm_up_bars || state_ < 0) return last_;
  last_ = read(c);
  return last_;
}

std::optional<RegimeReading> combine_regimes(std::span<const RegimeReading> readings) {
  if (readings.empty()) return std::nullopt;
  std::array<double, regime_count> weight{};
  RegimeReading out;
  const auto n = static_cast<double>(readings.size());
  for (const auto& r : readings) {
    weight[static_cast<std::size_t>(r.regime)] += r.confidence;
    out.trend_strength += r.trend_strength / n;
    out.volatility_level += r.volatility_level / n;
    out.activity_level += r.activity_level / n;
    out.trend_per_hour += r.trend_per_hour / n;
    out.volatility_per_hour += r.volatility_per_hour / n;
  }
  double total = 0;
  std::size_t best = 0;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    total += weight[i];
    if (weight[i] > weight[best]) best = i;
  }
  out.regime = static_cast<Regime>(best);
  out.confidence = total > 0 ? weight[best] / total : 0;
  return out;
}

}  // namespace symphony::agents
