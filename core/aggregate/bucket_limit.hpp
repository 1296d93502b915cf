#pragma once
// How fine a footprint bucket may be: at most kMaxLevelsPerBar buckets between a bar's low and high.
//
// The work per bar follows the levels traded, so the limit is not about speed but about what a
// footprint is. The widest minute of the bundled real hour spans 1,685 levels at its 0.01 tick; a
// 10 % day of BTCUSDT at 60,000 spans 600,000 at 0.01. A bucket of 1e-8 on the same market makes
// 1e8 levels per dollar of range. A million levels sits between the widest bar anyone reads at
// tick size and the accidents (a stray print that made the inferred tick 1e-8, a bucket typed a
// few digits short), and at the app's smallest readable cell (1.5 px) it is already a bar a
// thousand screens tall.
#include <cstdint>
#include <span>

#include "aggregate/bar.hpp"
#include "model/decimal.hpp"

namespace flowscope {

inline constexpr std::int64_t kMaxLevelsPerBar = 1'000'000;

// Buckets from the bar's low to its high, both included; 0 for a bar without trades.
std::int64_t bar_levels(const Bar& bar, std::int64_t bucket_units);

struct BucketCheck {
    bool ok = true;
    std::int64_t levels = 0;       // the most levels any bar spans with this bucket
    const Bar* widest = nullptr;   // the bar that spans them
    Price workable;                // the finest 1, 2 or 5 × 10^k bucket within the limit for every bar
};

BucketCheck check_bucket(std::span<const Bar> bars, std::int64_t bucket_units);

}  // namespace flowscope
