#pragma once

// The readers of the config's sections, one file each (config_sim.cpp, config_llm.cpp,
// config_market.cpp); config.cpp reads the document with them. Agents and venue adapters
// read their own sections (agents::AgentKind, venue::VenueFactory).
#include <symphony/app/config.hpp>
#include <symphony/config/reader.hpp>

#include <string>
#include <vector>

namespace symphony::app::sections {

// venues.sim and instruments[] (config_sim.cpp)
venue::sim::SimInstrumentSpec make_instrument(InstrumentId id, const char* symbol, const char* tick, const char* step,
                                              const char* price, double vol, double level_notional);
/// The simulated matcher's knobs, shared by sim and paper mode.
void read_exchange(config::Reader& r, venue::sim::ExchangeConfig& x);
void read_sim(config::Reader& r, SimVenueConfig& c);
/// One instrument; `venues` are the names it may trade on.
void read_instrument(config::Reader& r, venue::sim::SimInstrumentSpec& s, const std::vector<std::string>& venues);

// llm (config_llm.cpp)
void read_llm(config::Reader& r, llm::LlmConfig& l, bool& cache_auto);

// market (config_market.cpp)
void read_market(config::Reader& r, market::MarketConfig& c);

}  // namespace symphony::app::sections
