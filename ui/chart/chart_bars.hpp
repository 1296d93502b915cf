#pragma once
// The UI's own copy of the bars it shows. Filled from a ChartStore on the frame timer; only bars
// whose revision changed are copied, so painting never touches the worker's live data.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/bar_spec.hpp"
#include "model/decimal.hpp"

namespace flowscope::ui {

// The bars whose slot (index ± 0.5) shows in a key range, clamped to the bars there are; first >
// last when none does. A slot that only touches an edge (the view starts on a boundary between
// two bars) does not show.
struct BarRange {
    int first = 0, last = -1;
};
inline BarRange visible_bars(double lower, double upper, std::size_t count) {
    constexpr double kTouch = 1e-6;  // in bars
    if (count == 0 || upper < lower) return {};
    const double first = std::max(0.0, std::floor(lower - 0.5 + kTouch) + 1);
    const double last = std::min(static_cast<double>(count) - 1, std::ceil(upper + 0.5 - kTouch) - 1);
    if (first > last) return {};
    return {static_cast<int>(first), static_cast<int>(last)};
}

struct ChartBars {
    BarSpec spec;
    std::int64_t bucket_units = kDecimalScale;  // price bucket in 1e-8 units
    Price tick{1'000'000};                      // instrument tick
    std::string symbol;
    std::vector<Bar> bars;
    // A group of markets (source/group_source.hpp): each member's name ("binance-futures
    // BTCUSDT"), and beside every bar one Bar per member holding that member's trades of it (a
    // member that did not trade in it: no trades, its CVD so far). Empty for one market.
    std::vector<std::string> members;
    std::vector<std::vector<Bar>> member_bars;  // member_bars[i][m]: member m's part of bars[i]
    std::uint64_t generation = 0;       // changes when the source, timeframe or bucket changes
    std::uint64_t series_revision = 0;  // BarSeries::revision() at the last copy

    double bucket_price() const { return to_double(bucket_units); }
    // Price of a bucket's lower edge.
    double price_of_bucket(std::int64_t bucket) const { return static_cast<double>(bucket) * bucket_price(); }
};

}  // namespace flowscope::ui
