#include "aggregate/cvd_candles.hpp"

#include <algorithm>

namespace flowscope {

std::vector<CvdCandle> cvd_candles(std::span<const Bar> bars, const std::optional<SessionSpec>& reset) {
    std::vector<CvdCandle> out;
    out.reserve(bars.size());
    std::int64_t session = 0;
    Quantity base;  // CVD before the current session's first bar
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        const Quantity before = bar.cvd - bar.delta();
        if (reset) {
            const std::int64_t start = session_start(bar.open_time_us, *reset);
            if (i == 0 || start != session) {
                session = start;
                base = before;
            }
        }
        CvdCandle c;
        c.open = before - base;
        c.close = bar.cvd - base;
        if (bar.totals_only) {
            c.high = std::max(c.open, c.close);
            c.low = std::min(c.open, c.close);
            c.extremes_known = false;
        } else {
            // The running delta starts at 0 before the first trade; max/min_delta are taken after each trade.
            c.high = c.open + std::max(Quantity{}, bar.max_delta);
            c.low = c.open + std::min(Quantity{}, bar.min_delta);
        }
        out.push_back(c);
    }
    return out;
}

BarDeltaStats bar_delta_stats(std::span<const Bar> bars, std::size_t index) {
    BarDeltaStats s;
    if (index >= bars.size()) return s;
    const Bar& bar = bars[index];
    if (!bar.totals_only) {
        s.min_delta = bar.min_delta;
        s.max_delta = bar.max_delta;
    }
    if (index > 0) s.delta_change = bar.delta() - bars[index - 1].delta();
    return s;
}

}  // namespace flowscope
