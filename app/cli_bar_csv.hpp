#pragma once
// The bars CSV, one row per bar: `bars` prints a file's bars at the end, `live --group` each bar
// as it closes; one writer, so both print the same row for the same bar.
#include <cstdint>
#include <string>

#include "aggregate/bar.hpp"

namespace flowscope::cli {

inline constexpr const char* kBarsCsvHeader =
    "open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,delta,cvd,trades,poc,vah,val,vwap,imbalance";

std::int64_t open_time_ms(const Bar& bar);

// Appends the bar's row, without the newline; poc, vah and val are the lower edges of levels of
// bucket_units.
void append_bar_row(std::string& out, const Bar& bar, std::int64_t bucket_units);

}  // namespace flowscope::cli
