#include "record/recording_reader.hpp"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <span>

#include "record/crc32.hpp"

namespace flowscope::record {

namespace {
bool plausible(const BlockHeader& h) {
    return h.compressed_bytes > 0 && h.compressed_bytes <= kMaxBlockPayloadBytes &&
           h.uncompressed_bytes <= kMaxBlockPayloadBytes && h.frame_count > 0 && h.frame_count <= kMaxBlockFrames &&
           h.min_time_us <= h.max_time_us;
}
bool starts_with(std::string_view bytes, const auto& magic) {
    return bytes.size() >= magic.size() && std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}
}  // namespace

std::string RecordingIssue::describe() const {
    return file + ": offset " + std::to_string(offset) + ": " + what;
}

std::unique_ptr<RecordingReader> RecordingReader::open(const std::string& path, std::string& error) {
    auto file = MappedFile::open(path, error);
    if (!file) return nullptr;
    std::unique_ptr<RecordingReader> r(new RecordingReader());
    if (!r->init(std::move(file), path, error)) return nullptr;
    return r;
}

std::unique_ptr<RecordingReader> RecordingReader::from_bytes(std::string bytes, const std::string& name,
                                                             std::string& error) {
    std::unique_ptr<RecordingReader> r(new RecordingReader());
    if (!r->init(MappedFile::from_bytes(std::move(bytes)), name, error)) return nullptr;
    return r;
}

bool RecordingReader::init(std::unique_ptr<MappedFile> file, const std::string& path, std::string& error) {
    path_ = path;
    file_ = std::move(file);
    data_ = file_->bytes();
    const FileHeaderResult h = decode_file_header(data_);
    if (!h.header) {
        error = path + ": " + h.error;
        return false;
    }
    header_ = *h.header;
    zstd_ = std::shared_ptr<void>(ZSTD_createDCtx(), [](void* p) { ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(p)); });

    std::uint64_t index_offset = 0;
    if (auto index = decode_index(data_, index_offset)) {
        // Entries must walk forward through the file and stop before the index itself.
        bool consistent = true;
        std::uint64_t expected = h.size;
        for (const IndexEntry& e : *index) {
            if (e.offset < expected || e.offset + kBlockHeaderSize > index_offset) {
                consistent = false;
                break;
            }
            const auto bh = decode_block_header(data_.substr(e.offset));
            expected = e.offset + kBlockHeaderSize + (bh ? bh->compressed_bytes : 0);
        }
        if (consistent) {
            blocks_ = std::move(*index);
            from_footer_ = true;
            for (const IndexEntry& e : blocks_) frame_count_ += e.frame_count;
            return true;
        }
        report(index_offset, "index footer disagrees with the blocks; blocks found by scanning instead", false);
    } else {
        report(data_.size(), "no index footer (the file was not closed cleanly); blocks found by scanning", false);
    }
    scan_blocks(h.size);
    return true;
}

void RecordingReader::report(std::uint64_t offset, std::string what, bool damage) {
    issues_.push_back(RecordingIssue{path_, offset, std::move(what), damage});
}

void RecordingReader::scan_blocks(std::size_t pos) {
    const std::string_view magic(kBlockMagic.data(), kBlockMagic.size());
    // The next offset after `from` where an intact block header starts.
    auto find_block = [&](std::size_t from) {
        for (std::size_t at = data_.find(magic, from); at != std::string_view::npos; at = data_.find(magic, at + 1)) {
            const auto h = decode_block_header(data_.substr(at));
            if (h && plausible(*h)) return at;
        }
        return std::string_view::npos;
    };
    while (pos < data_.size()) {
        const std::string_view rest = data_.substr(pos);
        std::string what;
        if (starts_with(rest, kBlockMagic)) {
            if (rest.size() < kBlockHeaderSize) {
                report(pos, "the file ends inside a block header (" + std::to_string(rest.size()) + " of " +
                                std::to_string(kBlockHeaderSize) + " bytes): it was cut while writing");
                return;
            }
            const auto h = decode_block_header(rest);
            if (h && plausible(*h)) {
                if (rest.size() - kBlockHeaderSize < h->compressed_bytes) {
                    report(pos, "the last block is cut: it needs " +
                                    std::to_string(kBlockHeaderSize + h->compressed_bytes) + " bytes, the file has " +
                                    std::to_string(rest.size()) + "; its " + std::to_string(h->frame_count) +
                                    " frames are lost");
                    return;
                }
                blocks_.push_back(IndexEntry{pos, h->min_time_us, h->max_time_us, h->frame_count});
                frame_count_ += h->frame_count;
                pos += kBlockHeaderSize + h->compressed_bytes;
                continue;
            }
            what = "block header is damaged (checksum mismatch or impossible sizes)";
        }
        const std::size_t next = find_block(pos + 1);
        if (starts_with(rest, kIndexMagic) && next == std::string_view::npos) {
            report(pos, "index footer is incomplete or damaged; blocks found by scanning", false);
            return;
        }
        if (what.empty()) what = "unrecognised bytes where a block should start";
        if (next == std::string_view::npos) {
            report(pos, what + "; the remaining " + std::to_string(rest.size()) +
                            " bytes hold no complete block (cut while writing?)");
            return;
        }
        report(pos, what + "; skipped " + std::to_string(next - pos) + " bytes to the next block at offset " +
                        std::to_string(next));
        pos = next;
    }
}

bool RecordingReader::read_block(std::size_t index, DecodedBlock& out) {
    const IndexEntry& e = blocks_[index];
    auto damaged = [&](std::uint64_t offset, std::string what) {
        if (damaged_.insert(index).second)
            report(offset, what + "; its " + std::to_string(e.frame_count) + " frames are skipped");
        return false;
    };
    const auto h = decode_block_header(data_.substr(e.offset));
    if (!h || !plausible(*h)) return damaged(e.offset, "block header is damaged (checksum mismatch)");
    if (h->frame_count != e.frame_count || h->min_time_us != e.min_time_us || h->max_time_us != e.max_time_us)
        return damaged(e.offset, "block header disagrees with the index footer");
    if (data_.size() - e.offset - kBlockHeaderSize < h->compressed_bytes)
        return damaged(e.offset, "block runs past the end of the file");
    const std::string_view compressed = data_.substr(e.offset + kBlockHeaderSize, h->compressed_bytes);
    const std::uint32_t crc = crc32(std::as_bytes(std::span<const char>(compressed.data(), compressed.size())));
    if (crc != h->payload_crc)
        return damaged(e.offset, "block payload checksum mismatch (stored " + std::to_string(h->payload_crc) +
                                     ", computed " + std::to_string(crc) + ")");
    payload_.resize(h->uncompressed_bytes);
    const std::size_t n = ZSTD_decompressDCtx(static_cast<ZSTD_DCtx*>(zstd_.get()), payload_.data(), payload_.size(),
                                              compressed.data(), compressed.size());
    if (ZSTD_isError(n)) return damaged(e.offset, std::string("block does not decompress: ") + ZSTD_getErrorName(n));
    if (n != h->uncompressed_bytes) return damaged(e.offset, "block decompresses to the wrong size");
    std::string error;
    if (!out.decode(payload_, h->frame_count, error)) return damaged(e.offset, "block does not decode: " + error);
    return true;
}

std::size_t RecordingReader::block_for_time(std::int64_t time_us) const {
    // Receive times are non-decreasing across blocks, so the last times are sorted.
    const auto it = std::partition_point(blocks_.begin(), blocks_.end(),
                                         [&](const IndexEntry& e) { return e.max_time_us < time_us; });
    return static_cast<std::size_t>(it - blocks_.begin());
}

bool FrameCursor::load(std::size_t block) {
    block_index_ = block;
    frame_index_ = 0;
    loaded_ = reader_->read_block(block, block_);
    return loaded_;
}

bool FrameCursor::advance_to_frame() {
    for (;;) {
        if (block_index_ >= reader_->blocks().size()) return false;
        if (!loaded_ && !load(block_index_)) {
            ++block_index_;
            continue;
        }
        if (frame_index_ < block_.size()) return true;
        ++block_index_;
        frame_index_ = 0;
        loaded_ = false;
    }
}

bool FrameCursor::next(RecordedFrame& frame) {
    if (!advance_to_frame()) return false;
    frame = block_.frame(frame_index_++);
    return true;
}

NextFrame FrameCursor::next_decoded(RecordedFrame& frame, std::vector<Trade>& trades) {
    if (!advance_to_frame()) return NextFrame::End;
    const std::size_t i = frame_index_++;
    if (block_.append_canonical_trade(i, trades)) {
        frame = block_.frame_without_text(i);
        return NextFrame::Trade;
    }
    frame = block_.frame(i);
    return NextFrame::Text;
}

void FrameCursor::seek(std::int64_t time_us) {
    block_index_ = reader_->block_for_time(time_us);
    frame_index_ = 0;
    loaded_ = false;
    while (block_index_ < reader_->blocks().size()) {
        if (load(block_index_)) {
            while (frame_index_ < block_.size() && block_.receive_time_us(frame_index_) < time_us) ++frame_index_;
            if (frame_index_ < block_.size()) return;
        }
        ++block_index_;
        frame_index_ = 0;
        loaded_ = false;
    }
}

void FrameCursor::rewind() { seek(std::numeric_limits<std::int64_t>::min()); }

}  // namespace flowscope::record
