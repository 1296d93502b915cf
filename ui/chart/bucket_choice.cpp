#include "chart/bucket_choice.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::ui {

int default_bucket_multiplier(Price tick, Price reference_price) {
    if (tick.units <= 0) return 1;
    // bucket ≥ price × 4e-5, in integers: bucket × 25000 ≥ price.
    for (int m : kBucketMultipliers)
        if (static_cast<int128>(tick.units) * m * 25'000 >= reference_price.units) return m;
    return kBucketMultipliers.back();
}

const std::vector<std::int64_t>& auto_display_multipliers() {
    // 1, 2, 5, then 10, 25, 50 × 10^n: the buckets traders use, each 2 or 2.5 times the one before.
    // 5e8 ticks is far past any range a chart shows (BTC at the tick: 5e6 USD a row).
    static const std::vector<std::int64_t> multipliers = [] {
        std::vector<std::int64_t> m{1, 2, 5};
        for (std::int64_t decade = 10; decade <= 100'000'000; decade *= 10)
            for (std::int64_t step : {2, 5, 10}) m.push_back(decade * step / 2);
        return m;
    }();
    return multipliers;
}

bool is_auto_base(std::int64_t m) {
    const auto& all = auto_display_multipliers();
    if (std::ranges::find(all, m) == all.end()) return false;
    return std::ranges::all_of(all, [m](std::int64_t d) { return d < m || d % m == 0; });
}

int auto_base_multiplier(Price tick, Price reference_price, const BarSpec& spec) {
    if (tick.units <= 0 || reference_price.units <= 0) return 1;
    // The fixed default's threshold (price × 4e-5), times √(minutes) for bars longer than a minute.
    double target = to_double(reference_price) * 4e-5;
    if (spec.kind == BarKind::Time && spec.duration_us > 60'000'000)
        target *= std::sqrt(static_cast<double>(spec.duration_us) / 60'000'000.0);
    const double tick_price = to_double(tick);
    int base = 1;
    // Bases stop at 500: the coarsest fixed bucket offered is tick × 1000, and a base past it would
    // make Auto coarser than any fixed choice at its finest.
    for (std::int64_t m : auto_display_multipliers()) {
        if (m > 500 || tick_price * static_cast<double>(m) > target) break;
        if (is_auto_base(m)) base = static_cast<int>(m);
    }
    return base;
}

std::int64_t auto_display_multiplier(std::int64_t base, double pixels_per_tick, std::int64_t current) {
    const auto& all = auto_display_multipliers();
    auto rows = [pixels_per_tick](std::int64_t m) { return pixels_per_tick * static_cast<double>(m); };
    auto usable = [base](std::int64_t m) { return m >= base && m % base == 0; };
    std::int64_t readable = 0;  // the finest whose rows reach kReadableRowPixels
    std::int64_t coarsest = base;
    for (std::int64_t m : all) {
        if (!usable(m)) continue;
        coarsest = m;
        if (readable == 0 && rows(m) >= kReadableRowPixels) readable = m;
    }
    if (readable == 0) readable = coarsest;
    if (!std::isfinite(pixels_per_tick) || pixels_per_tick <= 0) return current > 0 && usable(current) ? current : readable;
    if (current > 0 && usable(current) && rows(current) >= kMinRowPixels) {
        bool finer_is_roomy = false;
        for (std::int64_t m : all)
            if (m < current && usable(m) && rows(m) >= kFinerRowPixels) finer_is_roomy = true;
        if (!finer_is_roomy) return current;
    }
    return readable;
}

}  // namespace flowscope::ui
