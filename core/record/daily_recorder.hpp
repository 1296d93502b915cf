#pragma once
// Records one stream into a folder, one file per UTC day:
// <dir>/<exchange>-<symbol>-YYYY-MM-DD.fsrec (".1.fsrec", ".2.fsrec" … when a recorder restarts
// on a day that already has a file: existing recordings are never touched).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "record/recording_writer.hpp"

namespace flowscope::record {

// "2020-02-22" for a time in µs since the epoch (UTC).
std::string utc_date(std::int64_t time_us);
// "binance-futures-BTCUSDT-2020-02-22.fsrec"; characters unsafe in file names become '_'.
std::string recording_file_name(Exchange exchange, std::string_view symbol, std::int64_t time_us);

class DailyRecorder {
public:
    DailyRecorder(std::string dir, Exchange exchange, std::string symbol, RecordingWriterOptions options = {});
    ~DailyRecorder();

    // Opens a new file when the frame's UTC day differs from the current file's. False on a write
    // error (error() says which file and why); the recorder then retries on the next day's file.
    bool append(std::int64_t receive_time_us, std::string_view text);
    bool flush_if_due(std::int64_t now_us);
    bool flush();  // the open block, whatever its age
    bool close();

    const std::string& current_path() const;
    // Every file this recorder created, oldest first.
    const std::vector<std::string>& files() const { return files_; }
    const std::string& error() const { return error_; }
    std::uint64_t frames_written() const { return frames_; }
    // Bytes written to disk by this recorder, all files together (the pending block excluded).
    std::uint64_t bytes_written() const;

private:
    bool open_for(std::int64_t time_us);

    std::string dir_;
    Exchange exchange_;
    std::string symbol_;
    RecordingWriterOptions options_;
    std::unique_ptr<RecordingWriter> writer_;
    std::int64_t day_end_us_ = 0;
    std::uint64_t closed_bytes_ = 0;
    std::uint64_t frames_ = 0;
    std::string error_;
    std::vector<std::string> files_;
};

}  // namespace flowscope::record
