#pragma once
// What a replay plays: one recording, a folder of daily recordings played as one session, or a
// public trade file (Binance CSV/ZIP, Tardis CSV) converted on the fly into a recording.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "record/recording_reader.hpp"

namespace flowscope::record {

class RecordingSession {
public:
    // Fails, saying why, when nothing can be played (no such path, not a recording or trade
    // file, a newer format version, a folder whose recordings mix several streams, …).
    static Result<std::unique_ptr<RecordingSession>> open(const std::string& path);
    // Recordings of one stream played in the order given, not by their first frame: a live
    // session's files, which follow each other in the order they were written even where the
    // receive clock stepped back. Files that hold no frame yet are left out; fails when none holds one.
    static Result<std::unique_ptr<RecordingSession>> open_files(const std::vector<std::string>& paths);

    // The next frame in recorded order, across files; valid until the next call.
    bool next(RecordedFrame& frame);
    // The same, but a canonical Binance trade frame comes back as its trade (FrameCursor::next_decoded).
    NextFrame next_decoded(RecordedFrame& frame, std::vector<Trade>& trades);
    // Positions on the first frame received at or after time_us.
    void seek(std::int64_t time_us);

    Exchange exchange() const { return exchange_; }
    const std::string& symbol() const { return symbol_; }
    std::int64_t start_time_us() const;
    std::int64_t end_time_us() const;
    std::uint64_t frame_count() const;
    std::uint64_t size_bytes() const;
    const std::vector<std::string>& files() const { return files_; }
    // Every problem the readers found so far (damaged blocks, cut files), across files.
    std::vector<RecordingIssue> issues() const;

private:
    RecordingSession() = default;
    Result<void> add(std::unique_ptr<RecordingReader> reader);

    std::vector<std::unique_ptr<RecordingReader>> readers_;  // ordered by start time
    std::vector<std::unique_ptr<FrameCursor>> cursors_;
    std::vector<std::string> files_;
    std::size_t current_ = 0;
    Exchange exchange_ = Exchange::Unknown;
    std::string symbol_;
};

// True when the file starts with the recording magic (whatever its name).
bool is_recording_file(const std::string& path);

}  // namespace flowscope::record
