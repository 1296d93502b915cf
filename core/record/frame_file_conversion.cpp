#include "record/frame_file_conversion.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "record/recording_writer.hpp"

namespace flowscope::record {

namespace {
// Receive time of each NDJSON line, by line number.
Result<std::unordered_map<std::uint64_t, std::int64_t>> read_receive_times(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Failure{"cannot open " + path};
    std::unordered_map<std::uint64_t, std::int64_t> times;
    std::string row;
    std::uint64_t row_number = 0;
    while (std::getline(in, row)) {
        ++row_number;
        if (row_number == 1 || row.empty()) continue;  // header
        const auto comma = row.find(',');
        std::uint64_t line = 0;
        std::int64_t time = 0;
        const char* end = row.data() + row.size();
        if (comma == std::string::npos ||
            std::from_chars(row.data(), row.data() + comma, line).ec != std::errc{} ||
            std::from_chars(row.data() + comma + 1, end, time).ptr != end) {
            return Failure{path + ":" + std::to_string(row_number) + ": expected line,receive_time_us"};
        }
        times[line] = time;
    }
    return times;
}
}  // namespace

Result<FrameFileConversion> convert_frame_file(const std::string& ndjson_path, const std::string& receive_times_csv,
                                               Exchange exchange, const std::string& symbol, const std::string& out_path) {
    const auto read = read_receive_times(receive_times_csv);
    if (!read) return Failure{read.error()};
    const auto& times = *read;
    std::string error;
    std::ifstream in(ndjson_path, std::ios::binary);
    if (!in) return Failure{"cannot open " + ndjson_path};
    RecordingWriterOptions options;
    options.flush_interval_us = 0;
    options.zstd_level = 19;  // built once, read many times
    auto created = RecordingWriter::create(out_path, exchange, symbol, options);
    if (!created) return Failure{created.error()};
    const auto& writer = *created;
    std::string line;
    for (std::uint64_t n = 1; std::getline(in, line); ++n) {
        if (line.empty()) continue;
        const auto t = times.find(n);
        if (t == times.end()) {
            error = receive_times_csv + ": no receive time for line " + std::to_string(n) + " of " + ndjson_path;
            break;
        }
        if (!writer->append(RecordedFrame{t->second, exchange, symbol, line})) {
            error = writer->error();
            break;
        }
    }
    if (!writer->close() && error.empty()) error = writer->error();
    if (!error.empty()) {
        std::filesystem::remove(out_path);
        return Failure{error};
    }
    return FrameFileConversion{writer->frames_written(), writer->bytes_written()};
}

}  // namespace flowscope::record
