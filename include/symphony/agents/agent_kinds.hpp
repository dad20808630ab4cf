#pragma once

#include <symphony/agents/agent.hpp>
#include <symphony/llm/llm.hpp>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace symphony::config {
class Reader;
}

namespace symphony::agents {

/// One kind of agent, listed once (`all_agent_kinds`): its metadata, how its config
/// section `agents.<id>` is read (the same code describes it as JSON Schema), and how it
/// is made. A config holds one configured copy of each kind.
class AgentKind {
 public:
  virtual ~AgentKind() = default;
  [[nodiscard]] virtual const AgentInfo& info() const noexcept = 0;
  [[nodiscard]] std::string_view id() const noexcept { return info().id; }
  /// A copy with the built-in defaults.
  [[nodiscard]] virtual std::unique_ptr<AgentKind> fresh() const = 0;
  /// Reads and checks `agents.<id>`. Throws `config::ConfigError` naming the key.
  virtual void read_config(config::Reader& section) = 0;
  [[nodiscard]] virtual bool enabled() const noexcept = 0;
  /// Whether it asks the LLM clients (which then run).
  [[nodiscard]] virtual bool uses_llm() const noexcept { return false; }
  /// Its regime table (`agents.<id>.regimes`).
  [[nodiscard]] virtual const RegimeTable& regimes() const noexcept = 0;
  /// The agent, for `instruments` instruments; `llm` is its gateway (null: rules only).
  [[nodiscard]] virtual std::unique_ptr<Agent> make(std::size_t instruments, llm::LlmGateway* llm) const = 0;
};

/// A kind whose settings are a `Config` struct.
template <class Config>
class ConfiguredKind : public AgentKind {
 public:
  [[nodiscard]] const Config& config() const noexcept { return config_; }
  [[nodiscard]] bool enabled() const noexcept override { return config_.enabled; }
  [[nodiscard]] const RegimeTable& regimes() const noexcept override { return config_.regimes; }

 protected:
  Config config_;
};

/// The settings of `kind` as a `Config`, or null when it is another kind.
template <class Config>
const Config* config_of(const AgentKind& kind) noexcept {
  const auto* k = dynamic_cast<const ConfiguredKind<Config>*>(&kind);
  return k ? &k->config() : nullptr;
}

/// The agents of this build, in roster order, with their defaults: the one list of them.
std::vector<std::unique_ptr<AgentKind>> all_agent_kinds();

/// Reads a regime table, `regimes.<regime>.{longs, shorts}` (confidence factors in [0, 2]).
void read_regime_table(config::Reader& section, RegimeTable& table);
/// A regime as a config key: "bull_trending".
std::string regime_key(Regime regime);
/// Reads `provider` ("openai" or "gemini") into `provider`.
void read_provider_choice(config::Reader& section, llm::Provider& provider);

}  // namespace symphony::agents
