#pragma once
// What `flowscope-cli info` tells about a recording: span, frames, trades, gaps, size, damage.
#include <cstdint>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "record/recording_reader.hpp"

namespace flowscope::record {

struct RecordingGap {
    std::int64_t from_us = 0;  // receive time of the frame before the silence
    std::int64_t to_us = 0;    // and after it
};

struct RecordingInfo {
    std::vector<std::string> files;
    Exchange exchange = Exchange::Unknown;
    std::string symbol;
    std::int64_t first_time_us = 0, last_time_us = 0;  // receive times
    std::uint64_t frames = 0, trades = 0, blocks = 0, bytes = 0;
    std::uint64_t ignored = 0, malformed = 0, exchange_errors = 0;
    std::uint64_t control = 0;     // flowscope's own frames (backfill markers)
    std::uint64_t duplicates = 0;  // trades recorded twice, counted once
    std::vector<RecordingGap> gaps;        // silences longer than the threshold, in time order
    std::uint64_t id_gaps = 0;             // holes in trade ids, where the exchange numbers trades consecutively
    std::uint64_t missing_ids = 0;         // ids skipped in all
    bool all_indexed = true;               // every file had its index footer
    std::uint64_t damage_reports = 0;       // damaged blocks and cut files
    std::vector<RecordingIssue> issues;
};

// Fails only when the recording cannot be opened at all; damage inside it is in `issues`.
Result<RecordingInfo> recording_info(const std::string& path, std::int64_t gap_threshold_us = 10'000'000);

}  // namespace flowscope::record
