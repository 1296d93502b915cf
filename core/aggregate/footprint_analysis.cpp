#include "aggregate/footprint_analysis.hpp"

namespace flowscope {

std::optional<std::int64_t> point_of_control(const Footprint& fp) {
    if (fp.empty()) return std::nullopt;
    const std::int64_t lo = fp.lowest_bucket();
    const std::int64_t hi = fp.highest_bucket();
    // Twice the distance to the middle, kept in integers: |2b − (lo + hi)|.
    auto distance = [&](std::int64_t b) { const std::int64_t d = 2 * b - (lo + hi); return d < 0 ? -d : d; };
    std::int64_t best = lo;
    Quantity best_volume = fp.at(lo).total();
    for (std::int64_t b = lo + 1; b <= hi; ++b) {
        const Quantity v = fp.at(b).total();
        if (v > best_volume || (v == best_volume && distance(b) < distance(best))) {
            best = b;
            best_volume = v;
        }
    }
    return best;
}

std::optional<ValueArea> value_area(const Footprint& fp, int percent) {
    const auto poc = point_of_control(fp);
    if (!poc) return std::nullopt;
    Quantity total;
    for (std::int64_t b = fp.lowest_bucket(); b <= fp.highest_bucket(); ++b) total += fp.at(b).total();
    ValueArea va{*poc, *poc, *poc};
    Quantity inside = fp.at(*poc).total();
    // inside / total ≥ percent / 100, in integers.
    auto enough = [&] { return inside.units * 100 >= total.units * percent; };
    while (!enough()) {
        const bool can_up = va.high < fp.highest_bucket();
        const bool can_down = va.low > fp.lowest_bucket();
        if (!can_up && !can_down) break;
        const Quantity up = can_up ? fp.at(va.high + 1).total() : Quantity{-1};
        const Quantity down = can_down ? fp.at(va.low - 1).total() : Quantity{-1};
        if (up >= down && can_up) {
            ++va.high;
            inside += up;
        }
        if (down >= up && can_down) {
            --va.low;
            inside += down;
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

std::vector<StackedImbalance> stacked_imbalances(const Footprint& fp, const ImbalanceSettings& s) {
    std::vector<StackedImbalance> out;
    if (fp.empty() || s.stack < 1) return out;
    for (Side side : {Side::Buy, Side::Sell}) {
        const auto bit = static_cast<std::uint8_t>(side == Side::Buy ? LevelImbalance::Buy : LevelImbalance::Sell);
        std::int64_t run_start = 0;
        std::int64_t run_length = 0;
        for (std::int64_t b = fp.lowest_bucket(); b <= fp.highest_bucket() + 1; ++b) {
            const bool hit = b <= fp.highest_bucket() &&
                             (static_cast<std::uint8_t>(level_imbalance(fp, b, s)) & bit) != 0;
            if (hit) {
                if (run_length == 0) run_start = b;
                ++run_length;
            } else {
                if (run_length >= s.stack) out.push_back({side, run_start, b - 1});
                run_length = 0;
            }
        }
    }
    return out;
}

}  // namespace flowscope
