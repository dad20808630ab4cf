#include <symphony/llm/llm_service.hpp>

#include <symphony/net/reactor.hpp>

#include <fmt/format.h>

namespace symphony::llm {

struct LlmService::thread_state {
  net::Reactor reactor;
  std::thread thread;
  explicit thread_state(const Clock& clock) : reactor(clock) {}
};

LlmService::LlmService(const Clock& clock, LlmConfig config, std::map<Provider, std::string> keys, std::uint64_t seed)
    : config_(std::move(config)), meter_(std::make_unique<CostMeter>(config_.prices, config_.budget)) {
  if (config_.cache != CacheMode::off) cache_ = std::make_unique<AnswerCache>(config_.cache_path, config_.cache);
  // Replay mode also runs the clients, but only their cache path: on the hot thread, at once.
  thread_ = std::make_unique<thread_state>(clock);
  for (const ProviderConfig& p : config_.providers) {
    const std::string key = config_.cache == CacheMode::replay ? std::string() : keys[p.provider];
    keyed_[p.provider] = !key.empty();
    auto c = std::make_unique<LlmClient>(thread_->reactor, p, key, *meter_, cache_.get(),
                                         seed ^ (static_cast<std::uint64_t>(p.provider) + 1) * 0x9e3779b97f4a7c15ULL);
    c->set_notice_listener([this](const LlmNotice& n) {
      const std::lock_guard lock(mutex_);
      notices_.push_back(n);
    });
    clients_.push_back(std::move(c));
  }
  if (config_.cache != CacheMode::replay) thread_->thread = std::thread([this] { thread_->reactor.run(); });
}

LlmService::~LlmService() {
  if (thread_->thread.joinable()) {
    thread_->reactor.stop();
    thread_->thread.join();
  }
  clients_.clear();  // before the reactor they run on
}

LlmClient* LlmService::client(Provider p) const {
  for (const auto& c : clients_)
    if (c->config().provider == p) return c.get();
  return nullptr;
}

bool LlmService::available(Provider p) const {
  if (!client(p)) return false;
  if (config_.cache == CacheMode::replay) return true;
  const auto it = keyed_.find(p);
  return it != keyed_.end() && it->second;
}

void LlmService::finish(LlmCallRecord record, Done done) {
  const std::lock_guard lock(mutex_);
  finished_.push_back({std::move(record), std::move(done)});
}

void LlmService::submit(Provider p, LlmRequest request, Done done) {
  LlmCallRecord rec{request.agent, request.tier, {}};
  LlmClient* c = client(p);
  if (!c) {
    rec.result.provider = p;
    rec.result.outcome = Outcome::disabled;
    rec.result.reason = fmt::format("no {} provider configured", to_string(p));
    return finish(std::move(rec), std::move(done));
  }
  auto deliver = [this, rec, done](LlmResult&& r) mutable {
    rec.result = std::move(r);
    finish(std::move(rec), std::move(done));
  };
  if (config_.cache == CacheMode::replay) {
    c->complete(std::move(request), std::move(deliver));  // answered from the cache, now
    return;
  }
  thread_->reactor.post([c, request = std::move(request), deliver = std::move(deliver)]() mutable {
    c->complete(std::move(request), std::move(deliver));
  });
}

LlmService::Drained LlmService::drain() {
  std::vector<finished> done;
  Drained out;
  {
    const std::lock_guard lock(mutex_);
    done.swap(finished_);
    out.notices.swap(notices_);
  }
  out.calls.reserve(done.size());
  for (auto& f : done) {
    if (f.done) f.done(f.record.result);
    out.calls.push_back(std::move(f.record));
  }
  return out;
}

}  // namespace symphony::llm
