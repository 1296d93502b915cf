#pragma once
// Guessing an instrument's tick size from the prices it traded at, when the user gives none.
//
// The tick is the largest step that almost every price sits on (kTickShare, 99.9 %), tried from
// coarse to fine among 1, 2, 2.5 and 5 × a power of ten (the steps exchanges use) and the GCD of
// the prices. "Almost every" and not "every": one stray print (9682.00000001 among prices in
// cents) would make a GCD of 1e-8 and a bar of billions of levels; a price off the grid still
// lands in the bucket below it, so it is counted, never lost. A grid the sample never used
// finely makes the buckets coarser, never wrong.
// Few distinct prices make any step meaninglessly large (one price alone fits its own value), so
// the step is at most the largest power of ten ≤ the lowest price / 100 (real ticks are far below
// 1 % of the price): a lone price 9682 gives 2, not 9682; 9682.19 and 9682 give 0.01.
#include <cstddef>
#include <span>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

// The share of prices a tick must fit, in thousandths: 999 of every 1000.
inline constexpr std::size_t kTickShareThousandths = 999;

struct TickEstimate {
    Price tick{1};              // 1e-8 (one unit) when there are no prices
    std::size_t prices = 0;     // positive prices looked at
    std::size_t off_grid = 0;   // of those, how many are not a multiple of the tick
};

TickEstimate estimate_tick(std::span<const Trade> trades);

// estimate_tick(trades).tick
Price infer_tick(std::span<const Trade> trades);

}  // namespace flowscope
