#pragma once

#include <symphony/venue/execution_client.hpp>

#include <string>
#include <vector>

namespace symphony::test {

/// An ExecutionHandler that keeps everything it is told, for assertions.
class RecordingHandler : public venue::ExecutionHandler {
 public:
  void on_order_update(const venue::OrderUpdate& u) override { updates.push_back(u); }
  void on_fill(const venue::Fill& f) override { fills.push_back(f); }
  void on_account(const venue::AccountSnapshot& a) override { accounts.push_back(a); }
  void on_trading_blocked(VenueId venue, const std::string& reason) override {
    blocks.push_back(reason);
    block_venues.push_back(venue);
  }

  /// The latest update for an order, or null.
  [[nodiscard]] const venue::OrderUpdate* last(const std::string& id) const {
    for (auto it = updates.rbegin(); it != updates.rend(); ++it)
      if (it->client_order_id == id) return &*it;
    return nullptr;
  }
  /// Fills of one order.
  [[nodiscard]] std::vector<venue::Fill> fills_of(const std::string& id) const {
    std::vector<venue::Fill> out;
    for (const auto& f : fills)
      if (f.client_order_id == id) out.push_back(f);
    return out;
  }

  std::vector<venue::OrderUpdate> updates;
  std::vector<venue::Fill> fills;
  std::vector<venue::AccountSnapshot> accounts;
  std::vector<std::string> blocks;    ///< reasons given to on_trading_blocked ("" = unblocked)
  std::vector<VenueId> block_venues;  ///< and the venue each named
};

}  // namespace symphony::test
