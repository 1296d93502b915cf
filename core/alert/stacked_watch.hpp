#pragma once
// The stacked imbalances of the bar being built, kept up to date one trade at a time.
//
// A trade changes one cell; the diagonal imbalance of a level compares it with the levels just
// below and above, so only that bucket and its two neighbours can change (footprint_analysis.hpp).
// Those three are read again after each trade; when one of them becomes imbalanced, the run of
// same-side imbalanced levels through it is walked (its length, never the bar's levels).
//
// Once per stack per bar: a run of ≥ stack levels is new when none of its levels belonged to a
// stack seen earlier in the bar; every level of a stack seen is remembered for the rest of the
// bar, so a stack that grows, merges with another, or breaks and forms again on levels already
// seen is the same stack, while one on other levels is new.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "aggregate/footprint.hpp"
#include "aggregate/footprint_analysis.hpp"

namespace flowscope {

class StackedWatch {
public:
    explicit StackedWatch(const ImbalanceSettings& settings) : settings_(settings) {}

    const ImbalanceSettings& settings() const { return settings_; }
    void clear() { levels_.clear(); }  // a new bar
    // A bar taken part-way (a chart opened or sought into): what it holds already counts as seen.
    void start_from(const Footprint& footprint);
    // After `bucket` of `footprint` changed: appends the stacks that appeared (buy stacks first).
    void bucket_changed(const Footprint& footprint, std::int64_t bucket, std::vector<StackedImbalance>& appeared);

private:
    static constexpr std::uint8_t kSeenBuy = 4, kSeenSell = 8;  // beside LevelImbalance's bits 1 and 2
    std::uint8_t bits_at(std::int64_t bucket) const {
        const auto it = levels_.find(bucket);
        return it == levels_.end() ? 0 : it->second;
    }
    void set_bits(std::int64_t bucket, std::uint8_t bits);
    // The run through `bucket` on one side: new when none of it was seen (and ≥ stack); then seen.
    void check_run(std::int64_t bucket, Side side, std::vector<StackedImbalance>& appeared);

    ImbalanceSettings settings_;
    // Imbalance and seen bits of the levels that have either; other levels are absent.
    std::unordered_map<std::int64_t, std::uint8_t> levels_;
};

}  // namespace flowscope
