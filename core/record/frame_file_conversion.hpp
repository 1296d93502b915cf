#pragma once
// Captured websocket frames (NDJSON: one frame per line, as a websocket tool saves them) plus
// their receive times → recording. This is how resources/sessions/ is built from real captures.
#include <cstdint>
#include <string>

#include "model/result.hpp"
#include "model/exchange.hpp"

namespace flowscope::record {

struct FrameFileConversion {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
};

// receive_times_csv: "line,receive_time_us" with a header, one row per NDJSON line (line is
// 1-based). Every line must have its time: a missing or unreadable one is an error, nothing is
// guessed. The output is created new (an existing file is refused).
// A failure names the file and line; nothing is left at out_path then.
Result<FrameFileConversion> convert_frame_file(const std::string& ndjson_path, const std::string& receive_times_csv,
                                       Exchange exchange, const std::string& symbol, const std::string& out_path);

}  // namespace flowscope::record
