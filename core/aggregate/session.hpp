#pragma once
// Trading sessions of a 24-hour market: a UTC day, or a day that begins at another time of day
// (a trader in New York may start the day at 22:00 UTC, as CME's Globex does). Studies that reset
// (session volume profile, developing POC, CVD from the session's start) split bars with these.
#include <cstdint>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"

namespace flowscope {

inline constexpr std::int64_t kDayUs = 86'400'000'000;

struct SessionSpec {
    std::int64_t start_of_day_us = 0;  // time of day the session begins (UTC), in [0, 24 h)

    friend bool operator==(const SessionSpec&, const SessionSpec&) = default;
};

// Start of the session that holds `time_us`.
std::int64_t session_start(std::int64_t time_us, const SessionSpec& spec);

// Bars [first, last] of one session, by the bars' open times.
struct SessionBars {
    std::int64_t start_us = 0;
    int first = 0, last = -1;
};

// The sessions the bars fall in, oldest first; a bar belongs to the session its open time is in.
std::vector<SessionBars> sessions_of(std::span<const Bar> bars, const SessionSpec& spec);

}  // namespace flowscope
