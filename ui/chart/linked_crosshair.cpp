#include "chart/linked_crosshair.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::ui {

std::optional<std::int64_t> time_at_key(const std::vector<Bar>& bars, double key) {
    if (bars.empty() || !std::isfinite(key)) return std::nullopt;
    const double index = std::round(key);
    if (index < 0 || index >= static_cast<double>(bars.size())) return std::nullopt;
    return bars[static_cast<std::size_t>(index)].open_time_us;
}

std::optional<double> key_at_time(const std::vector<Bar>& bars, const BarSpec& spec, std::int64_t time_us) {
    if (bars.empty() || time_us < bars.front().open_time_us) return std::nullopt;
    const auto after = std::upper_bound(bars.begin(), bars.end(), time_us,
                                        [](std::int64_t t, const Bar& bar) { return t < bar.open_time_us; });
    const auto index = static_cast<std::size_t>(after - bars.begin()) - 1;
    const Bar& bar = bars[index];
    if (after == bars.end()) {
        // The newest bar: the time must fall inside it, not after the market went quiet.
        const std::int64_t end = spec.kind == BarKind::Time ? bar.open_time_us + spec.duration_us
                                                            : std::max(bar.last_trade_time_us, bar.open_time_us) + 1;
        if (time_us >= end) return std::nullopt;
    }
    return static_cast<double>(index);
}

}  // namespace flowscope::ui
