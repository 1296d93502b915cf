#include "source/group_bars.hpp"

#include <limits>

#include "chart/chart_store.hpp"

namespace flowscope::ui {

void GroupBars::restart(const BarSpec& spec, std::int64_t bucket_units, std::size_t members, bool include_non_aggressive) {
    spec_ = spec;
    bucket_units_ = bucket_units;
    include_non_aggressive_ = include_non_aggressive;
    total_ = Aggregator{};
    total_.set_include_non_aggressive(include_non_aggressive);
    total_.add_series(spec, bucket_units);
    members_.assign(members, Aggregator{});
    for (Aggregator& m : members_) {
        m.set_include_non_aggressive(include_non_aggressive);
        m.add_series(spec, bucket_units);
    }
    bar_start_.clear();
    parts_.assign(members, {});
    parts_from_ = 0;
}

void GroupBars::add(const Trade& trade, std::size_t member, std::size_t index) {
    total_.add(trade);
    if (spec_.kind == BarKind::Time) {
        members_[member].add(trade);
    } else if (series().bars().size() > bar_start_.size()) {
        bar_start_.push_back(index);  // this trade opened a bar
    }
}

void GroupBars::update_parts(std::span<const Trade> trades, std::span<const std::uint8_t> member) {
    if (spec_.kind == BarKind::Time) return;
    const auto bars = series().bars();
    const std::size_t members = parts_.size();
    for (auto& p : parts_) p.resize(bars.size());
    // Each member's trades of a bar, aggregated as one bar that never fills.
    const BarSpec whole = BarSpec::ticks(std::numeric_limits<std::int64_t>::max());
    std::vector<Aggregator> part(members);
    for (std::size_t i = parts_from_; i < bars.size(); ++i) {
        for (Aggregator& a : part) {
            a = Aggregator{};
            a.set_include_non_aggressive(include_non_aggressive_);
            a.add_series(whole, bucket_units_);
        }
        const std::size_t end = i + 1 < bar_start_.size() ? bar_start_[i + 1] : trades.size();
        for (std::size_t j = bar_start_[i]; j < end; ++j) part[member[j]].add(trades[j]);
        for (std::size_t m = 0; m < members; ++m) {
            const auto own = part[m].series().front().bars();
            Bar& out = parts_[m][i];
            out = own.empty() ? Bar{} : own.front();
            out.open_time_us = bars[i].open_time_us;
            // The member's CVD runs on from its part of the bar before.
            if (i > 0) out.cvd += parts_[m][i - 1].cvd;
        }
    }
    parts_from_ = bars.empty() ? 0 : bars.size() - 1;
}

std::vector<MemberSeries> GroupBars::member_series_list(const MarketGroup& group) const {
    std::vector<MemberSeries> list;
    const bool time = spec_.kind == BarKind::Time;
    for (std::size_t m = 0; m < members_.size(); ++m)
        list.push_back({group.feeds[m].name(), time ? &member_series(m) : nullptr, time ? std::span<const Bar>{} : parts_[m]});
    return list;
}

}  // namespace flowscope::ui
