#pragma once
// What the footprint's studies draw, computed from the bars drawn (FootprintPane::display_bars)
// and kept between paints: a paint never walks a bar's levels again unless the bar changed.
//
// Per bar, keyed by its revision and the bucket drawn: its POC. From those, the POC lines (naked
// until a later bar trades through them). The developing POC and the latest session's profile
// grow from a profile of the session's settled bars (all but the newest), so a live bar that
// ticks costs one bar's levels, not the session's. Range profiles (visible, fixed) are kept by
// their range and the bars' stamp.
#include <cstdint>
#include <optional>
#include <vector>

#include "aggregate/naked_poc.hpp"
#include "aggregate/session.hpp"
#include "aggregate/volume_profile.hpp"
#include "chart/chart_bars.hpp"

namespace flowscope::ui {

class StudyCache {
public:
    // Brings everything up to date with `bars`; returns true when anything changed.
    bool update(const ChartBars& bars, const SessionSpec& session);

    std::int64_t bucket_units() const { return bucket_units_; }
    const std::vector<PocLine>& poc_lines() const { return lines_; }
    const std::vector<std::optional<std::int64_t>>& developing_poc() const { return developing_; }
    // Changes whenever a bar or the bucket does.
    std::uint64_t stamp() const { return stamp_; }

    // The profile of the session that holds bar `index` (from the latest session's running
    // profile when it is that one).
    const VolumeProfile& session_profile(const ChartBars& bars, int index);
    // Bars [first, last], kept per slot: 0 visible range, 1 fixed range.
    const VolumeProfile& range_profile(const ChartBars& bars, int slot, int first, int last);
    // Bars [first, last] of the session that holds `index`.
    SessionBars session_of(int index) const;

    std::size_t pocs_found() const { return pocs_found_; }  // bars whose POC was computed (tests)

private:
    struct BarKey {
        std::int64_t open_time_us = 0;
        std::uint64_t revision = 0, trades = 0;
        int128 volume = 0;
        bool operator==(const BarKey&) const = default;
    };
    struct Kept {
        int first = 0, last = -1;
        std::uint64_t stamp = 0;
        bool valid = false;
        VolumeProfile profile;
    };

    std::vector<BarKey> keys_;
    std::vector<std::optional<std::int64_t>> pocs_;
    std::vector<PocLine> lines_;
    std::vector<std::optional<std::int64_t>> developing_;
    std::vector<SessionBars> sessions_;
    // The latest session's profile of bars [settled_first, settled_last]: the settled ones.
    std::optional<ProfileBuilder> settled_;
    int settled_first_ = 0, settled_last_ = -1;
    std::optional<ProfileBuilder> latest_;  // the latest session with its newest bar
    std::uint64_t generation_ = 0;
    std::int64_t bucket_units_ = 0;
    SessionSpec session_;
    std::uint64_t stamp_ = 0;
    std::size_t pocs_found_ = 0;
    Kept session_kept_;
    Kept range_kept_[2];
};

}  // namespace flowscope::ui
