#include <symphony/engine/validate_execution.hpp>

namespace symphony::engine {

void ValidateExecution::answer(const std::string& client_order_id, InstrumentId instrument) {
  venue::OrderUpdate u;
  u.client_order_id = client_order_id;
  u.instrument = instrument;
  u.status = venue::OrderStatus::rejected;
  u.ts = scheduler_.clock().now();
  u.reason = "validate mode: not sent";
  // Answer asynchronously, as a venue would, never from inside the caller's submit.
  scheduler_.schedule_after(0, [this, u] {
    if (handler_) handler_->on_order_update(u);
  });
}

void ValidateExecution::submit(const venue::OrderRequest& request) {
  ++withheld_;
  answer(request.client_order_id, request.instrument);
}

void ValidateExecution::cancel(InstrumentId instrument, const std::string& client_order_id) {
  answer(client_order_id, instrument);
}

void ValidateExecution::query_order(InstrumentId instrument, const std::string& client_order_id) {
  answer(client_order_id, instrument);
}

void ValidateExecution::request_account() {
  venue::AccountSnapshot snap;
  snap.venue = venue_;
  snap.ts = scheduler_.clock().now();
  snap.wallet_balance = balance_;
  scheduler_.schedule_after(0, [this, snap] {
    if (handler_) handler_->on_account(snap);
  });
}

}  // namespace symphony::engine
