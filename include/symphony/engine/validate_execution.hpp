#pragma once

#include <symphony/core/scheduler.hpp>
#include <symphony/venue/execution_client.hpp>

#include <cstdint>

namespace symphony::engine {

/// The execution client of validate mode: everything runs except sending orders. Each
/// would-be order is answered as rejected with reason "validate mode: not sent", so it is
/// recorded in the store with its full request and no position ever opens. Account
/// requests answer with the starting balance and nothing open. Lives on the hot thread.
class ValidateExecution final : public venue::ExecutionClient {
 public:
  /// Stands in for venue `venue`, whose account holds `balance`.
  ValidateExecution(Scheduler& scheduler, Money balance, VenueId venue = 0)
      : scheduler_(scheduler), balance_(balance), venue_(venue) {}

  void set_handler(venue::ExecutionHandler* handler) override { handler_ = handler; }
  void submit(const venue::OrderRequest& request) override;
  void cancel(InstrumentId instrument, const std::string& client_order_id) override;
  void query_order(InstrumentId instrument, const std::string& client_order_id) override;
  void request_account() override;
  /// Nothing is ever open in validate mode: nothing to cancel.
  void cancel_all(InstrumentId) override {}
  [[nodiscard]] std::uint64_t withheld() const noexcept { return withheld_; }

 private:
  void answer(const std::string& client_order_id, InstrumentId instrument);
  Scheduler& scheduler_;
  Money balance_;
  VenueId venue_ = 0;
  venue::ExecutionHandler* handler_ = nullptr;
  std::uint64_t withheld_ = 0;
};

}  // namespace symphony::engine
