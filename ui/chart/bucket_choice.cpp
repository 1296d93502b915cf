#include "chart/bucket_choice.hpp"

namespace flowscope::ui {

int default_bucket_multiplier(Price tick, Price reference_price) {
    if (tick.units <= 0) return 1;
    // bucket ≥ price × 4e-5, in integers: bucket × 25000 ≥ price.
    for (int m : kBucketMultipliers)
        if (static_cast<int128>(tick.units) * m * 25'000 >= reference_price.units) return m;
    return kBucketMultipliers.back();
}

}  // namespace flowscope::ui
