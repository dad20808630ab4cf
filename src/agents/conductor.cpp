#include <symphony/agents/conductor.hpp>

#include <algorithm>

namespace symphony::agents {

std::uint64_t InProcessRegimeBus::subscribe(Subscriber s) {
  const std::lock_guard lock(mutex_);
  subscribers_.emplace_back(next_handle_, std::move(s));
  return next_handle_++;
}

void InProcessRegimeBus::unsubscribe(std::uint64_t handle) {
  const std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [&](const auto& s) { return s.first == handle; });
}

void InProcessRegimeBus::publish(const RegimeClassification& c) {
  std::vector<Subscriber> to_call;
  {
    const std::lock_guard lock(mutex_);
    auto it = std::find_if(latest_.begin(), latest_.end(), [&](const auto& l) { return l.instrument == c.instrument; });
    if (it == latest_.end())
      latest_.push_back(c);
    else
      *it = c;
    to_call.reserve(subscribers_.size());
    for (const auto& s : subscribers_) to_call.push_back(s.second);
  }
  // Outside the lock, so a subscriber may read `latest` or unsubscribe.
  for (const auto& s : to_call) s(c);
}

std::optional<RegimeClassification> InProcessRegimeBus::latest(InstrumentId scope) const {
  const std::lock_guard lock(mutex_);
  for (const auto& l : latest_)
    if (l.instrument == scope) return l;
  return std::nullopt;
}

Conductor::Conductor(const ConductorConfig& config, std::size_t instrument_count, RegimeBus* bus)
    : config_(config), bus_(bus), classifiers_(instrument_count, RegimeClassifier(config.rules)) {}

std::vector<RegimeClassification> Conductor::classify(const market::MarketState& market, Timestamp now) {
  next_ts_ = now + config_.interval;
  std::vector<RegimeClassification> out;
  std::vector<RegimeReading> readings;
  const std::int64_t ts_us = now / ns_per_us;
  auto classification = [&](InstrumentId scope, const RegimeReading& r) {
    return RegimeClassification{scope, r.regime, r.confidence, r.trend_strength, r.volatility_level, ts_us, "rules"};
  };
  for (std::size_t i = 0; i < classifiers_.size(); ++i) {
    const auto id = static_cast<InstrumentId>(i);
    const auto r = classifiers_[i].update(market.at(id).candles(market::Timeframe::m1));
    if (!r) continue;
    readings.push_back(*r);
    out.push_back(classification(id, *r));
  }
  if (const auto m = combine_regimes(readings)) {
    market_regime_ = m->regime;
    out.push_back(classification(RegimeClassification::market_scope, *m));
  }
  if (bus_)
    for (const auto& c : out) bus_->publish(c);
  return out;
}

}  // namespace symphony::agents
