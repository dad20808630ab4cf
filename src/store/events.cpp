#include <symphony/store/events.hpp>

#include <symphony/core/text.hpp>

namespace symphony::store {

std::string_view event_type_name(const EventBody& body) noexcept {
  return std::visit(overloaded{
                        [](const RunStarted&) { return std::string_view("run_started"); },
                        [](const RunEnded&) { return std::string_view("run_ended"); },
                        [](const DecisionEvent&) { return std::string_view("agent_decision"); },
                        [](const CoordinationEvent&) { return std::string_view("agent_coordination"); },
                        [](const OrderEvent&) { return std::string_view("order"); },
                        [](const FillEvent&) { return std::string_view("fill"); },
                        [](const PositionEvent&) { return std::string_view("position"); },
                        [](const TradeEvent&) { return std::string_view("trade"); },
                        [](const RegimeEvent&) { return std::string_view("regime"); },
                        [](const EquityEvent&) { return std::string_view("equity"); },
                        [](const LoopTickEvent&) { return std::string_view("loop_tick"); },
                        [](const AgentStateEvent&) { return std::string_view("agent_state"); },
                        [](const RiskEvent&) { return std::string_view("risk"); },
                        [](const AuditEvent&) { return std::string_view("audit"); },
                        [](const LlmCallEvent&) { return std::string_view("llm_call"); },
                    },
                    body);
}

}  // namespace symphony::store
