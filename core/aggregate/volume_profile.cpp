#include "aggregate/volume_profile.hpp"

#include <algorithm>

namespace flowscope {

namespace {
std::int64_t ratio_of(std::int64_t bars_bucket_units, std::int64_t bucket_units) {
    return bars_bucket_units > 0 && bucket_units >= bars_bucket_units && bucket_units % bars_bucket_units == 0
               ? bucket_units / bars_bucket_units
               : 1;
}
}  // namespace

VolumeProfile volume_profile(std::span<const Bar> bars, int first, int last, std::int64_t bars_bucket_units,
                             std::int64_t bucket_units, int value_area_percent) {
    VolumeProfile p;
    const std::int64_t ratio = ratio_of(bars_bucket_units, bucket_units);
    p.bucket_units = bars_bucket_units * ratio;
    p.first = std::max(first, 0);
    p.last = std::min(last, static_cast<int>(bars.size()) - 1);
    for (int i = p.first; i <= p.last; ++i) {
        const Bar& bar = bars[static_cast<std::size_t>(i)];
        if (bar.totals_only) {
            ++p.bars_without_cells;
            continue;
        }
        if (bar.cells_from_us != 0) ++p.bars_with_partial_cells;
        bar.footprint.for_each_level([&](const FootprintCell& c) {
            p.levels.add_level(floor_div(c.bucket, ratio), c);
            p.volume += c.total();
        });
    }
    p.value_area = value_area(p.levels, value_area_percent);
    return p;
}

ProfileBuilder::ProfileBuilder(std::int64_t bars_bucket_units, std::int64_t bucket_units)
    : ratio_(ratio_of(bars_bucket_units, bucket_units)) {}

void ProfileBuilder::add(const Bar& bar) {
    if (bar.totals_only) return;
    bar.footprint.for_each_level([&](const FootprintCell& c) {
        const std::int64_t bucket = floor_div(c.bucket, ratio_);
        levels_.add_level(bucket, c);
        const Quantity v = levels_.at(bucket).total();
        if (v > top_) {
            top_ = v;
            at_top_.assign(1, bucket);
        } else if (v == top_ && std::find(at_top_.begin(), at_top_.end(), bucket) == at_top_.end()) {
            at_top_.push_back(bucket);
        }
    });
}

std::optional<std::int64_t> ProfileBuilder::poc() const {
    if (at_top_.empty()) return std::nullopt;
    // point_of_control's rule: nearest the middle of the range, then the lower level.
    const std::int64_t middle2 = levels_.lowest_bucket() + levels_.highest_bucket();
    auto distance = [&](std::int64_t b) { const std::int64_t d = 2 * b - middle2; return d < 0 ? -d : d; };
    std::int64_t best = at_top_.front();
    for (std::int64_t b : at_top_)
        if (distance(b) < distance(best) || (distance(b) == distance(best) && b < best)) best = b;
    return best;
}

std::vector<std::optional<std::int64_t>> developing_poc(std::span<const Bar> bars, const SessionSpec& session,
                                                        std::int64_t bars_bucket_units, std::int64_t bucket_units) {
    std::vector<std::optional<std::int64_t>> out(bars.size());
    for (const SessionBars& s : sessions_of(bars, session)) {
        ProfileBuilder builder(bars_bucket_units, bucket_units);
        for (int i = s.first; i <= s.last; ++i) {
            builder.add(bars[static_cast<std::size_t>(i)]);
            out[static_cast<std::size_t>(i)] = builder.poc();
        }
    }
    return out;
}

}  // namespace flowscope
