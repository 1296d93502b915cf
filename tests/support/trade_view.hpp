#pragma once
// The trades a local exchange serves, oldest first with ids ascending: held in a vector or made on
// demand (RealHistory::at), read through one accessor so that a month of history costs no memory.
// Every lookup is a binary search, so any page is found in O(log n) trades made.
#include <cstddef>
#include <functional>

#include "support/real_history.hpp"

namespace flowscope::testing {

struct TradeView {
    std::function<AggTrade(std::size_t)> at;
    std::size_t count = 0;

    // The first index in [0, end) for which below(at(i)) is false; below must hold for a prefix.
    template <class Below>
    std::size_t first_not(std::size_t end, Below below) const {
        std::size_t a = 0, b = end;
        while (a < b) {
            const std::size_t mid = a + (b - a) / 2;
            if (below(at(mid))) a = mid + 1;
            else b = mid;
        }
        return a;
    }
    // The trades before now_us (0: all): what has happened.
    std::size_t served_before(std::int64_t now_us) const {
        if (now_us == 0) return count;
        return first_not(count, [&](const AggTrade& t) { return t.trade.exchange_time_us < now_us; });
    }
};

}  // namespace flowscope::testing
