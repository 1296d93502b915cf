#pragma once
// What traders read off a footprint: point of control, value area, diagonal imbalances and
// stacked imbalances. Computed on demand from a bar's cells (never on the per-trade path), walking
// the levels that traded: the cost follows them, never the bar's range ÷ bucket.
#include <cstdint>
#include <optional>
#include <vector>

#include "aggregate/footprint.hpp"
#include "model/decimal.hpp"

namespace flowscope {

struct ImbalanceSettings {
    // A plain multiplier: ask(P) > ratio × bid(P − 1 bucket). Exact decimal, shown as "3.0×".
    Quantity ratio{3 * kDecimalScale};
    Quantity min_volume;        // the imbalanced side must also exceed this
    bool zero_counts = false;   // a comparison against 0 volume counts as an imbalance
    int stack = 3;              // consecutive same-side levels that make a stacked imbalance
};

enum class LevelImbalance : std::uint8_t { None = 0, Buy = 1, Sell = 2, Both = 3 };

struct ValueArea {
    std::int64_t poc = 0;   // bucket index with the most volume
    std::int64_t high = 0;  // bucket index of the value area high
    std::int64_t low = 0;   // bucket index of the value area low
};

struct StackedImbalance {
    Side side = Side::Buy;     // Buy: stacked buy imbalances (ask side), Sell: stacked sell
    std::int64_t low = 0;      // bucket index of the lowest level in the stack
    std::int64_t high = 0;     // bucket index of the highest level in the stack
};

// Point of control: the traded level with the most volume. Ties go to the level nearest the
// middle of the bar's range, then to the lower one, so the answer never depends on scan order.
std::optional<std::int64_t> point_of_control(const Footprint& fp);

// Value area: 70% of the bar's volume, grown from the POC one bucket at a time towards the side
// whose next bucket has more volume (an empty bucket holds 0); when both next buckets hold equal
// volume both are taken. Runs of empty buckets are crossed in one step, so the work follows the
// traded levels.
std::optional<ValueArea> value_area(const Footprint& fp, int percent = 70);

// Diagonal imbalance at one bucket: buy when ask(P) > ratio × bid(P − 1), sell when
// bid(P) > ratio × ask(P + 1). Comparisons against an empty other side are skipped unless
// settings.zero_counts.
LevelImbalance level_imbalance(const Footprint& fp, std::int64_t bucket, const ImbalanceSettings& settings);

// Runs of ≥ settings.stack consecutive buckets with an imbalance of the same side, low to high,
// buy runs and sell runs each reported (a level with both sides counts for both).
std::vector<StackedImbalance> stacked_imbalances(const Footprint& fp, const ImbalanceSettings& settings);

}  // namespace flowscope
