#pragma once
// A group's bars and each member's part of them, from the merged trades (GroupSource from files,
// LiveGroupSource live): one Aggregator for the chart, and for time bars one per member beside it
// (the same spec and bucket, its bars matched to the chart's by open time); tick and volume bars
// end where the whole stream fills them, so each member's part of a bar is aggregated from its
// trades between the bar's first trade and the next bar's (the open bar again at each update).
// The merged trades stay with the caller; this holds only what they were aggregated into.
#include <cstdint>
#include <span>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "group/market_group.hpp"

namespace flowscope::ui {

struct MemberSeries;

class GroupBars {
public:
    // A new chart: nothing aggregated yet.
    void restart(const BarSpec& spec, std::int64_t bucket_units, std::size_t members, bool include_non_aggressive);
    // trades[index], the next merged trade, from member `member`.
    void add(const Trade& trade, std::size_t member, std::size_t index);
    // Tick and volume bars: the members' parts from the bar open at the last update on, given every
    // merged trade so far (trades[i] from member[i]).
    void update_parts(std::span<const Trade> trades, std::span<const std::uint8_t> member);
    // The members as the store takes them (their names from the group).
    std::vector<MemberSeries> member_series_list(const MarketGroup& group) const;

    const Aggregator& total() const { return total_; }
    const BarSeries& series() const { return total_.series().front(); }
    // Time bars: member m's own series. Tick and volume bars: its parts of the chart's bars.
    const BarSeries& member_series(std::size_t m) const { return members_[m].series().front(); }
    const std::vector<Bar>& member_parts(std::size_t m) const { return parts_[m]; }

private:
    BarSpec spec_;
    std::int64_t bucket_units_ = 0;
    bool include_non_aggressive_ = false;
    Aggregator total_;
    std::vector<Aggregator> members_;  // time bars
    // Tick and volume bars: each chart bar's first trade (an index into the merged trades), each
    // member's part of every bar (parts_[m][i]), and the first bar whose parts may be stale.
    std::vector<std::size_t> bar_start_;
    std::vector<std::vector<Bar>> parts_;
    std::size_t parts_from_ = 0;
};

}  // namespace flowscope::ui
