#pragma once
// Times and durations as people type them on the command line.
#include <cstdint>
#include <optional>
#include <string_view>

namespace flowscope::cli {

// "2020-02-22T01:00:00Z", "2020-02-22T01:00:00.250Z", "2020-02-22" (midnight UTC), or epoch
// milliseconds ("1582333200000") → µs since the epoch.
std::optional<std::int64_t> parse_time_argument(std::string_view text);
// "90s", "15m", "2h", "1d" (also plain seconds) → µs.
std::optional<std::int64_t> parse_duration_argument(std::string_view text);

}  // namespace flowscope::cli
