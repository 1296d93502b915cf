#include "chart/display_bars.hpp"

namespace flowscope::ui {

Bar rebucketed(const Bar& bar, std::int64_t multiple) {
    Bar out = bar;
    if (multiple <= 1 || bar.footprint.empty()) return out;
    out.footprint = Footprint{};
    bar.footprint.for_each_level([&](const FootprintCell& cell) { out.footprint.add_level(floor_div(cell.bucket, multiple), cell); });
    return out;
}

const ChartBars& DisplayBars::update(const ChartBars& base, std::int64_t multiple) {
    if (multiple <= 1) return base;
    const bool anew = multiple != multiple_ || base.generation != base_generation_ || base.bucket_units != base_bucket_units_;
    if (anew) {
        keys_.clear();
        copy_.bars.clear();
        multiple_ = multiple;
        base_generation_ = base.generation;
        base_bucket_units_ = base.bucket_units;
    } else if (base.series_revision == copy_.series_revision && base.bars.size() == copy_.bars.size()) {
        return copy_;  // a repaint or a pan: nothing to look at
    }
    copy_.spec = base.spec;
    copy_.bucket_units = base.bucket_units * multiple;
    copy_.tick = base.tick;
    copy_.symbol = base.symbol;
    copy_.generation = base.generation;
    copy_.series_revision = base.series_revision;
    const std::size_t n = base.bars.size();
    copy_.bars.resize(n);
    keys_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Bar& bar = base.bars[i];
        const Key key = key_of(bar);
        // A bar with no trades yet has a zero key: made on first sight like any other.
        if (!anew && keys_[i] == key && !(key == Key{})) continue;
        copy_.bars[i] = rebucketed(bar, multiple);
        keys_[i] = key;
        ++rebucketed_;
    }
    return copy_;
}

}  // namespace flowscope::ui
