#include "io/tick_inference.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

namespace flowscope {

namespace {
// Candidate steps ≤ cap in 1e-8 units, coarsest first: 1, 2, 2.5 and 5 × 10^k, and the GCD cut to
// a divisor of the cap (what fits every price).
std::vector<std::int64_t> candidate_ticks(std::int64_t cap, std::int64_t gcd) {
    std::vector<std::int64_t> steps{std::gcd(gcd, cap)};
    for (std::int64_t decade = 1; decade <= cap; decade *= 10) {
        steps.push_back(decade);
        steps.push_back(2 * decade);
        steps.push_back(5 * decade);
        if (decade >= 10) steps.push_back(decade / 10 * 25);
    }
    std::erase_if(steps, [cap](std::int64_t step) { return step > cap; });
    std::ranges::sort(steps, std::greater<>());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    return steps;
}
}  // namespace

TickEstimate estimate_tick(std::span<const Trade> trades) {
    std::vector<std::int64_t> prices;
    prices.reserve(trades.size());
    std::int64_t gcd = 0;
    std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
    for (const Trade& t : trades) {
        if (t.price.units <= 0) continue;
        prices.push_back(t.price.units);
        gcd = std::gcd(gcd, t.price.units);
        lowest = std::min(lowest, t.price.units);
    }
    TickEstimate estimate;
    estimate.prices = prices.size();
    if (prices.empty()) return estimate;
    std::int64_t cap = 1;
    while (cap * 10 <= lowest / 100) cap *= 10;
    // Misses allowed: the prices beyond the 99.9 % share, rounded down (with fewer than 1000
    // prices none may miss).
    const std::size_t allowed = prices.size() - (prices.size() * kTickShareThousandths + 999) / 1000;
    for (const std::int64_t step : candidate_ticks(cap, gcd)) {
        std::size_t misses = 0;
        for (const std::int64_t p : prices) {
            if (p % step != 0 && ++misses > allowed) break;
        }
        if (misses <= allowed) {
            estimate.tick = Price{step};
            estimate.off_grid = misses;
            return estimate;
        }
    }
    return estimate;  // not reached: the GCD cut to the cap fits every price
}

Price infer_tick(std::span<const Trade> trades) { return estimate_tick(trades).tick; }

}  // namespace flowscope
