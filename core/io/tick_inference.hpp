#pragma once
// Guessing an instrument's tick size from the prices it traded at, when the user gives none.
//
// The tick is the greatest common divisor of the prices (in 1e-8 units): every price on a tick
// grid is a multiple of the tick, so the GCD is the tick itself or a multiple of it when the
// sample never hit the finer steps (then footprint buckets are coarser, never wrong).
// Few distinct prices make the GCD meaninglessly large (one price alone is its own GCD), so the
// result is cut down to its GCD with the largest power of ten ≤ the lowest price / 100 (real ticks
// are far below 1% of the price, and divide a power of ten): a lone price 9682 gives 2, not 9682;
// 9682.19 and 9682 give 0.01.
#include <span>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

// Tick for these trades' prices; 1e-8 (one unit) when there are none.
Price infer_tick(std::span<const Trade> trades);

}  // namespace flowscope
