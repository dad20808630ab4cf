#include <symphony/venue/execution_router.hpp>

#include <stdexcept>

namespace symphony::venue {

ExecutionRouter::ExecutionRouter(const InstrumentRegistry& registry, std::vector<ExecutionClient*> clients)
    : registry_(registry), clients_(std::move(clients)) {
  if (clients_.size() != registry_.venue_count())
    throw std::invalid_argument("execution router: " + std::to_string(clients_.size()) + " clients for " +
                                std::to_string(registry_.venue_count()) + " venues");
  for (std::size_t v = 0; v < clients_.size(); ++v)
    if (!clients_[v])
      throw std::invalid_argument("execution router: no client for venue '" +
                                  registry_.venue_name(static_cast<VenueId>(v)) + "'");
}

void ExecutionRouter::set_handler(ExecutionHandler* handler) {
  handler_ = handler;
  for (ExecutionClient* c : clients_) c->set_handler(handler);
}

ExecutionClient* ExecutionRouter::route(InstrumentId instrument) const noexcept {
  return instrument < registry_.size() ? clients_[registry_.venue_of(instrument)] : nullptr;
}

void ExecutionRouter::submit(const OrderRequest& request) {
  if (ExecutionClient* c = route(request.instrument)) return c->submit(request);
  if (!handler_) return;
  OrderUpdate u;
  u.client_order_id = request.client_order_id;
  u.instrument = request.instrument;
  u.status = OrderStatus::rejected;
  u.reason = "instrument " + std::to_string(request.instrument) + " is on no venue of this process";
  handler_->on_order_update(u);
}

void ExecutionRouter::cancel(InstrumentId instrument, const std::string& client_order_id) {
  if (ExecutionClient* c = route(instrument)) c->cancel(instrument, client_order_id);
}

void ExecutionRouter::cancel_all(InstrumentId instrument) {
  if (ExecutionClient* c = route(instrument)) c->cancel_all(instrument);
}

void ExecutionRouter::query_order(InstrumentId instrument, const std::string& client_order_id) {
  if (ExecutionClient* c = route(instrument)) c->query_order(instrument, client_order_id);
}

void ExecutionRouter::request_account() {
  for (ExecutionClient* c : clients_) c->request_account();
}

void ExecutionRouter::request_account(VenueId v) { clients_.at(v)->request_account(); }

}  // namespace symphony::venue
