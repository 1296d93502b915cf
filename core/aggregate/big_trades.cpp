#include "aggregate/big_trades.hpp"

#include <algorithm>

namespace flowscope {

std::vector<BigTrade> big_trades(std::span<const Bar> bars, int first, int last, Quantity min_quote) {
    std::vector<BigTrade> out;
    const int lo = std::max(first, 0);
    const int hi = std::min(last, static_cast<int>(bars.size()) - 1);
    const int128 min_notional = min_quote.units * kDecimalScale;  // 1e-8 quote units → 1e-16 notional units
    for (int i = lo; i <= hi; ++i)
        for (const BigPrint& p : bars[static_cast<std::size_t>(i)].prints)
            if (p.notional >= min_notional) out.push_back({i, p});
    return out;
}

}  // namespace flowscope
