#pragma once
// CVD candles: the running cumulative delta through each bar as a candle. Open is the CVD before
// the bar's first trade, close the CVD after its last, high and low the extremes the running sum
// reached in between (the bar's own running-delta extremes, Bar::max_delta / min_delta, on top of
// its open). Optionally relative to the session's start, so each session's CVD starts at zero.
//
// Bars of totals only (klines) know no extremes inside the bar: their candle spans open to close.
#include <optional>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/session.hpp"

namespace flowscope {

struct CvdCandle {
    Quantity open, high, low, close;
    bool extremes_known = true;  // false for bars of totals only: high/low are just open/close
};

// reset: CVD from each session's start (the CVD before the session's first bar is subtracted);
// none: the stream's own CVD.
std::vector<CvdCandle> cvd_candles(std::span<const Bar> bars, const std::optional<SessionSpec>& reset);

// The bar-statistics rows beyond volume, delta and CVD.
struct BarDeltaStats {
    std::optional<Quantity> min_delta, max_delta;  // extremes of the running delta in the bar (none for totals)
    std::optional<Quantity> delta_change;          // delta − the previous bar's delta (none for the first bar)
};
BarDeltaStats bar_delta_stats(std::span<const Bar> bars, std::size_t index);

}  // namespace flowscope
