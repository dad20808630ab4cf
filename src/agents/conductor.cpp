#include <symphony/agents/conductor.hpp>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

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

Conductor::Conductor(const ConductorConfig& config, std::size_t instrument_count, RegimeBus* bus,
                     llm::LlmGateway* gateway)
    : config_(config), bus_(bus), gateway_(gateway), classifiers_(instrument_count, RegimeClassifier(config.rules)) {}

const char* Conductor::answer_schema() noexcept {
  return R"({"type": "object", "additionalProperties": false, "required": ["regime", "confidence", "reason"],
 "properties": {"regime": {"type": "string",
                           "enum": ["BULL_TRENDING", "BULL_VOLATILE", "BEAR_TRENDING", "BEAR_VOLATILE", "RANGE_BOUND"]},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "reason": {"type": "string"}}})";
}

void Conductor::refine(const std::vector<RegimeClassification>& round,
                       std::span<const market::CandleSeries* const> candles) {
  const RegimeClassification& m = round.back();
  if (!config_.llm.enabled || !gateway_ || refining_ || m.instrument != RegimeClassification::market_scope ||
      m.confidence > config_.llm.below_confidence || !gateway_->available(config_.llm.provider))
    return;
  llm::LlmRequest r;
  r.agent = "conductor";
  r.system =
      "You classify the crypto market's regime as BULL_TRENDING, BULL_VOLATILE, BEAR_TRENDING, BEAR_VOLATILE or "
      "RANGE_BOUND from rule-based readings per instrument (trend_strength: t-statistic of the recent move; "
      "volatility: multiples of the instrument's quiet level). Confirm or correct the rules' market label; "
      "confidence in [0, 1]; reason: one sentence.";
  std::string prompt = fmt::format("rules say {} (confidence {:.2f}).", to_string(m.regime), m.confidence);
  for (const auto& c : round) {
    if (c.instrument == RegimeClassification::market_scope) continue;
    const market::CandleSeries& bars = *candles[c.instrument];
    const double change =
        bars.size() > 60 ? (bars.back().close.to_double() / bars.back(60).close.to_double() - 1) * 100 : 0;
    prompt +=
        fmt::format(" instrument {}: {} ({:.2f}), trend_strength {:+.2f}, volatility {:.2f}x, 1h change {:+.2f}%;",
                    c.instrument, to_string(c.regime), c.confidence, c.trend_strength, c.volatility_level, change);
  }
  r.prompt = std::move(prompt);
  r.schema_name = "market_regime";
  r.schema = answer_schema();
  r.max_output_tokens = 200;
  refining_ = true;
  const std::uint64_t asked_round = round_;
  const RegimeClassification basis = m;
  gateway_->submit(config_.llm.provider, std::move(r), [this, asked_round, basis](const llm::LlmResult& res) {
    refining_ = false;
    if (!res.ok() || asked_round != round_) return;  // failed (the rules' label stands), or overtaken
    const auto j = nlohmann::json::parse(res.answer, nullptr, false);
    const auto regime = parse_regime(j.value("regime", std::string()));
    if (!regime) return;
    RegimeClassification c = basis;
    c.regime = *regime;
    c.confidence = std::clamp(j.value("confidence", 0.0), 0.0, 1.0);
    c.source = "llm:" + res.model;
    market_regime_ = c.regime;
    if (bus_) bus_->publish(c);
    refined_.push_back(std::move(c));
  });
}

std::vector<RegimeClassification> Conductor::take_refined() {
  std::vector<RegimeClassification> out;
  out.swap(refined_);
  return out;
}

std::vector<RegimeClassification> Conductor::classify(const market::MarketState& market, Timestamp now) {
  std::vector<const market::CandleSeries*> candles;
  candles.reserve(classifiers_.size());
  for (std::size_t i = 0; i < classifiers_.size(); ++i)
    candles.push_back(&market.at(static_cast<InstrumentId>(i)).candles(market::Timeframe::m1));
  return classify(candles, now);
}

std::vector<RegimeClassification> Conductor::classify(std::span<const market::CandleSeries* const> candles,
                                                      Timestamp now) {
  next_ts_ = now + config_.interval;
  ++round_;
  std::vector<RegimeClassification> out;
  std::vector<RegimeReading> readings;
  const std::int64_t ts_us = now / ns_per_us;
  auto classification = [&](InstrumentId scope, const RegimeReading& r) {
    return RegimeClassification{scope, r.regime, r.confidence, r.trend_strength, r.volatility_level, ts_us, "rules"};
  };
  for (std::size_t i = 0; i < classifiers_.size(); ++i) {
    const auto id = static_cast<InstrumentId>(i);
    const auto r = classifiers_[i].update(*candles[i]);
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
  if (!out.empty()) refine(out, candles);
  return out;
}

}  // namespace symphony::agents
