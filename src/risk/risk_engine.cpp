#include <symphony/risk/risk_engine.hpp>

#include <algorithm>

namespace symphony::risk {

RiskEngine::RiskEngine(RiskConfig config, Money starting_equity, Timestamp now)
    : config_(config), day_(utc_day(now)), day_open_equity_(starting_equity), peak_equity_(starting_equity) {}

std::vector<Breach> RiskEngine::on_equity(Timestamp now, Money equity) {
  std::vector<Breach> out;
  if (const auto day = utc_day(now); day != day_) {
    day_ = day;
    day_open_equity_ = equity;
    trades_today_ = 0;
    daily_loss_breached_ = false;
  }
  peak_equity_ = std::max(peak_equity_, equity);
  if (!daily_loss_breached_ && day_open_equity_.is_positive()) {
    const Money loss = day_open_equity_ - equity;
    if (loss >= scale(day_open_equity_, config_.daily_loss_limit)) {
      daily_loss_breached_ = true;
      out.push_back({"daily_loss_limit", "equity " + equity.to_string() + " is down " + loss.to_string() +
                                             " from the day's open " + day_open_equity_.to_string()});
    }
  }
  if (!kill_switch_ && peak_equity_.is_positive()) {
    const Money drawdown = peak_equity_ - equity;
    if (drawdown >= scale(peak_equity_, config_.max_drawdown)) {
      trip_kill_switch("drawdown " + drawdown.to_string() + " from peak " + peak_equity_.to_string());
      out.push_back({"kill_switch", kill_reason_});
    }
  }
  return out;
}

void RiskEngine::trip_kill_switch(std::string reason) {
  kill_switch_ = true;
  kill_reason_ = std::move(reason);
}

Verdict RiskEngine::check(const TradeIntent& intent, const Instrument& ins, const AccountView& account) const {
  auto refuse = [](std::string why) { return Verdict{false, {}, std::move(why)}; };
  if (kill_switch_) return refuse("kill switch: " + kill_reason_);
  if (daily_loss_breached_) return refuse("daily loss limit reached");
  if (trades_today_ + account.pending_entries >= config_.max_trades_per_day)
    return refuse("trades per day limit reached");
  if (account.has_position_on_instrument) return refuse("a position is already open on " + ins.symbol);
  if (account.open_positions >= config_.max_open_positions) return refuse("max open positions reached");
  if (!account.equity.is_positive()) return refuse("equity is not positive");
  if (!intent.entry.is_positive() || !intent.stop.is_positive()) return refuse("entry and stop must be positive");
  const bool stop_on_loss_side = intent.side == Side::buy ? intent.stop < intent.entry : intent.stop > intent.entry;
  if (!stop_on_loss_side) return refuse("stop is not on the losing side of the entry");

  const Price distance = (intent.entry - intent.stop).abs();
  const Money entry_unit = money_per_unit(intent.entry);
  if (money_per_unit(distance) < scale(entry_unit, config_.min_stop_distance, rounding::up))
    return refuse("stop is closer than the minimum distance");
  if (money_per_unit(distance) > scale(entry_unit, config_.max_stop_distance, rounding::down))
    return refuse("stop is further than the maximum distance");

  // Size so that hitting the stop loses risk_per_trade of equity, then apply the caps.
  // Each step is range-checked: a size outside the fixed-point range (a tiny stop distance
  // on a tiny price) is refused with its reason, never wrapped into a wrong-signed order.
  const Money budget = scale(account.equity, config_.risk_per_trade, rounding::down);
  const auto sized = checked_quantity_for(budget, distance, rounding::down);
  if (!sized)
    return refuse("position size is out of range: " + budget.to_string() + " at risk over a stop distance of " +
                  distance.to_string());
  Qty qty = *sized;
  std::string capped;
  bool overflow = false;
  auto cap = [&](Money room, const char* what) {
    if (!room.is_positive()) {
      qty = Qty{};
      capped = what;
      return;
    }
    const auto most = checked_quantity_for(room, intent.entry, rounding::down);
    if (!most) {
      overflow = true;
      return;
    }
    if (qty > *most) {
      qty = *most;
      capped = what;
    }
  };
  cap(config_.max_position_notional, "max position notional");
  cap(config_.max_total_exposure - account.exposure, "max total exposure");
  cap(scale(account.equity, config_.max_leverage, rounding::down) - account.exposure, "max leverage");
  if (overflow) return refuse("position size is out of range at an entry of " + intent.entry.to_string());
  // Entries go at market: no more than the venue takes in one market order.
  const Qty market_cap = ins.market_max_qty.is_positive() ? ins.market_max_qty : ins.max_qty;
  if (market_cap.is_positive() && qty > market_cap) {
    qty = market_cap;
    capped = "the venue's market order maximum";
  }
  qty = ins.round_qty(qty, rounding::down);
  if (qty < ins.min_qty || qty.is_zero())
    return refuse(capped.empty() ? "position size rounds below the minimum quantity" : "no room under " + capped);
  const auto value = checked_notional(intent.entry, qty);
  if (!value) return refuse("position notional is out of range");
  if (*value < ins.min_notional) return refuse("position notional below the venue minimum");
  // Every other limit the venue would reject the order for, checked here rather than there.
  if (const std::string why = ins.check_order(ins.round_price(intent.entry, rounding::nearest), qty, true);
      !why.empty())
    return refuse("outside the venue's limits: " + why);
  return Verdict{true, qty, capped.empty() ? std::string() : "capped by " + capped};
}

}  // namespace symphony::risk
