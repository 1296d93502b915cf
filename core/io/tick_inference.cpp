#include "io/tick_inference.hpp"

#include <limits>
#include <numeric>

namespace flowscope {

Price infer_tick(std::span<const Trade> trades) {
    std::int64_t gcd = 0;
    std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
    for (const Trade& t : trades) {
        if (t.price.units <= 0) continue;
        gcd = std::gcd(gcd, t.price.units);
        lowest = std::min(lowest, t.price.units);
    }
    if (gcd == 0) return Price{1};
    std::int64_t cap = 1;
    while (cap * 10 <= lowest / 100) cap *= 10;
    return Price{std::gcd(gcd, cap)};
}

}  // namespace flowscope
