#include "aggregate/naked_poc.hpp"

#include <map>

#include "aggregate/footprint_analysis.hpp"

namespace flowscope {

std::vector<PocLine> poc_lines(std::span<const Bar> bars, std::int64_t bucket_units) {
    std::vector<std::optional<std::int64_t>> pocs;
    pocs.reserve(bars.size());
    for (const Bar& bar : bars) pocs.push_back(point_of_control(bar.footprint));
    return poc_lines(bars, pocs, bucket_units);
}

std::vector<PocLine> poc_lines(std::span<const Bar> bars, std::span<const std::optional<std::int64_t>> pocs,
                               std::int64_t bucket_units) {
    std::vector<PocLine> lines;
    std::multimap<std::int64_t, std::size_t> open;  // bucket → line, for lines not yet touched
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        if (bar.trades > 0 || !bar.footprint.empty()) {
            // This bar's range closes every open line inside it.
            const std::int64_t low = Footprint::bucket_of(bar.low, bucket_units);
            const std::int64_t high = Footprint::bucket_of(bar.high, bucket_units);
            auto it = open.lower_bound(low);
            while (it != open.end() && it->first <= high) {
                lines[it->second].touched_at = static_cast<int>(i);
                it = open.erase(it);
            }
        }
        if (const auto& poc = pocs[i]) {
            lines.push_back({static_cast<int>(i), *poc, -1});
            open.emplace(*poc, lines.size() - 1);
        }
    }
    return lines;
}

}  // namespace flowscope
