#include "chart/study_cache.hpp"

#include <algorithm>

#include "aggregate/footprint_analysis.hpp"

namespace flowscope::ui {

bool StudyCache::update(const ChartBars& chart, const SessionSpec& session) {
    const auto& bars = chart.bars;
    if (chart.generation != generation_ || chart.bucket_units != bucket_units_ || !(session == session_)) {
        keys_.clear();
        settled_.reset();
        settled_last_ = -1;
        generation_ = chart.generation;
        bucket_units_ = chart.bucket_units;
        session_ = session;
        ++stamp_;  // even with no bars: the bucket or session changed
    }
    const std::size_t n = bars.size();
    std::size_t changed = std::min(keys_.size(), n);
    for (std::size_t i = 0; i < changed; ++i)
        if (!(keys_[i] == BarKey{bars[i].open_time_us, bars[i].revision, bars[i].trades, bars[i].volume.units})) {
            changed = i;
            break;
        }
    if (changed == n && keys_.size() == n) return false;
    ++stamp_;
    keys_.resize(n);
    pocs_.resize(n);
    for (std::size_t i = changed; i < n; ++i) {
        keys_[i] = {bars[i].open_time_us, bars[i].revision, bars[i].trades, bars[i].volume.units};
        pocs_[i] = point_of_control(bars[i].footprint);
        ++pocs_found_;
    }
    lines_ = flowscope::poc_lines(bars, pocs_, bucket_units_);

    sessions_ = sessions_of(bars, session_);
    developing_.resize(n);
    latest_.reset();
    if (sessions_.empty()) {
        settled_.reset();
        return true;
    }
    const SessionBars& last = sessions_.back();
    const int newest = static_cast<int>(n) - 1;
    std::optional<ProfileBuilder> builder;
    int from = 0;
    if (settled_ && settled_first_ == last.first && settled_last_ < static_cast<int>(changed)) {
        builder = *settled_;
        from = settled_last_ + 1;
    } else {
        // From the start of the session that holds the first changed bar.
        settled_.reset();
        settled_last_ = -1;
        const int first_changed = std::min(static_cast<int>(changed), newest);
        for (const SessionBars& s : sessions_)
            if (s.first <= first_changed && first_changed <= s.last) from = s.first;
    }
    for (int i = from; i <= newest; ++i) {
        const auto s = std::ranges::find_if(sessions_, [i](const SessionBars& x) { return x.first <= i && i <= x.last; });
        if (i == s->first) builder.emplace(bucket_units_, bucket_units_);
        builder->add(bars[static_cast<std::size_t>(i)]);
        developing_[static_cast<std::size_t>(i)] = builder->poc();
        if (i == newest - 1 && s->first == last.first) {
            settled_ = builder;
            settled_first_ = last.first;
            settled_last_ = i;
        }
    }
    latest_ = std::move(builder);
    return true;
}

SessionBars StudyCache::session_of(int index) const {
    for (const SessionBars& s : sessions_)
        if (s.first <= index && index <= s.last) return s;
    return {};
}

const VolumeProfile& StudyCache::session_profile(const ChartBars& chart, int index) {
    const SessionBars s = session_of(index);
    Kept& k = session_kept_;
    if (k.valid && k.first == s.first && k.last == s.last && k.stamp == stamp_) return k.profile;
    k = Kept{s.first, s.last, stamp_, true, {}};
    if (latest_ && !sessions_.empty() && s.first == sessions_.back().first) {
        // The latest session: its running profile holds every bar of it already.
        VolumeProfile& p = k.profile;
        p.levels = latest_->levels();
        p.bucket_units = bucket_units_;
        p.first = s.first;
        p.last = s.last;
        for (int i = s.first; i <= s.last; ++i) {
            const Bar& bar = chart.bars[static_cast<std::size_t>(i)];
            p.bars_without_cells += bar.totals_only ? 1 : 0;
            p.bars_with_partial_cells += !bar.totals_only && bar.cells_from_us != 0 ? 1 : 0;
        }
        p.levels.for_each_level([&](const FootprintCell& c) { p.volume += c.total(); });
        p.value_area = value_area(p.levels);
    } else if (s.last >= s.first) {
        k.profile = volume_profile(chart.bars, s.first, s.last, bucket_units_, bucket_units_);
    }
    return k.profile;
}

const VolumeProfile& StudyCache::range_profile(const ChartBars& chart, int slot, int first, int last) {
    Kept& k = range_kept_[slot];
    if (k.valid && k.first == first && k.last == last && k.stamp == stamp_) return k.profile;
    k = Kept{first, last, stamp_, true, volume_profile(chart.bars, first, last, bucket_units_, bucket_units_)};
    return k.profile;
}

}  // namespace flowscope::ui
