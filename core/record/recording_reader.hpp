#pragma once
// Reads a recording: finds its blocks (from the index footer, or by scanning block headers when
// the writer was killed before writing it), decodes them, and reports every damaged part with
// the file, the byte offset and what is wrong, then goes on after it.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "record/frame_codec.hpp"
#include "record/mapped_file.hpp"
#include "record/recording_format.hpp"

namespace flowscope::record {

struct RecordingIssue {
    std::string file;
    std::uint64_t offset = 0;
    std::string what;
    bool damage = true;  // false for a missing footer: nothing was lost

    std::string describe() const;  // "FILE: offset N: WHAT"
};

class RecordingReader {
public:
    // Null with error set when the file cannot be read at all: unreadable, not a recording,
    // damaged file header, or a newer format version.
    static Result<std::unique_ptr<RecordingReader>> open(const std::string& path);
    static Result<std::unique_ptr<RecordingReader>> from_bytes(std::string bytes, const std::string& name);

    const std::string& path() const { return path_; }
    const FileHeader& header() const { return header_; }
    std::uint64_t file_size() const { return data_.size(); }
    bool indexed_from_footer() const { return from_footer_; }
    // Blocks whose headers are intact, in file order.
    const std::vector<IndexEntry>& blocks() const { return blocks_; }
    std::uint64_t frame_count() const { return frame_count_; }
    std::int64_t min_time_us() const { return blocks_.empty() ? 0 : blocks_.front().min_time_us; }
    std::int64_t max_time_us() const { return blocks_.empty() ? 0 : blocks_.back().max_time_us; }

    // Decodes one block; on damage records an issue (once) and returns false.
    bool read_block(std::size_t index, DecodedBlock& out);
    // The first block that may hold frames at or after time_us (blocks().size() when none).
    std::size_t block_for_time(std::int64_t time_us) const;

    // Problems found so far: while indexing at open, and while reading blocks.
    const std::vector<RecordingIssue>& issues() const { return issues_; }
    std::size_t damaged_blocks() const { return damaged_.size(); }

private:
    RecordingReader() = default;
    Result<void> init(std::unique_ptr<MappedFile> file, const std::string& path);
    void scan_blocks(std::size_t from, std::size_t end);  // blocks in [from, end)
    void report(std::uint64_t offset, std::string what, bool damage = true);

    std::string path_;
    std::unique_ptr<MappedFile> file_;
    std::string_view data_;
    FileHeader header_;
    std::vector<IndexEntry> blocks_;
    std::uint64_t frame_count_ = 0;
    bool from_footer_ = false;
    std::vector<RecordingIssue> issues_;
    std::set<std::size_t> damaged_;
    std::string payload_;  // scratch for decompression
    std::shared_ptr<void> zstd_;  // ZSTD_DCtx, kept out of the header
};

// What FrameCursor::next_decoded() delivered.
enum class NextFrame : std::uint8_t {
    End,    // no frame left
    Text,   // the frame with its text, as next() gives it
    Trade,  // a canonical Binance trade frame, as its trade (appended) and without its text
};

// Walks the frames of a reader in order, skipping damaged blocks.
class FrameCursor {
public:
    explicit FrameCursor(RecordingReader& reader) : reader_(&reader) {}
    // The next frame, valid until the following call; false at the end.
    bool next(RecordedFrame& frame);
    // The next frame; when it is a canonical Binance trade frame (binance_template.hpp), its trade
    // is appended to trades instead of rebuilding its text (frame.text is then empty).
    NextFrame next_decoded(RecordedFrame& frame, std::vector<Trade>& trades);
    // Positions the cursor on the first frame received at or after time_us.
    void seek(std::int64_t time_us);
    void rewind();

private:
    bool load(std::size_t block);
    bool advance_to_frame();  // false at the end
    RecordingReader* reader_;
    DecodedBlock block_;
    std::size_t block_index_ = 0;
    std::size_t frame_index_ = 0;
    bool loaded_ = false;
};

}  // namespace flowscope::record
