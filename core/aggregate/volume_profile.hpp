#pragma once
// Volume profile: the footprints of a run of bars merged into one, bid and ask per price level,
// with its point of control and value area (footprint_analysis.hpp's rules, so a one-bar profile
// reads like the bar). The session's, the visible range's and a fixed range's profiles are all
// this over different bars.
//
// Bars of totals only (made from klines, Bar::totals_only) have no cells: their volume cannot be
// placed at a price, so it is left out and counted (bars_without_cells), never spread.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "aggregate/session.hpp"

namespace flowscope {

struct VolumeProfile {
    Footprint levels;                     // merged cells at bucket_units (bucket indices of that size)
    std::int64_t bucket_units = 0;
    Quantity volume;                      // Σ of the levels
    std::optional<ValueArea> value_area;  // POC, VAH and VAL buckets; none without cells
    int first = 0, last = -1;             // the bars merged
    int bars_without_cells = 0;           // bars of totals only in [first, last]
    int bars_with_partial_cells = 0;      // bars whose cells begin inside them (Bar::cells_from_us)

    Price price_of(std::int64_t bucket) const { return Price{bucket * bucket_units}; }  // lower edge
};

// Bars [first, last] (clamped to the bars there are) merged at `bucket_units`, a whole multiple
// of the bars' own `bars_bucket_units`.
VolumeProfile volume_profile(std::span<const Bar> bars, int first, int last, std::int64_t bars_bucket_units,
                             std::int64_t bucket_units, int value_area_percent = 70);

// A profile grown one bar at a time that knows its POC after every bar without walking its levels
// again: the levels at the highest volume are kept as bars come (only the bar's own levels change),
// and the tie rule of point_of_control is applied among those few.
class ProfileBuilder {
public:
    ProfileBuilder(std::int64_t bars_bucket_units, std::int64_t bucket_units);
    void add(const Bar& bar);
    const Footprint& levels() const { return levels_; }
    std::optional<std::int64_t> poc() const;

private:
    std::int64_t ratio_;
    Footprint levels_;
    Quantity top_;                    // the highest volume at one level
    std::vector<std::int64_t> at_top_;  // the levels holding it
};

// Developing POC: for every bar, the POC of its session's profile from the session's first bar
// through this one (nothing while the session has no cells yet).
std::vector<std::optional<std::int64_t>> developing_poc(std::span<const Bar> bars, const SessionSpec& session,
                                                        std::int64_t bars_bucket_units, std::int64_t bucket_units);

}  // namespace flowscope
