#pragma once
// Alerts on a trade stream: fed every trade in order, it says which rules each trade fires.
//
// The rules (alert_rule.hpp says how each is written):
//
// - Large trade (large=SIZE). A print is one trade, or a sweep: consecutive trades with the same
//   exchange time and the same aggressor, combined (one market order filling several levels). The
//   rule fires once per print, on the trade that brings the print's running total to SIZE or more;
//   the event carries the print's trades up to that one, its total and its price range.
// - Price level (level=PRICE[,REARM]). The first trade decides which side of PRICE the market is on
//   (a trade exactly at PRICE decides nothing). The rule fires on the first trade at or through
//   PRICE from the other side: at or above it from below (Up), at or below it from above (Down).
//   REARM 0 fires once; otherwise the rule is armed again once a trade prints REARM or more away
//   from PRICE, on the side it printed (so crossing up, running on to PRICE + REARM, then falling
//   back to PRICE fires Down).
// - Stacked imbalance (stacked=RATIO,STACK…). In the current bar's footprint (the engine's bar
//   spec and bucket), a run of ≥ STACK consecutive levels imbalanced on the same side
//   (footprint_analysis.hpp) that shares no level with a stack seen earlier in the bar: once per
//   stack per bar, checked incrementally (stacked_watch.hpp). Fires on the trade that completes it.
// - CVD divergence (divergence=N). CVD is the running delta after each trade (the chart's CVD).
//   Take the N bars before the current one plus the current bar up to the trade before: H is the
//   highest price and C the highest CVD reached in them. A trade above H while the CVD after it
//   is ≤ C is a new N-bar high that CVD does not confirm (bearish, Up); mirrored, a trade below
//   the lowest price while CVD is ≥ the lowest CVD is bullish (Down). Each direction fires at most
//   once per bar, on the first trade that meets it, and only once N bars have closed.
//
// Bars follow the chart's rules (bar_series.hpp): UTC-aligned time bars, or N-trade and volume
// bars closing as BarSeries closes them. A trade whose time falls before the current time bar (a
// late trade) counts for large trades, levels and the CVD, but joins no bar the engine watches.
// Prints that are not aggression (insurance fund, ADL, block trades) are left out, as they are
// out of the chart, unless include_non_aggressive.
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/bar_spec.hpp"
#include "alert/alert_event.hpp"
#include "alert/alert_rule.hpp"
#include "alert/stacked_watch.hpp"
#include "model/result.hpp"

namespace flowscope {

class AlertEngine {
public:
    // Stacked imbalances and divergences are read off bars of `spec` with levels of bucket_units.
    static Result<AlertEngine> create(std::vector<AlertRule> rules, BarSpec spec, std::int64_t bucket_units,
                                      bool include_non_aggressive = false);

    // Other rules, the bars and the CVD kept (rules that watch the current bar read it again).
    Result<void> set_rules(std::vector<AlertRule> rules);
    const std::vector<AlertRule>& rules() const { return rules_; }
    const BarSpec& spec() const { return spec_; }
    std::int64_t bucket_units() const { return bucket_units_; }

    // One trade, in feed order; appends the alerts it fires (in the order of the rules).
    void add(const Trade& trade, std::vector<AlertEvent>& fired);
    void add(std::span<const Trade> trades, std::vector<AlertEvent>& fired) {
        for (const Trade& t : trades) add(t, fired);
    }

    // Goes on from a chart made elsewhere (bars of the engine's spec and bucket, the last one open,
    // CVD as their own): what they hold counts as seen, and levels and prints start afresh.
    void start_from(std::span<const Bar> bars);
    // Nothing seen: no bars, CVD 0, levels and prints start afresh.
    void reset();

private:
    // The extremes a divergence compares with, of one bar.
    struct Extremes {
        Price high, low;
        Quantity cvd_high, cvd_low;
    };
    struct CurrentBar {
        bool open = false;
        std::int64_t open_time_us = 0;
        std::uint64_t trades = 0;
        Quantity volume;
        Extremes extremes;
        Footprint footprint;
    };
    // The print (sweep) the last trades belong to.
    struct Print {
        bool open = false;
        std::int64_t time_us = 0;
        Side side = Side::Buy;
        Quantity total;
        Price low, high;
        std::vector<TradeId> ids;
    };
    enum class LevelState : std::uint8_t { Unknown, Below, Above, Waiting, Done };
    // Per rule, what it remembers; only the member of its kind is used.
    struct RuleState {
        bool fired_print = false;          // large: fired for the open print
        LevelState level = LevelState::Unknown;
        std::optional<StackedWatch> stacked;
        bool fired_up = false, fired_down = false;  // divergence: in the current bar
        std::optional<Extremes> window;    // divergence: of the N bars before the current one
    };

    AlertEngine(BarSpec spec, std::int64_t bucket_units, bool include_non_aggressive);
    RuleState fresh_state(const AlertRule& rule) const;
    // The bar a trade at this time joins: false for a late trade; opens a new bar when due.
    bool join_bar(const Trade& trade);
    void close_bar();
    void refresh_windows();  // divergence windows, after a bar closed
    std::optional<Extremes> window_of(int bars) const;

    void check_large(std::size_t index, const LargeTradeAlert& rule, const Trade& trade, std::vector<AlertEvent>& fired);
    void check_level(std::size_t index, const PriceLevelAlert& rule, const Trade& trade, std::vector<AlertEvent>& fired);
    void check_stacked(std::size_t index, const Trade& trade, std::int64_t bucket, std::vector<AlertEvent>& fired);

    BarSpec spec_;
    std::int64_t bucket_units_ = 1;
    bool include_non_aggressive_ = false;
    std::vector<AlertRule> rules_;
    std::vector<RuleState> states_;
    bool has_large_ = false;
    Quantity cvd_;
    CurrentBar bar_;
    std::deque<Extremes> closed_;  // the newest kMaxDivergenceBars closed bars, oldest first
    Print print_;
    std::vector<StackedImbalance> appeared_;  // scratch
};

}  // namespace flowscope
