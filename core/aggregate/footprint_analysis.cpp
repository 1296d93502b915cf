#include "aggregate/footprint_analysis.hpp"

#include <algorithm>

namespace flowscope {

namespace {
using Levels = std::vector<const FootprintCell*>;

std::optional<std::int64_t> point_of_control(const Footprint& fp, const Levels& levels) {
    if (levels.empty()) return std::nullopt;
    const std::int64_t lo = fp.lowest_bucket();
    const std::int64_t hi = fp.highest_bucket();
    // Twice the distance to the middle, kept in integers: |2b − (lo + hi)|.
    auto distance = [&](std::int64_t b) { const std::int64_t d = 2 * b - (lo + hi); return d < 0 ? -d : d; };
    std::int64_t best = levels.front()->bucket;
    Quantity best_volume = levels.front()->total();
    for (const FootprintCell* cell : levels) {
        const Quantity v = cell->total();
        if (v > best_volume || (v == best_volume && distance(cell->bucket) < distance(best))) {
            best = cell->bucket;
            best_volume = v;
        }
    }
    return best;
}
}  // namespace

std::optional<std::int64_t> point_of_control(const Footprint& fp) { return point_of_control(fp, fp.levels_by_price()); }

// The growth is defined level by level over every bucket, an empty one holding 0 volume; it is
// worked out here on the traded levels only. Where both next buckets are empty (or one side is
// used up and the other's next bucket is empty) the level-by-level walk takes empty steps that
// add nothing, so those steps are taken at once, as many as reach the nearer traded level; every
// other step adds a traded level. The loop therefore runs at most twice per traded level.
std::optional<ValueArea> value_area(const Footprint& fp, int percent) {
    const Levels levels = fp.levels_by_price();
    const auto poc = point_of_control(fp, levels);
    if (!poc) return std::nullopt;
    Quantity total;
    for (const FootprintCell* cell : levels) total += cell->total();
    ValueArea va{*poc, *poc, *poc};
    Quantity inside = fp.at(*poc).total();
    // Positions in `levels` of the nearest traded level above va.high and below va.low.
    const auto n = static_cast<std::ptrdiff_t>(levels.size());
    std::ptrdiff_t above = std::ranges::lower_bound(levels, *poc, {}, &FootprintCell::bucket) - levels.begin();
    std::ptrdiff_t below = above - 1;
    ++above;
    // inside / total ≥ percent / 100, in integers.
    auto enough = [&] { return inside.units * 100 >= total.units * percent; };
    while (!enough()) {
        const bool can_up = above < n;
        const bool can_down = below >= 0;
        if (!can_up && !can_down) break;
        const std::int64_t gap_up = can_up ? levels[static_cast<std::size_t>(above)]->bucket - va.high - 1 : 0;
        const std::int64_t gap_down = can_down ? va.low - levels[static_cast<std::size_t>(below)]->bucket - 1 : 0;
        if ((!can_up || gap_up > 0) && (!can_down || gap_down > 0)) {
            const std::int64_t step = !can_up ? gap_down : !can_down ? gap_up : std::min(gap_up, gap_down);
            if (can_up) va.high += step;
            if (can_down) va.low -= step;
            continue;
        }
        const Quantity up = !can_up ? Quantity{-1} : gap_up > 0 ? Quantity{} : levels[static_cast<std::size_t>(above)]->total();
        const Quantity down = !can_down ? Quantity{-1} : gap_down > 0 ? Quantity{} : levels[static_cast<std::size_t>(below)]->total();
        if (up >= down && can_up) {
            ++va.high;
            inside += up;
            if (gap_up == 0) ++above;
        }
        if (down >= up && can_down) {
            --va.low;
            inside += down;
            if (gap_down == 0) --below;
        }
    }
    return va;
}

namespace {
// a > ratio × b, exactly: ratio is in 1e-8 units.
bool exceeds(Quantity a, Quantity ratio, Quantity b) {
    return a.units * kDecimalScale > ratio.units * b.units;
}

bool side_imbalanced(Quantity mine, Quantity other, const ImbalanceSettings& s) {
    if (mine.is_zero() || !(mine > s.min_volume)) return false;
    if (other.is_zero()) return s.zero_counts;
    return exceeds(mine, s.ratio, other);
}
}  // namespace

LevelImbalance level_imbalance(const Footprint& fp, std::int64_t bucket, const ImbalanceSettings& s) {
    const FootprintCell& cell = fp.at(bucket);
    const bool buy = side_imbalanced(cell.ask, fp.at(bucket - 1).bid, s);
    const bool sell = side_imbalanced(cell.bid, fp.at(bucket + 1).ask, s);
    return static_cast<LevelImbalance>((buy ? 1 : 0) | (sell ? 2 : 0));
}

// An empty bucket has no volume on either side, so it is never imbalanced: runs are made of
// traded levels whose buckets follow one another, and a gap between traded levels ends a run.
std::vector<StackedImbalance> stacked_imbalances(const Footprint& fp, const ImbalanceSettings& s) {
    std::vector<StackedImbalance> out;
    if (fp.empty() || s.stack < 1) return out;
    const Levels levels = fp.levels_by_price();
    std::vector<std::uint8_t> bits;
    bits.reserve(levels.size());
    for (const FootprintCell* cell : levels) bits.push_back(static_cast<std::uint8_t>(level_imbalance(fp, cell->bucket, s)));
    for (Side side : {Side::Buy, Side::Sell}) {
        const auto bit = static_cast<std::uint8_t>(side == Side::Buy ? LevelImbalance::Buy : LevelImbalance::Sell);
        std::int64_t run_start = 0;
        std::int64_t run_end = 0;
        std::int64_t run_length = 0;
        auto close_run = [&] {
            if (run_length >= s.stack) out.push_back({side, run_start, run_end});
            run_length = 0;
        };
        for (std::size_t i = 0; i < levels.size(); ++i) {
            const std::int64_t b = levels[i]->bucket;
            if ((bits[i] & bit) == 0) {
                close_run();
                continue;
            }
            if (run_length > 0 && b != run_end + 1) close_run();
            if (run_length == 0) run_start = b;
            run_end = b;
            ++run_length;
        }
        close_run();
    }
    return out;
}

}  // namespace flowscope
