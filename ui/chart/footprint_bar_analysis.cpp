#include "chart/footprint_bar_analysis.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::ui {

namespace {
bool same_settings(const ImbalanceSettings& a, const ImbalanceSettings& b) {
    return a.ratio == b.ratio && a.min_volume == b.min_volume && a.zero_counts == b.zero_counts && a.stack == b.stack;
}
}  // namespace

BarAnalysis analyse_bar(const Bar& bar, const ImbalanceSettings& settings) {
    BarAnalysis a;
    const Footprint& fp = bar.footprint;
    if (fp.empty()) return a;
    const auto levels = fp.levels_by_price();
    a.levels.reserve(levels.size());
    for (const FootprintCell* cell : levels) {
        a.levels.push_back(cell->bucket);
        a.max_total = std::max(a.max_total, to_double(cell->total()));
        a.max_delta = std::max(a.max_delta, std::fabs(to_double(cell->delta())));
        const LevelImbalance imbalance = level_imbalance(fp, cell->bucket, settings);
        if (imbalance != LevelImbalance::None) a.imbalances.emplace_back(cell->bucket, imbalance);
    }
    a.poc = point_of_control(fp);
    a.value_area = value_area(fp);
    a.zones = stacked_imbalances(fp, settings);
    return a;
}

const BarAnalysis& BarAnalysisCache::get(std::size_t index, const Bar& bar, std::int64_t bucket_units,
                                         const ImbalanceSettings& settings) {
    if (bucket_units != bucket_units_ || !same_settings(settings, settings_)) {
        entries_.clear();
        bucket_units_ = bucket_units;
        settings_ = settings;
    }
    if (index >= entries_.size()) entries_.resize(index + 1);
    const Key key{bar.open_time_us, bar.footprint.lowest_bucket(), bar.footprint.highest_bucket(), bar.revision,
                  bar.trades, bar.volume.units};
    Entry& e = entries_[index];
    if (!e.valid || !(e.key == key)) {
        e.analysis = analyse_bar(bar, settings);
        e.key = key;
        e.valid = true;
        ++computed_;
    }
    return e.analysis;
}

}  // namespace flowscope::ui
