#include <symphony/agents/grok_alpha.hpp>
#include <symphony/core/text.hpp>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace symphony::agents {

namespace {
// An LLM's reason as kept (the prompt asks for at most 200 characters).
constexpr std::size_t max_reason_bytes = 240;
}  // namespace

const AgentInfo& grok_alpha_info() noexcept {
  // The model weighs the regime itself; the table still leans with it.
  static const AgentInfo info{
      "grok_alpha",
      "Grok Alpha",
      "🧠",
      "LLM reasoning over a compact market context (structured output), with a rule fallback when no LLM answers.",
      {{
          {1.1, 0.8},  // BULL_TRENDING
          {1.0, 0.8},  // BULL_VOLATILE
          {0.8, 1.1},  // BEAR_TRENDING
          {0.8, 1.0},  // BEAR_VOLATILE
          {0.9, 0.9},  // RANGE_BOUND
      }},
  };
  return info;
}

const AgentInfo& GrokAlpha::info() const noexcept { return grok_alpha_info(); }

GrokAlpha::GrokAlpha(GrokAlphaConfig config, std::size_t instrument_count, llm::LlmGateway* gateway)
    : config_(config), gateway_(gateway), series_(instrument_count) {}

const char* GrokAlpha::answer_schema() noexcept {
  return R"({"type": "object", "additionalProperties": false, "required": ["action", "confidence", "reason"],
 "properties": {"action": {"type": "string", "enum": ["BUY", "SELL", "HOLD"]},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "reason": {"type": "string"}}})";
}

std::string GrokAlpha::market_context(const AgentContext& ctx) {
  const market::IndicatorValues v = ctx.state.indicators(market::Timeframe::m1).values();
  const market::CandleSeries& c = ctx.state.candles(market::Timeframe::m1);
  const double close = c.size() ? c.back().close.to_double() : 0;
  const double hour_ago =
      c.size() > 60 ? c.back(60).close.to_double() : (c.size() ? c.back(c.size() - 1).open.to_double() : 0);
  auto num = [](double x) { return std::isnan(x) ? std::string("null") : fmt::format("{:.6g}", x); };
  return fmt::format(
      "symbol {} | regime {} | close {} | 1h change {}% | EMA{} {} vs EMA{} {} | RSI {} | MACD histogram {} | "
      "ADX {} (+DI {}, -DI {}) | ATR {} ({}% of price) | Bollinger {}–{} | z-score {} | taker imbalance {:+.2f} | "
      "book imbalance (10 levels) {:+.2f} | spread {:.2f} bps",
      ctx.instrument.symbol, to_string(ctx.regime), num(close),
      num(hour_ago > 0 ? (close / hour_ago - 1) * 100 : std::nan("")), 9, num(v.ema_fast), 21, num(v.ema_slow),
      num(v.rsi), num(v.macd_histogram), num(v.adx), num(v.plus_di), num(v.minus_di), num(v.atr),
      num(close > 0 ? v.atr / close * 100 : std::nan("")), num(v.bollinger_lower), num(v.bollinger_upper),
      num(v.zscore), ctx.state.trades().taker_imbalance(), ctx.state.book().imbalance(10),
      ctx.state.book().spread_bps());
}

void GrokAlpha::ask(const AgentContext& ctx, series& s) {
  llm::LlmRequest r;
  r.agent = std::string(info().id);
  const bool wild = ctx.regime == Regime::bull_volatile || ctx.regime == Regime::bear_volatile;
  r.tier = config_.high_stakes_when_volatile && wild ? llm::Tier::high_stakes : llm::Tier::routine;
  r.system =
      "You are a disciplined crypto perpetual-futures trader. From the market context, decide whether to open a "
      "position now: BUY, SELL or HOLD. Prefer HOLD unless the evidence is clear. confidence is your probability "
      "that the trade reaches its first target (1.5x the risk) before its stop (2 ATR). reason: one sentence of at "
      "most 200 characters.";
  r.prompt = market_context(ctx);
  r.schema_name = "trade_signal";
  r.schema = answer_schema();
  r.max_output_tokens = config_.max_output_tokens;
  s.pending = true;
  s.asked_ts = ctx.now;
  const InstrumentId id = ctx.instrument.id;
  gateway_->submit(config_.provider, std::move(r), [this, id](const llm::LlmResult& res) {
    series& t = series_.at(id);
    t.pending = false;
    if (!res.ok()) {
      t.llm_status = fmt::format("{}: {}", to_string(res.outcome), res.reason);
      return;
    }
    const auto j = nlohmann::json::parse(res.answer, nullptr, false);  // checked against the schema already
    answer a;
    const std::string action = j.value("action", std::string("HOLD"));
    a.action = action == "BUY" ? Action::buy : action == "SELL" ? Action::sell : Action::hold;
    a.confidence = std::clamp(j.value("confidence", 0.0), 0.0, 1.0);
    // Bounded so that every decision reason is stored whole; a longer one ends on a word.
    a.reason = clip_words(j.value("reason", std::string()), max_reason_bytes);
    a.model = res.model;
    a.ts = t.asked_ts;
    t.latest = std::move(a);
    t.llm_status = "answered";
  });
}

Decision GrokAlpha::rules(const AgentContext& ctx, const market::IndicatorValues& v, series& s,
                          const std::string& why) {
  s.last_from_llm = false;
  Decision d;
  if (s.acted_bar == s.bars_seen) {
    d.reason = fmt::format("rules (LLM {}): this bar already acted on", why);
    return d;
  }
  // Four votes in [-1, 1]: trend, momentum, RSI, rate of change.
  const double atr = v.atr;
  const double trend = std::clamp((v.ema_fast - v.ema_slow) / (0.25 * atr), -1.0, 1.0);
  const double momentum =
      std::clamp(v.macd / (0.5 * atr), -1.0, 1.0);  // the line: its histogram fades in a steady trend
  const double rsi = std::clamp((v.rsi - 50.0) / 20.0, -1.0, 1.0);
  const double close = ctx.state.candles(market::Timeframe::m1).back().close.to_double();
  const double roc = std::clamp(v.roc / (100.0 * atr / close), -1.0, 1.0);
  const double score = (trend + momentum + rsi + roc) / 4.0;
  if (std::fabs(score) < config_.rule_score_min) {
    d.reason = fmt::format("rules (LLM {}): score {:+.2f} below {:.2f}", why, score, config_.rule_score_min);
    return d;
  }
  return bracket(score > 0 ? Action::buy : Action::sell, 0.5 + 0.4 * std::fabs(score), entry_price(ctx),
                 config_.stop_atr * atr, config_.target1_r, config_.target2_r,
                 fmt::format("rules (LLM {}): trend {:+.2f}, MACD {:+.2f}, RSI {:+.2f}, ROC {:+.2f}", why, trend,
                             momentum, rsi, roc));
}

Decision GrokAlpha::decide(const AgentContext& ctx) {
  series& s = series_.at(ctx.instrument.id);
  const market::IndicatorSet& ind = ctx.state.indicators(market::Timeframe::m1);
  s.bars_seen = ind.bars();
  Decision d;
  const market::IndicatorValues v = ind.values();
  if (std::isnan(v.ema_slow) || std::isnan(v.macd) || std::isnan(v.rsi) || std::isnan(v.roc) || std::isnan(v.atr) ||
      v.atr <= 0) {
    d.reason = "warming up";
    return d;
  }
  const bool llm = gateway_ && gateway_->available(config_.provider);
  if (llm && !s.pending && (s.asked_ts == 0 || ctx.now - s.asked_ts >= config_.ask_interval)) ask(ctx, s);
  if (!llm) return rules(ctx, v, s, fmt::format("off: no {} key", to_string(config_.provider)));
  if (s.latest && ctx.now - s.latest->ts <= config_.answer_ttl) {
    const answer& a = *s.latest;
    s.last_from_llm = true;
    if (s.acted_answer_ts == a.ts) {
      d.reason = fmt::format("LLM {}: answer already acted on", a.model);
      return d;
    }
    if (a.action == Action::hold) {
      d.reason = fmt::format("LLM {}: HOLD ({:.2f}): {}", a.model, a.confidence, a.reason);
      return d;
    }
    return bracket(a.action, a.confidence, entry_price(ctx), config_.stop_atr * v.atr, config_.target1_r,
                   config_.target2_r, fmt::format("LLM {}: {}", a.model, a.reason));
  }
  return rules(ctx, v, s, s.pending && !s.latest ? std::string("pending") : s.llm_status);
}

void GrokAlpha::acted(const Instrument& instrument, const Decision&) {
  series& s = series_.at(instrument.id);
  if (s.last_from_llm)
    s.acted_answer_ts = s.latest->ts;
  else
    s.acted_bar = s.bars_seen;
}

}  // namespace symphony::agents
