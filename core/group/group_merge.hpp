#pragma once
// A group's feeds, each already in exchange-time order, merged into one stream in exchange-time
// order: the offline merge (trade files, recordings read whole), with no wait.
//
// Order rule: earlier exchange time first; at equal times the feed earlier in the group first,
// and within one feed its own order. A feed out of time order keeps its own order (the merge
// never looks back), so its late trades come out late, as they were.
//
// Each merged trade keeps its Trade::exchange, its size is in the group's base asset (contracts
// times their value), and out(trade, feed) also gets its feed's index in the group: two feeds of
// one exchange (BTCUSDT and BTCUSDC on Binance) stay apart without a field added to every Trade.
//
// The merge walks runs: it finds the feed whose next trade comes first, then hands out that feed's
// trades until another feed's next trade comes before, so the per-trade cost is one comparison
// and, for contract feeds, one multiplication.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "group/market_group.hpp"
#include "model/trade.hpp"

namespace flowscope {

struct GroupMergeResult {
    std::uint64_t trades = 0;
    std::uint64_t inexact_sizes = 0;  // contract sizes rounded to 1e-8 (base_size)
};

// feeds[i] are the trades of group.feeds[i].
template <typename Out>
GroupMergeResult merge_group_feeds(const MarketGroup& group, std::span<const std::span<const Trade>> feeds, Out&& out) {
    GroupMergeResult result;
    const std::size_t n = std::min(feeds.size(), group.feeds.size());
    std::vector<std::size_t> next(n, 0);
    for (;;) {
        std::size_t best = n;
        for (std::size_t f = 0; f < n; ++f)
            if (next[f] < feeds[f].size() &&
                (best == n || feeds[f][next[f]].exchange_time_us < feeds[best][next[best]].exchange_time_us))
                best = f;
        if (best == n) return result;
        // Exclusive bound on the run's times: a feed before `best` wins ties, a feed after loses them.
        std::int64_t limit = std::numeric_limits<std::int64_t>::max();
        for (std::size_t f = 0; f < n; ++f) {
            if (f == best || next[f] >= feeds[f].size()) continue;
            const std::int64_t head = feeds[f][next[f]].exchange_time_us;
            limit = std::min(limit, f < best ? head : head + 1);
        }
        const std::span<const Trade> run = feeds[best];
        const ContractValue& size = group.feeds[best].size;
        std::size_t i = next[best];
        const std::size_t start = i;
        if (size.is_one()) {
            // Within its own run a feed's order is kept even when its times step back.
            do {
                out(run[i], best);
                ++i;
            } while (i < run.size() && run[i].exchange_time_us < limit);
        } else {
            bool inexact = false;
            do {
                Trade t = run[i];
                t.quantity = base_size(t.quantity, size, inexact);
                out(static_cast<const Trade&>(t), best);
                ++i;
                if (inexact) {
                    ++result.inexact_sizes;
                    inexact = false;
                }
            } while (i < run.size() && run[i].exchange_time_us < limit);
        }
        result.trades += i - start;
        next[best] = i;
    }
}

}  // namespace flowscope
