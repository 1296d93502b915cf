#pragma once
// Naked POC lines: each bar's point of control extended to the right until a later bar trades
// through it, i.e. the later bar's range (low to high, at the chart's bucket) covers the POC's
// bucket. A POC no later bar reached is "naked": traders expect price to come back to it.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"

namespace flowscope {

struct PocLine {
    int bar = 0;              // the bar whose POC it is
    std::int64_t bucket = 0;  // the POC, a bucket index at the bars' bucket
    int touched_at = -1;      // the first later bar that traded through it; −1 while naked

    bool naked() const { return touched_at < 0; }
};

// One line per bar with cells, in bar order. Each bar's range and POC are read once and open lines
// are kept ordered by price, so the cost is O(bars · log bars) whatever the lines' lengths.
std::vector<PocLine> poc_lines(std::span<const Bar> bars, std::int64_t bucket_units);
// The same with each bar's POC given (pocs[i]: bar i's, none without cells), for a chart that
// keeps them per bar revision instead of finding them again on every update.
std::vector<PocLine> poc_lines(std::span<const Bar> bars, std::span<const std::optional<std::int64_t>> pocs,
                               std::int64_t bucket_units);

}  // namespace flowscope
