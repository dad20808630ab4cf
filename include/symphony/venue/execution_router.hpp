#pragma once

#include <symphony/venue/execution_client.hpp>
#include <symphony/venue/instrument_registry.hpp>

#include <vector>

namespace symphony::venue {

/// One `ExecutionClient` over many venues: each call goes to the client of the venue its
/// instrument trades on (by the registry). The venues answer the handler directly, each
/// stamping its own `VenueId`. Calls happen on the hot thread.
class ExecutionRouter final : public ExecutionClient {
 public:
  /// `clients[v]` trades venue `v` of `registry`; there must be one per venue and none
  /// may be null. Both must outlive the router.
  ExecutionRouter(const InstrumentRegistry& registry, std::vector<ExecutionClient*> clients);

  void set_handler(ExecutionHandler* handler) override;
  /// An order for an instrument the registry does not hold is rejected at once, unsent.
  void submit(const OrderRequest& request) override;
  void cancel(InstrumentId instrument, const std::string& client_order_id) override;
  void cancel_all(InstrumentId instrument) override;
  void query_order(InstrumentId instrument, const std::string& client_order_id) override;
  /// Asks every venue; each answers with its own snapshot.
  void request_account() override;
  /// Asks venue `v` alone.
  void request_account(VenueId v);

  [[nodiscard]] ExecutionClient& client(VenueId v) const { return *clients_.at(v); }

 private:
  [[nodiscard]] ExecutionClient* route(InstrumentId instrument) const noexcept;

  const InstrumentRegistry& registry_;
  std::vector<ExecutionClient*> clients_;
  ExecutionHandler* handler_ = nullptr;
};

}  // namespace symphony::venue
