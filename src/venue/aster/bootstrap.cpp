#include "venue/aster/errors.hpp"
#include "venue/aster/parts.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace symphony::venue::aster {

namespace {

// The start-up sequence as a chain of REST calls, each step naming what failed.
struct BootstrapRun : std::enable_shared_from_this<BootstrapRun> {
  AsterVenue::Impl& v;
  std::function<void(AsterVenue::Bootstrap)> done;
  AsterVenue::Bootstrap out;
  std::shared_ptr<bool> alive;
  std::size_t pending = 0;

  BootstrapRun(AsterVenue::Impl& venue, std::function<void(AsterVenue::Bootstrap)> d)
      : v(venue), done(std::move(d)), alive(venue.alive) {}

  void fail(const std::string& why) {
    if (!out.error.empty()) return;
    out.error = why;
    auto d = std::move(done);
    out.instruments.clear();
    d(std::move(out));
  }

  void start() {
    auto self = shared_from_this();
    v.rest->sync_time([self](const std::string& err) {
      if (!*self->alive) return;
      if (!err.empty()) return self->fail("cannot reach Aster (" + err + ")");
      const auto skew = self->v.rest->skew();
      spdlog::info("aster: clock offset {} ms (±{} ms)", skew.offset() / ns_per_ms,
                   skew.uncertainty().value_or(0) / ns_per_ms);
      self->exchange_info();
    });
  }

  void exchange_info() {
    RestCall c;
    c.path = v.rest->path("exchangeInfo");
    auto self = shared_from_this();
    v.rest->call(std::move(c), [self](RestResult&& r) {
      if (!*self->alive) return;
      if (!r.ok()) return self->fail("GET " + self->v.rest->path("exchangeInfo") + ": " + r.describe());
      std::string err;
      auto info = parse_exchange_info(r.body, err);
      if (!info) return self->fail(err);
      if (!info->rate_limits.empty()) self->v.rest->set_limits(info->rate_limits);
      for (const Instrument& ours : self->v.instruments) {
        const std::string& want = ours.symbol;
        const auto it = std::find_if(info->symbols.begin(), info->symbols.end(),
                                     [&](const SymbolInfo& s) { return s.instrument.symbol == want; });
        if (it == info->symbols.end()) return self->fail("symbol " + want + " is not listed on Aster");
        if (!it->refused.empty())
          return self->fail("symbol " + want + " cannot be traded here: exchangeInfo: " + it->refused);
        if (it->status != "TRADING")
          return self->fail("symbol " + want + " is not trading on Aster (status " + it->status + ")");
        if (!it->margin_asset.empty() && it->margin_asset != self->v.config.margin_asset)
          return self->fail("symbol " + want + " margins in " + it->margin_asset + ", not " +
                            self->v.config.margin_asset);
        Instrument in = it->instrument;
        in.id = ours.id;
        in.venue = ours.venue;
        self->out.instruments.push_back(in);
      }
      if (self->v.signer)
        self->account_setup();
      else
        self->finish();
    });
  }

  void account_setup() {
    RestCall mode;
    mode.path = v.rest->path("positionSide/dual");
    mode.signed_call = true;
    mode.weight = 30;
    auto self = shared_from_this();
    v.rest->call(std::move(mode), [self](RestResult&& r) {
      if (!*self->alive) return;
      if (!r.ok()) return self->fail("GET " + self->v.rest->path("positionSide/dual") + ": " + r.describe());
      std::string err;
      const auto dual = parse_position_mode(r.body, err);
      if (!dual) return self->fail(err);
      if (*dual)
        return self->fail(
            "the Aster account is in hedge (dual-side) position mode; symphonyd trades one-way mode only");
      self->per_symbol_settings();
    });
  }

  void per_symbol_settings() {
    auto self = shared_from_this();
    pending = 1;
    for (const InstrumentId id : v.listed) {
      const std::string& sym = v.symbols[id];
      if (v.config.leverage > 0) {
        ++pending;
        RestCall c;
        c.method = net::HttpMethod::post;
        c.path = v.rest->path("leverage");
        c.params.add("symbol", sym).add("leverage", std::to_string(v.config.leverage));
        c.signed_call = true;
        v.rest->call(std::move(c), [self, sym](RestResult&& r) {
          if (!*self->alive) return;
          std::string err;
          if (!r.ok() || !parse_leverage(r.body, err))
            return self->fail("set leverage on " + sym + ": " + (r.ok() ? err : r.describe()));
          self->step_done();
        });
      }
      if (!v.config.margin_type.empty()) {
        ++pending;
        RestCall c;
        c.method = net::HttpMethod::post;
        c.path = v.rest->path("marginType");
        c.params.add("symbol", sym).add("marginType", v.config.margin_type);
        c.signed_call = true;
        v.rest->call(std::move(c), [self, sym](RestResult&& r) {
          if (!*self->alive) return;
          if (!r.ok() && r.code != VenueErrc::no_change)  // already that margin type
            return self->fail("set margin type on " + sym + ": " + r.describe());
          self->step_done();
        });
      }
    }
    step_done();
  }

  void step_done() {
    if (--pending == 0) balance();
  }

  void balance() {
    RestCall c;
    c.path = v.rest->path("balance");
    c.signed_call = true;
    c.weight = 5;
    auto self = shared_from_this();
    v.rest->call(std::move(c), [self](RestResult&& r) {
      if (!*self->alive) return;
      if (!r.ok()) return self->fail("GET " + self->v.rest->path("balance") + ": " + r.describe());
      std::string err;
      const auto w = parse_balance(r.body, self->v.config.margin_asset, err);
      if (!w) return self->fail(err);
      self->out.wallet_balance = *w;
      self->finish();
    });
  }

  void finish() {
    if (!out.error.empty()) return;
    v.schedule_time_sync();
    if (v.signer) v.execution->start_user_stream();
    auto d = std::move(done);
    d(std::move(out));
  }
};

}  // namespace

void AsterVenue::bootstrap(std::function<void(Bootstrap)> done) {
  std::make_shared<BootstrapRun>(*impl_, std::move(done))->start();
}

}  // namespace symphony::venue::aster
