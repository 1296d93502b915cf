#include "aggregate/bucket_limit.hpp"

#include <limits>

#include "aggregate/footprint.hpp"

namespace flowscope {

std::int64_t bar_levels(const Bar& bar, std::int64_t bucket_units) {
    if (bar.trades == 0) return 0;
    const std::int64_t low = Footprint::bucket_of(bar.low, bucket_units);
    const std::int64_t high = Footprint::bucket_of(bar.high, bucket_units);
    return high - low + 1;
}

BucketCheck check_bucket(std::span<const Bar> bars, std::int64_t bucket_units) {
    BucketCheck check;
    auto most_levels = [&](std::int64_t bucket, const Bar** widest) {
        std::int64_t most = 0;
        for (const Bar& bar : bars) {
            const std::int64_t levels = bar_levels(bar, bucket);
            if (levels > most) {
                most = levels;
                if (widest) *widest = &bar;
            }
        }
        return most;
    };
    check.levels = most_levels(bucket_units, &check.widest);
    check.ok = check.levels <= kMaxLevelsPerBar;
    check.workable = Price{bucket_units};
    if (check.ok) return check;
    // 1, 2, 5 × 10^k from 1e-8 up; the first within the limit for every bar.
    for (std::int64_t decade = 1; decade <= std::numeric_limits<std::int64_t>::max() / 50; decade *= 10) {
        for (const std::int64_t step : {decade, 2 * decade, 5 * decade}) {
            if (most_levels(step, nullptr) <= kMaxLevelsPerBar) {
                check.workable = Price{step};
                return check;
            }
        }
    }
    return check;
}

}  // namespace flowscope
