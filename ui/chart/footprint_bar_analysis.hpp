#pragma once
// What the footprint paint needs to know about each bar beyond its cells: the largest level
// (for shading), the point of control and value area, each level's diagonal imbalance and the
// stacked zones.
// Worked out once per bar revision and kept, so a repaint (pan, zoom, the live bar ticking)
// recomputes only the bars that changed, never all the visible ones.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <optional>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/footprint_analysis.hpp"

namespace flowscope::ui {

struct BarAnalysis {
    double max_total = 0;  // the largest bid + ask of any level
    double max_delta = 0;  // the largest |ask − bid| of any level
    std::optional<std::int64_t> poc;
    std::optional<ValueArea> value_area;
    std::vector<std::int64_t> levels;  // the buckets that traded, lowest first: what a paint walks
    // The traded levels with an imbalance, by bucket (an empty bucket never has one): sized by the
    // levels traded, not by the bar's range.
    std::vector<std::pair<std::int64_t, LevelImbalance>> imbalances;
    std::vector<StackedImbalance> zones;

    LevelImbalance imbalance_at(std::int64_t bucket) const {
        const auto it = std::ranges::lower_bound(imbalances, bucket, {}, &std::pair<std::int64_t, LevelImbalance>::first);
        return it != imbalances.end() && it->first == bucket ? it->second : LevelImbalance::None;
    }
};

BarAnalysis analyse_bar(const Bar& bar, const ImbalanceSettings& settings);

class BarAnalysisCache {
public:
    // The analysis of bar `index` of a series with this bucket size; recomputed only when the bar
    // (its revision, trades, volume or range), the bucket size or the imbalance settings changed.
    const BarAnalysis& get(std::size_t index, const Bar& bar, std::int64_t bucket_units, const ImbalanceSettings& settings);
    std::size_t computed() const { return computed_; }  // analyses worked out so far (tests)

private:
    struct Key {
        std::int64_t open_time_us = 0, lowest = 0, highest = 0;
        std::uint64_t revision = 0, trades = 0;
        int128 volume = 0;
        bool operator==(const Key&) const = default;
    };
    struct Entry {
        bool valid = false;
        Key key;
        BarAnalysis analysis;
    };
    std::vector<Entry> entries_;
    std::int64_t bucket_units_ = 0;
    ImbalanceSettings settings_;
    std::size_t computed_ = 0;
};

}  // namespace flowscope::ui
