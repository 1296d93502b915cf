#pragma once
// Appends frames to one recording file, a compressed block at a time.
//
// A block is written with a single write() when it is full or when its oldest frame is older
// than the flush interval, so a killed process loses at most that interval. close() appends
// the index footer; a file without it is still complete up to its last block.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.hpp"
#include "record/frame_codec.hpp"
#include "record/recording_format.hpp"

namespace flowscope::record {

struct RecordingWriterOptions {
    std::uint32_t max_block_frames = 32'768;
    std::size_t max_block_bytes = 1U << 20;       // transformed payload before zstd
    std::int64_t flush_interval_us = 1'000'000;   // 0: flush by size only (conversions)
    int zstd_level = 3;                          // level 9 or 19 saves ~1% on these frames
    std::int64_t created_time_us = 0;             // 0: now
    // On close, rewrite the file into full blocks when its blocks are small (recording_compaction.hpp).
    bool compact_on_close = true;
};

class RecordingWriter {
public:
    // Creates a new file; refuses to overwrite an existing one.
    static Result<std::unique_ptr<RecordingWriter>> create(const std::string& path, Exchange exchange,
                                                           std::string_view symbol, const RecordingWriterOptions& options = {});
    ~RecordingWriter();
    RecordingWriter(const RecordingWriter&) = delete;
    RecordingWriter& operator=(const RecordingWriter&) = delete;

    // False once a write failed; error() says why.
    bool append(const RecordedFrame& frame);
    // Writes the pending block when its first frame is older than the flush interval at now_us.
    bool flush_if_due(std::int64_t now_us);
    bool flush();
    // Flushes, writes the index footer and closes the file, then compacts it when its blocks
    // average under a thousand frames. Called by the destructor too.
    bool close();

    const std::string& path() const { return path_; }
    const std::string& error() const { return error_; }
    std::uint64_t bytes_written() const { return offset_; }
    std::uint64_t frames_written() const { return frames_written_; }
    std::uint64_t frames_pending() const { return encoder_.frame_count(); }

private:
    RecordingWriter(std::string path, int fd, const RecordingWriterOptions& options);
    bool write_all(std::string_view bytes);

    std::string path_;
    int fd_ = -1;
    RecordingWriterOptions options_;
    BlockEncoder encoder_;
    void* zstd_ = nullptr;  // ZSTD_CCtx, kept out of the header
    std::vector<IndexEntry> index_;
    std::uint64_t offset_ = 0;
    std::uint64_t frames_written_ = 0;
    std::string error_;
};

}  // namespace flowscope::record
