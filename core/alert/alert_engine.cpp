#include "alert/alert_engine.hpp"

#include <algorithm>
#include <utility>

namespace flowscope {

namespace {

AlertEvent event_for(AlertKind kind, std::size_t rule, const Trade& trade) {
    AlertEvent e;
    e.kind = kind;
    e.rule = rule;
    e.exchange_time_us = trade.exchange_time_us;
    e.price = trade.price;
    e.size = trade.quantity;
    e.side = trade.aggressor;
    e.low = e.high = trade.price;
    e.trade_ids.push_back(trade.id);
    return e;
}

std::string side_text(Side side) { return std::string(side_name(side)); }

}  // namespace

AlertEngine::AlertEngine(BarSpec spec, std::int64_t bucket_units, bool include_non_aggressive)
    : spec_(spec), bucket_units_(bucket_units), include_non_aggressive_(include_non_aggressive) {}

Result<AlertEngine> AlertEngine::create(std::vector<AlertRule> rules, BarSpec spec, std::int64_t bucket_units,
                                        bool include_non_aggressive) {
    if (bucket_units <= 0) return Failure{"the footprint bucket of alerts must be above 0 (got " + format_units(bucket_units) + ")"};
    const bool spec_ok = spec.kind == BarKind::Time    ? spec.duration_us > 0
                         : spec.kind == BarKind::Tick ? spec.trades_per_bar > 0
                                                      : spec.volume_per_bar.units > 0;
    if (!spec_ok) return Failure{"the bars of alerts must have a positive length (got " + spec.name() + ")"};
    AlertEngine engine(spec, bucket_units, include_non_aggressive);
    if (Result<void> set = engine.set_rules(std::move(rules)); !set) return Failure{set.error()};
    return engine;
}

AlertEngine::RuleState AlertEngine::fresh_state(const AlertRule& rule) const {
    RuleState state;
    if (const auto* stacked = std::get_if<StackedImbalanceAlert>(&rule)) {
        state.stacked.emplace(stacked->settings);
        if (bar_.open) state.stacked->start_from(bar_.footprint);
    } else if (const auto* divergence = std::get_if<CvdDivergenceAlert>(&rule)) {
        state.window = window_of(divergence->bars);
    }
    return state;
}

Result<void> AlertEngine::set_rules(std::vector<AlertRule> rules) {
    for (const AlertRule& rule : rules)
        if (Result<void> checked = check_alert_rule(rule); !checked) return Failure{"alert " + alert_rule_text(rule) + ": " + checked.error()};
    // A rule kept from the old list keeps what it remembers (a level's side, a stack seen).
    std::vector<RuleState> states;
    std::vector<bool> reused(rules_.size(), false);
    for (const AlertRule& rule : rules) {
        std::size_t old = 0;
        while (old < rules_.size() && (reused[old] || !(rules_[old] == rule))) ++old;
        if (old < rules_.size()) {
            reused[old] = true;
            states.push_back(std::move(states_[old]));
        } else {
            states.push_back(fresh_state(rule));
        }
    }
    rules_ = std::move(rules);
    states_ = std::move(states);
    has_large_ = std::any_of(rules_.begin(), rules_.end(), [](const AlertRule& r) { return std::holds_alternative<LargeTradeAlert>(r); });
    return {};
}

void AlertEngine::reset() {
    cvd_ = Quantity{};
    bar_ = CurrentBar{};
    closed_.clear();
    print_ = Print{};
    for (std::size_t i = 0; i < rules_.size(); ++i) states_[i] = fresh_state(rules_[i]);
}

void AlertEngine::start_from(std::span<const Bar> bars) {
    reset();
    if (bars.empty()) return;
    const auto extremes_of = [](const Bar& bar) {
        const Quantity before = bar.cvd - bar.delta();
        // Klines' totals carry no running delta inside the bar: its ends are all there is.
        if (bar.totals_only) return Extremes{bar.high, bar.low, std::max(before, bar.cvd), std::min(before, bar.cvd)};
        return Extremes{bar.high, bar.low, before + bar.max_delta, before + bar.min_delta};
    };
    const std::size_t first = bars.size() - 1 > static_cast<std::size_t>(kMaxDivergenceBars)
                                  ? bars.size() - 1 - static_cast<std::size_t>(kMaxDivergenceBars)
                                  : 0;
    for (std::size_t i = first; i + 1 < bars.size(); ++i)
        if (bars[i].trades > 0) closed_.push_back(extremes_of(bars[i]));
    const Bar& last = bars.back();
    bar_.open = true;
    bar_.open_time_us = last.open_time_us;
    bar_.trades = last.trades;
    bar_.volume = last.volume;
    bar_.extremes = extremes_of(last);
    bar_.footprint = last.footprint;
    cvd_ = last.cvd;
    for (std::size_t i = 0; i < rules_.size(); ++i) states_[i] = fresh_state(rules_[i]);
}

std::optional<AlertEngine::Extremes> AlertEngine::window_of(int bars) const {
    if (closed_.size() < static_cast<std::size_t>(bars)) return std::nullopt;
    Extremes w = closed_.back();
    for (auto it = closed_.end() - bars; it != closed_.end(); ++it) {
        w.high = std::max(w.high, it->high);
        w.low = std::min(w.low, it->low);
        w.cvd_high = std::max(w.cvd_high, it->cvd_high);
        w.cvd_low = std::min(w.cvd_low, it->cvd_low);
    }
    return w;
}

void AlertEngine::refresh_windows() {
    for (std::size_t i = 0; i < rules_.size(); ++i)
        if (const auto* divergence = std::get_if<CvdDivergenceAlert>(&rules_[i])) states_[i].window = window_of(divergence->bars);
}

void AlertEngine::close_bar() {
    if (bar_.open && bar_.trades > 0) {
        closed_.push_back(bar_.extremes);
        if (closed_.size() > static_cast<std::size_t>(kMaxDivergenceBars)) closed_.pop_front();
    }
    bar_.open = true;
    bar_.trades = 0;
    bar_.volume = Quantity{};
    bar_.footprint = Footprint{};
    for (RuleState& state : states_) {
        if (state.stacked) state.stacked->clear();
        state.fired_up = state.fired_down = false;
    }
    refresh_windows();
}

bool AlertEngine::join_bar(const Trade& trade) {
    const std::int64_t t = trade.exchange_time_us;
    switch (spec_.kind) {
        case BarKind::Tick:
            if (!bar_.open || bar_.trades >= static_cast<std::uint64_t>(spec_.trades_per_bar)) {
                close_bar();
                bar_.open_time_us = t;
            }
            return true;
        case BarKind::Volume:
            if (!bar_.open || bar_.volume >= spec_.volume_per_bar) {
                close_bar();
                bar_.open_time_us = t;
            }
            return true;
        case BarKind::Time: break;
    }
    const std::int64_t open = floor_div(t, spec_.duration_us) * spec_.duration_us;
    if (bar_.open && open == bar_.open_time_us) return true;
    if (bar_.open && open < bar_.open_time_us) return false;  // late: its bar is closed
    close_bar();
    bar_.open_time_us = open;
    return true;
}

void AlertEngine::add(const Trade& trade, std::vector<AlertEvent>& fired) {
    if (!is_aggression(trade.print) && !include_non_aggressive_) return;
    if (has_large_) {
        if (!print_.open || print_.time_us != trade.exchange_time_us || print_.side != trade.aggressor) {
            print_.open = true;
            print_.time_us = trade.exchange_time_us;
            print_.side = trade.aggressor;
            print_.total = Quantity{};
            print_.low = print_.high = trade.price;
            print_.ids.clear();
            for (RuleState& state : states_) state.fired_print = false;
        }
        print_.total += trade.quantity;
        print_.low = std::min(print_.low, trade.price);
        print_.high = std::max(print_.high, trade.price);
        print_.ids.push_back(trade.id);
    }
    const Quantity cvd_after = cvd_ + trade.signed_quantity();
    cvd_ = cvd_after;
    const bool in_bar = join_bar(trade);
    // A divergence compares with the bar as it was before this trade.
    const bool bar_had_trades = bar_.trades > 0;
    const Extremes before = bar_.extremes;
    std::int64_t bucket = 0;
    if (in_bar) {
        const Price p = trade.price;
        if (!bar_had_trades) {
            bar_.extremes = {p, p, cvd_after, cvd_after};
        } else {
            bar_.extremes.high = std::max(bar_.extremes.high, p);
            bar_.extremes.low = std::min(bar_.extremes.low, p);
            bar_.extremes.cvd_high = std::max(bar_.extremes.cvd_high, cvd_after);
            bar_.extremes.cvd_low = std::min(bar_.extremes.cvd_low, cvd_after);
        }
        ++bar_.trades;
        bar_.volume += trade.quantity;
        bucket = Footprint::bucket_of(p, bucket_units_);
        bar_.footprint.add(bucket, trade.aggressor, trade.quantity);
    }
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const AlertRule& rule = rules_[i];
        if (const auto* large = std::get_if<LargeTradeAlert>(&rule)) {
            check_large(i, *large, trade, fired);
        } else if (const auto* level = std::get_if<PriceLevelAlert>(&rule)) {
            check_level(i, *level, trade, fired);
        } else if (std::holds_alternative<StackedImbalanceAlert>(rule)) {
            if (in_bar) check_stacked(i, trade, bucket, fired);
        } else if (in_bar) {
            const auto& divergence = std::get<CvdDivergenceAlert>(rule);
            RuleState& state = states_[i];
            if (!state.window) continue;
            Extremes w = *state.window;
            if (bar_had_trades) {
                w.high = std::max(w.high, before.high);
                w.low = std::min(w.low, before.low);
                w.cvd_high = std::max(w.cvd_high, before.cvd_high);
                w.cvd_low = std::min(w.cvd_low, before.cvd_low);
            }
            const std::string bars = std::to_string(divergence.bars) + "-bar ";
            if (!state.fired_up && trade.price > w.high && cvd_after <= w.cvd_high) {
                state.fired_up = true;
                AlertEvent e = event_for(AlertKind::CvdDivergence, i, trade);
                e.move = AlertMove::Up;
                e.low = e.high = w.high;
                e.text = "bearish CVD divergence: " + format_price(trade.price) + " above the " + bars + "high " +
                         format_price(w.high) + ", CVD " + format_quantity(cvd_after) + " not above its high " +
                         format_quantity(w.cvd_high) + "; " + describe_trade_ids(e.trade_ids);
                fired.push_back(std::move(e));
            }
            if (!state.fired_down && trade.price < w.low && cvd_after >= w.cvd_low) {
                state.fired_down = true;
                AlertEvent e = event_for(AlertKind::CvdDivergence, i, trade);
                e.move = AlertMove::Down;
                e.low = e.high = w.low;
                e.text = "bullish CVD divergence: " + format_price(trade.price) + " below the " + bars + "low " +
                         format_price(w.low) + ", CVD " + format_quantity(cvd_after) + " not below its low " +
                         format_quantity(w.cvd_low) + "; " + describe_trade_ids(e.trade_ids);
                fired.push_back(std::move(e));
            }
        }
    }
}

void AlertEngine::check_large(std::size_t index, const LargeTradeAlert& rule, const Trade& trade, std::vector<AlertEvent>& fired) {
    RuleState& state = states_[index];
    if (state.fired_print || print_.total < rule.size) return;
    state.fired_print = true;
    AlertEvent e = event_for(AlertKind::LargeTrade, index, trade);
    e.size = print_.total;
    e.low = print_.low;
    e.high = print_.high;
    e.trade_ids = print_.ids;
    e.text = "large " + side_text(trade.aggressor) + " " + format_quantity(print_.total) + " at " + format_price(print_.low);
    if (print_.high != print_.low) e.text += "\u2013" + format_price(print_.high);
    if (print_.ids.size() > 1) e.text += " (sweep of " + std::to_string(print_.ids.size()) + " trades)";
    e.text += "; " + describe_trade_ids(e.trade_ids);
    fired.push_back(std::move(e));
}

void AlertEngine::check_level(std::size_t index, const PriceLevelAlert& rule, const Trade& trade, std::vector<AlertEvent>& fired) {
    LevelState& state = states_[index].level;
    const Price p = trade.price;
    const Price level = rule.level;
    AlertMove move = AlertMove::None;
    switch (state) {
        case LevelState::Done: return;
        case LevelState::Unknown:
        case LevelState::Waiting:
            // Waiting re-arms only REARM away; Unknown takes any side but the level itself.
            if (state == LevelState::Unknown ? p < level : p.units <= level.units - rule.rearm.units) state = LevelState::Below;
            else if (state == LevelState::Unknown ? p > level : p.units >= level.units + rule.rearm.units) state = LevelState::Above;
            return;
        case LevelState::Below:
            if (p >= level) move = AlertMove::Up;
            break;
        case LevelState::Above:
            if (p <= level) move = AlertMove::Down;
            break;
    }
    if (move == AlertMove::None) return;
    state = rule.rearm.units > 0 ? LevelState::Waiting : LevelState::Done;
    AlertEvent e = event_for(AlertKind::PriceLevel, index, trade);
    e.move = move;
    e.low = e.high = level;
    e.text = "price crossed " + format_price(level) + (move == AlertMove::Up ? " upward: " : " downward: ") +
             side_text(trade.aggressor) + " " + format_quantity(trade.quantity) + " at " + format_price(p) + "; " +
             describe_trade_ids(e.trade_ids);
    fired.push_back(std::move(e));
}

void AlertEngine::check_stacked(std::size_t index, const Trade& trade, std::int64_t bucket, std::vector<AlertEvent>& fired) {
    appeared_.clear();
    states_[index].stacked->bucket_changed(bar_.footprint, bucket, appeared_);
    for (const StackedImbalance& stack : appeared_) {
        AlertEvent e = event_for(AlertKind::StackedImbalance, index, trade);
        e.side = stack.side;
        e.low = Price{stack.low * bucket_units_};
        e.high = Price{stack.high * bucket_units_};
        e.text = "stacked " + side_text(stack.side) + " imbalance " + format_price(e.low) + "\u2013" + format_price(e.high) + " (" +
                 std::to_string(stack.high - stack.low + 1) + " levels) at " + format_price(trade.price) + "; " +
                 describe_trade_ids(e.trade_ids);
        fired.push_back(std::move(e));
    }
}

}  // namespace flowscope
