#pragma once
// The big trades a chart shows as bubbles: the bars' big prints (aggregate/big_prints.hpp) worth
// at least the trader's threshold. The bars keep prints down to the stream's floor only, so a
// threshold under the floor shows what the floor does.
#include <span>
#include <vector>

#include "aggregate/bar.hpp"

namespace flowscope {

struct BigTrade {
    int bar = 0;
    BigPrint print;
};

// Prints of bars [first, last] (clamped) worth at least `min_quote` (quote currency, 1e-8 units),
// in bar order and, within a bar, arrival order.
std::vector<BigTrade> big_trades(std::span<const Bar> bars, int first, int last, Quantity min_quote);

}  // namespace flowscope
