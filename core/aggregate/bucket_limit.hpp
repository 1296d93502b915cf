#pragma once
// How fine a footprint bucket may be: at most kMaxLevelsPerBar buckets between a bar's low and high.
//
// The work per bar follows the levels traded, so a fine bucket no longer hangs anything; the limit
// is about what a footprint is. A real day bar of BTCUSDT spot at its 0.01 tick spans about
// 600,000 levels (a 10 % day at 60,000), a real minute bar of the bundled hour at most a few
// thousand; a bucket of 1e-8 on the same market makes 1e8 levels per dollar of range. A million
// levels sits between the widest bar anyone reads at tick size and the accidents (a stray tick of
// 1e-8, a bucket typed one digit short), and at the app's smallest readable cell (1.5 px) it is
// already a bar a thousand screens tall.
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
