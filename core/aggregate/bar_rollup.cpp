#include "aggregate/bar_rollup.hpp"

#include <algorithm>

namespace flowscope {

bool can_roll_up(const BarSeries& from, BarSpec to, std::int64_t to_bucket_units) {
    const BarSpec& spec = from.spec();
    return spec.kind == BarKind::Time && to.kind == BarKind::Time && spec.duration_us > 0 &&
           to.duration_us >= spec.duration_us && to.duration_us % spec.duration_us == 0 && from.bucket_units() > 0 &&
           to_bucket_units >= from.bucket_units() && to_bucket_units % from.bucket_units() == 0 && from.late_trades() == 0;
}

std::optional<BarSeries> roll_up(const BarSeries& from, BarSpec to, std::int64_t to_bucket_units) {
    if (!can_roll_up(from, to, to_bucket_units)) return std::nullopt;
    const std::int64_t bucket_ratio = to_bucket_units / from.bucket_units();
    std::vector<Bar> bars;
    // No more bars than parts, nor than the longer bars the parts' span holds.
    if (const auto parts = from.bars(); !parts.empty()) {
        const std::int64_t span = floor_div(parts.back().open_time_us, to.duration_us) - floor_div(parts.front().open_time_us, to.duration_us) + 1;
        bars.reserve(std::min<std::size_t>(parts.size(), static_cast<std::size_t>(span)));
    }
    Quantity delta_before;  // delta of the merged bar's parts so far
    for (const Bar& part : from.bars()) {
        const std::int64_t open = floor_div(part.open_time_us, to.duration_us) * to.duration_us;
        if (bars.empty() || bars.back().open_time_us != open) {
            Bar& bar = bars.emplace_back();
            bar.open_time_us = open;
            bar.first_trade_time_us = part.first_trade_time_us;
            bar.open = part.open;
            bar.high = part.high;
            bar.low = part.low;
            bar.max_delta = part.max_delta;
            bar.min_delta = part.min_delta;
            delta_before = Quantity{};
        } else {
            Bar& bar = bars.back();
            bar.high = std::max(bar.high, part.high);
            bar.low = std::min(bar.low, part.low);
            bar.max_delta = std::max(bar.max_delta, delta_before + part.max_delta);
            bar.min_delta = std::min(bar.min_delta, delta_before + part.min_delta);
        }
        Bar& bar = bars.back();
        bar.last_trade_time_us = part.last_trade_time_us;
        bar.close = part.close;
        bar.volume += part.volume;
        bar.buy_volume += part.buy_volume;
        bar.sell_volume += part.sell_volume;
        bar.notional += part.notional;
        bar.trades += part.trades;
        bar.cvd = part.cvd;
        part.footprint.for_each_level(
            [&](const FootprintCell& level) { bar.footprint.add_level(floor_div(level.bucket, bucket_ratio), level); });
        bar.prints.append(part.prints);  // prices, not buckets: kept as they are
        delta_before += part.delta();
    }
    return BarSeries::from_time_bars(to, to_bucket_units, std::move(bars));
}

}  // namespace flowscope
