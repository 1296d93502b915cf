#pragma once
// What the footprint paint needs to know about each bar beyond its cells: the largest level
// (for shading), the point of control, each level's diagonal imbalance and the stacked zones.
// Worked out once per bar revision and kept, so a repaint (pan, zoom, the live bar ticking)
// recomputes only the bars that changed, never all the visible ones.
#include <cstdint>
#include <optional>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/footprint_analysis.hpp"

namespace flowscope::ui {

struct BarAnalysis {
    double max_total = 0;  // the largest bid + ask of any level
    double max_delta = 0;  // the largest |ask − bid| of any level
    std::optional<std::int64_t> poc;
    std::int64_t lowest = 0;               // bucket of imbalance[0]
    std::vector<std::uint8_t> imbalance;   // LevelImbalance bits per level, lowest … highest
    std::vector<StackedImbalance> zones;

    LevelImbalance imbalance_at(std::int64_t bucket) const {
        const std::int64_t i = bucket - lowest;
        return i >= 0 && i < static_cast<std::int64_t>(imbalance.size()) ? static_cast<LevelImbalance>(imbalance[static_cast<std::size_t>(i)])
                                                                        : LevelImbalance::None;
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
