#pragma once
// The alerts a trader sets: one rule each, of four kinds, written the same way on the command line
// and in the app's settings ("large=10", "level=9700,25", "stacked=3,3", "divergence=5").
// What makes each one fire is said in alert_engine.hpp.
#include <string>
#include <string_view>
#include <variant>

#include "aggregate/footprint_analysis.hpp"
#include "model/decimal.hpp"
#include "model/result.hpp"

namespace flowscope {

// A print of at least `size`: one trade, or a sweep (same-instant, same-side trades) combined.
struct LargeTradeAlert {
    Quantity size;
    friend bool operator==(const LargeTradeAlert&, const LargeTradeAlert&) = default;
};

// Price reaching `level` from the other side. rearm 0: once; otherwise armed again once price has
// moved `rearm` away from the level (either way).
struct PriceLevelAlert {
    Price level;
    Price rearm;
    friend bool operator==(const PriceLevelAlert&, const PriceLevelAlert&) = default;
};

// A new stacked imbalance in the current bar, by footprint_analysis.hpp's rule and settings.
struct StackedImbalanceAlert {
    ImbalanceSettings settings;
    friend bool operator==(const StackedImbalanceAlert& a, const StackedImbalanceAlert& b) {
        return a.settings.ratio == b.settings.ratio && a.settings.min_volume == b.settings.min_volume &&
               a.settings.zero_counts == b.settings.zero_counts && a.settings.stack == b.settings.stack;
    }
};

// Price at a new high (low) of the last `bars` bars while CVD is not.
struct CvdDivergenceAlert {
    int bars = 5;
    friend bool operator==(const CvdDivergenceAlert&, const CvdDivergenceAlert&) = default;
};

using AlertRule = std::variant<LargeTradeAlert, PriceLevelAlert, StackedImbalanceAlert, CvdDivergenceAlert>;

// Longest divergence lookback: the engine keeps this many closed bars' extremes.
inline constexpr int kMaxDivergenceBars = 500;
inline constexpr int kDefaultDivergenceBars = 5;

// Refuses a rule that cannot mean anything (a size or level ≤ 0, a negative margin, a ratio ≤ 0, a
// stack < 1, a lookback outside 1 … kMaxDivergenceBars), saying which and what is expected.
Result<void> check_alert_rule(const AlertRule& rule);

// The rule a person wrote:
//   large=SIZE                                  a print of at least SIZE
//   level=PRICE[,REARM]                         price crossing PRICE (once, or re-armed REARM away)
//   stacked[=RATIO[,STACK[,MIN_VOLUME[,zeros]]]] a new stacked imbalance (default 3,3,0: as `footprint`)
//   divergence[=N]                              price at a new N-bar high or low, CVD not (default 5)
// Decimals are exact; a message says what is wrong and gives an example.
Result<AlertRule> parse_alert_rule(std::string_view text);

// The rule written back in that syntax, parsed back to the same rule: "large=10", "level=9700",
// "level=9700,25", "stacked=3,3", "stacked=2.5,4,1.5,zeros", "divergence=5".
std::string alert_rule_text(const AlertRule& rule);

}  // namespace flowscope
