#include <symphony/agents/agent_kinds.hpp>

#include <symphony/agents/breakout_sniper.hpp>
#include <symphony/agents/grok_alpha.hpp>
#include <symphony/agents/mean_reversion.hpp>
#include <symphony/agents/momentum_hunter.hpp>
#include <symphony/agents/trend_surfer.hpp>
#include <symphony/agents/volatility_harvester.hpp>
#include <symphony/agents/whale_tracker.hpp>
#include <symphony/config/reader.hpp>

#include <algorithm>
#include <cctype>

namespace symphony::agents {

using config::ConfigError;
using config::Reader;

std::string regime_key(Regime regime) {
  std::string key(to_string(regime));
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return key;
}

void read_regime_table(Reader& r, RegimeTable& table) {
  r.section("regimes", [&](Reader& g) {
    for (int i = 0; i < regime_count; ++i) {
      auto& stance = table[static_cast<std::size_t>(i)];
      g.section(regime_key(static_cast<Regime>(i)), [&](Reader& one) {
        one.number("longs", stance.longs, 0.0, 2.0);
        one.number("shorts", stance.shorts, 0.0, 2.0);
      });
    }
  });
}

namespace {

// Every agent's stop and targets: the stop in ATRs, the targets in multiples of it.
void read_bracket(Reader& r, double& stop_atr, double& target1_r, double& target2_r) {
  r.number("stop_atr", stop_atr, 0.1, 50.0);
  r.number("target1_r", target1_r, 0.1, 50.0);
  r.number("target2_r", target2_r, 0.1, 100.0);
  if (target1_r > target2_r) throw ConfigError(r.at("target1_r"), "must not exceed target2_r");
}

void read_breakout(Reader& r, BreakoutSniperConfig& b) {
  r.boolean("enabled", b.enabled);
  r.integer("channel_bars", b.channel_bars, 2, 1000);
  r.number("volume_multiple", b.volume_multiple, 1.0, 100.0);
  r.integer("volume_bars", b.volume_bars, 2, 1000);
  r.number("min_break_atr", b.min_break_atr, 0.0, 10.0);
  read_bracket(r, b.stop_atr, b.target1_r, b.target2_r);
  read_regime_table(r, b.regimes);
}

void read_trend_surfer(Reader& r, TrendSurferConfig& t) {
  r.boolean("enabled", t.enabled);
  r.number("adx_min", t.adx_min, 5.0, 100.0);
  r.number("di_spread_min", t.di_spread_min, 0.0, 100.0);
  r.number("max_extension_atr", t.max_extension_atr, 0.1, 50.0);
  r.integer("cooldown_bars", t.cooldown_bars, 0, 10'000);
  read_bracket(r, t.stop_atr, t.target1_r, t.target2_r);
  read_regime_table(r, t.regimes);
}

void read_volatility_harvester(Reader& r, VolatilityHarvesterConfig& v) {
  r.boolean("enabled", v.enabled);
  r.integer("squeeze_lookback", v.squeeze_lookback, 10, 10'000);
  r.number("squeeze_ratio", v.squeeze_ratio, 1.0, 10.0);
  r.integer("squeeze_memory", v.squeeze_memory, 1, 1000);
  r.number("spike_atr", v.spike_atr, 1.0, 50.0);
  r.number("spike_rsi", v.spike_rsi, 50.0, 100.0);
  read_bracket(r, v.stop_atr, v.target1_r, v.target2_r);
  read_regime_table(r, v.regimes);
}

void read_mean_reversion(Reader& r, MeanReversionConfig& m) {
  r.boolean("enabled", m.enabled);
  r.number("zscore_entry", m.zscore_entry, 0.5, 10.0);
  r.number("rsi_overbought", m.rsi_overbought, 50.0, 100.0);
  r.number("rsi_oversold", m.rsi_oversold, 0.0, 50.0);
  r.number("adx_max", m.adx_max, 5.0, 100.0);
  r.number("stop_atr", m.stop_atr, 0.1, 50.0);
  read_regime_table(r, m.regimes);
}

void read_whale_tracker(Reader& r, WhaleTrackerConfig& w) {
  r.boolean("enabled", w.enabled);
  r.duration("print_max_age", w.print_max_age, ns_per_s, ns_per_hour);
  r.number("min_imbalance", w.min_imbalance, 0.0, 1.0);
  r.integer("wall_levels", w.wall_levels, 3, 1000);
  r.number("wall_multiple", w.wall_multiple, 1.0, 1000.0);
  read_bracket(r, w.stop_atr, w.target1_r, w.target2_r);
  read_regime_table(r, w.regimes);
}

void read_momentum(Reader& r, MomentumHunterConfig& m) {
  r.boolean("enabled", m.enabled);
  r.number("rsi_overbought", m.rsi_overbought, 50.0, 100.0);
  r.number("rsi_oversold", m.rsi_oversold, 0.0, 50.0);
  r.integer("cross_lookback", m.cross_lookback, 1, 100);
  read_bracket(r, m.stop_atr, m.target1_r, m.target2_r);
  read_regime_table(r, m.regimes);
}

void read_grok_alpha(Reader& r, GrokAlphaConfig& g) {
  r.boolean("enabled", g.enabled);
  read_provider_choice(r, g.provider);
  r.duration("ask_interval", g.ask_interval, ns_per_min, ns_per_day);
  r.duration("answer_ttl", g.answer_ttl, ns_per_min, ns_per_day);
  r.boolean("high_stakes_when_volatile", g.high_stakes_when_volatile);
  r.number("rule_score_min", g.rule_score_min, 0.0, 1.0);
  r.integer("max_output_tokens", g.max_output_tokens, 16, 32'000);
  read_bracket(r, g.stop_atr, g.target1_r, g.target2_r);
  read_regime_table(r, g.regimes);
}

// One kind per agent: its config struct, its reader, how it is made.
template <class Config, class AgentT, const AgentInfo& (*Info)() noexcept, void (*Read)(Reader&, Config&),
          bool Llm = false>
class Kind final : public ConfiguredKind<Config> {
 public:
  [[nodiscard]] const AgentInfo& info() const noexcept override { return Info(); }
  [[nodiscard]] std::unique_ptr<AgentKind> fresh() const override { return std::make_unique<Kind>(); }
  void read_config(Reader& section) override { Read(section, this->config_); }
  [[nodiscard]] bool uses_llm() const noexcept override { return Llm; }
  [[nodiscard]] std::unique_ptr<Agent> make(std::size_t instruments, llm::LlmGateway* gateway) const override {
    if constexpr (Llm)
      return std::make_unique<AgentT>(this->config_, instruments, gateway);
    else
      return (void)gateway, std::make_unique<AgentT>(this->config_, instruments);
  }
};

}  // namespace

void read_provider_choice(Reader& r, llm::Provider& p) {
  std::string name(llm::to_string(p));
  r.text("provider", name, {"openai", "gemini"});
  p = *llm::provider_from_string(name);
}

std::vector<std::unique_ptr<AgentKind>> all_agent_kinds() {
  std::vector<std::unique_ptr<AgentKind>> out;
  out.push_back(std::make_unique<Kind<MomentumHunterConfig, MomentumHunter, momentum_hunter_info, read_momentum>>());
  out.push_back(std::make_unique<Kind<BreakoutSniperConfig, BreakoutSniper, breakout_sniper_info, read_breakout>>());
  out.push_back(std::make_unique<Kind<TrendSurferConfig, TrendSurfer, trend_surfer_info, read_trend_surfer>>());
  out.push_back(std::make_unique<Kind<VolatilityHarvesterConfig, VolatilityHarvester, volatility_harvester_info,
                                      read_volatility_harvester>>());
  out.push_back(std::make_unique<Kind<MeanReversionConfig, MeanReversion, mean_reversion_info, read_mean_reversion>>());
  out.push_back(std::make_unique<Kind<WhaleTrackerConfig, WhaleTracker, whale_tracker_info, read_whale_tracker>>());
  out.push_back(std::make_unique<Kind<GrokAlphaConfig, GrokAlpha, grok_alpha_info, read_grok_alpha, true>>());
  return out;
}

}  // namespace symphony::agents
