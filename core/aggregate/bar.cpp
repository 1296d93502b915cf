#include "aggregate/bar.hpp"

namespace flowscope {

Price Bar::vwap() const {
    if (volume.units == 0) return close;
    const int128 v = volume.units;
    return Price{static_cast<std::int64_t>((notional + v / 2) / v)};
}

double Bar::imbalance() const {
    const int128 total = buy_volume.units + sell_volume.units;
    if (total == 0) return 0.0;
    return static_cast<double>(buy_volume.units - sell_volume.units) / static_cast<double>(total);
}

}  // namespace flowscope
