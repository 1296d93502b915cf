#include "record/recording_reader.hpp"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <span>

#include "record/crc32.hpp"

namespace flowscope::record {

namespace {
// What makes a block header whose checksum is right impossible (the writer never makes such a
// block); empty when it is plausible. A checksum only proves the bytes were written as they are.
std::string implausible(const BlockHeader& h) {
    const auto n = [](auto v) { return std::to_string(v); };
    if (h.compressed_bytes == 0) return "block header claims an empty payload";
    if (h.compressed_bytes > kMaxBlockPayloadBytes)
        return "block header claims " + n(h.compressed_bytes) + " compressed bytes, more than the " +
               n(kMaxBlockPayloadBytes) + " a block may hold";
    if (h.uncompressed_bytes > kMaxBlockPayloadBytes)
        return "block header claims " + n(h.uncompressed_bytes) + " uncompressed bytes, more than the " +
               n(kMaxBlockPayloadBytes) + " a block may hold";
    if (h.frame_count == 0) return "block header claims no frames";
    if (h.frame_count > kMaxBlockFrames)
        return "block header claims " + n(h.frame_count) + " frames, more than the " + n(kMaxBlockFrames) +
               " a block may hold";
    if (h.min_time_us > h.max_time_us) return "block header's earliest receive time is after its latest";
    return {};
}
bool plausible(const BlockHeader& h) { return implausible(h).empty(); }
bool starts_with(std::string_view bytes, const auto& magic) {
    return bytes.size() >= magic.size() && std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}
}  // namespace

std::string RecordingIssue::describe() const {
    return file + ": offset " + std::to_string(offset) + ": " + what;
}

Result<std::unique_ptr<RecordingReader>> RecordingReader::open(const std::string& path) {
    auto file = MappedFile::open(path);
    if (!file) return Failure{file.error()};
    std::unique_ptr<RecordingReader> r(new RecordingReader());
    if (auto ok = r->init(std::move(*file), path); !ok) return Failure{ok.error()};
    return r;
}

Result<std::unique_ptr<RecordingReader>> RecordingReader::from_bytes(std::string bytes, const std::string& name) {
    std::unique_ptr<RecordingReader> r(new RecordingReader());
    if (auto ok = r->init(MappedFile::from_bytes(std::move(bytes)), name); !ok) return Failure{ok.error()};
    return r;
}

Result<void> RecordingReader::init(std::unique_ptr<MappedFile> file, const std::string& path) {
    path_ = path;
    file_ = std::move(file);
    data_ = file_->bytes();
    const FileHeaderResult h = decode_file_header(data_);
    if (!h.header) return Failure{path + ": " + h.error};
    header_ = *h.header;
    zstd_ = std::shared_ptr<void>(ZSTD_createDCtx(), [](void* p) { ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(p)); });

    std::uint64_t index_offset = 0;
    if (auto index = decode_index(data_, index_offset)) {
        // Entries must walk forward through the file and stop before the index itself. Offsets
        // are compared without adding to them: a damaged one may be anywhere up to 2^64.
        std::string disagreement;
        std::uint64_t expected = h.size;  // where the previous block ends
        for (std::size_t i = 0; i < index->size() && disagreement.empty(); ++i) {
            const IndexEntry& e = (*index)[i];
            const std::string entry = "index footer entry " + std::to_string(i + 1) + " of " +
                                      std::to_string(index->size()) + " puts a block at offset " +
                                      std::to_string(e.offset);
            if (e.offset > index_offset || index_offset - e.offset < kBlockHeaderSize) {
                disagreement = entry + ", outside the blocks (they end at offset " + std::to_string(index_offset) + ")";
            } else if (e.offset < expected) {
                disagreement = entry + ", inside the block before it (which ends at offset " +
                               std::to_string(expected) + ")";
            } else {
                const auto bh = decode_block_header(data_.substr(e.offset));
                expected = e.offset + kBlockHeaderSize + (bh ? bh->compressed_bytes : 0);
            }
        }
        if (disagreement.empty()) {
            blocks_ = std::move(*index);
            from_footer_ = true;
            for (const IndexEntry& e : blocks_) frame_count_ += e.frame_count;
            return {};
        }
        report(index_offset, disagreement + "; the footer is ignored and blocks found by scanning instead", false);
        // The footer itself is intact (its checksums hold): the blocks end where it starts.
        scan_blocks(h.size, index_offset);
        return {};
    }
    report(data_.size(), "no index footer (the file was not closed cleanly); blocks found by scanning", false);
    scan_blocks(h.size, data_.size());
    return {};
}

void RecordingReader::report(std::uint64_t offset, std::string what, bool damage) {
    issues_.push_back(RecordingIssue{path_, offset, std::move(what), damage});
}

void RecordingReader::scan_blocks(std::size_t pos, std::size_t end) {
    const std::string_view data = data_.substr(0, end);
    const std::string_view magic(kBlockMagic.data(), kBlockMagic.size());
    // The next offset after `from` where an intact block header starts.
    auto find_block = [&](std::size_t from) {
        for (std::size_t at = data.find(magic, from); at != std::string_view::npos; at = data.find(magic, at + 1)) {
            const auto h = decode_block_header(data.substr(at));
            if (h && plausible(*h)) return at;
        }
        return std::string_view::npos;
    };
    while (pos < data.size()) {
        const std::string_view rest = data.substr(pos);
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
            what = h ? implausible(*h) : "block header is damaged (checksum mismatch)";
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
    const std::string_view at = data_.substr(e.offset);
    if (!starts_with(at, kBlockMagic)) return damaged(e.offset, "no block header where the index footer puts one");
    const auto h = decode_block_header(at);
    if (!h) return damaged(e.offset, "block header is damaged (checksum mismatch)");
    if (const std::string why = implausible(*h); !why.empty()) return damaged(e.offset, why);
    if (h->frame_count != e.frame_count || h->min_time_us != e.min_time_us || h->max_time_us != e.max_time_us)
        return damaged(e.offset, "block header disagrees with the index footer");
    if (data_.size() - e.offset - kBlockHeaderSize < h->compressed_bytes)
        return damaged(e.offset, "block runs past the end of the file");
    const std::string_view compressed = data_.substr(e.offset + kBlockHeaderSize, h->compressed_bytes);
    const std::uint32_t crc = crc32(std::as_bytes(std::span<const char>(compressed.data(), compressed.size())));
    if (crc != h->payload_crc)
        return damaged(e.offset, "block payload checksum mismatch (stored " + std::to_string(h->payload_crc) +
                                     ", computed " + std::to_string(crc) + ")");
    // The zstd frame states its own size: a header that claims more is caught before allocating it.
    const unsigned long long content = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
    if (content == ZSTD_CONTENTSIZE_ERROR) return damaged(e.offset, "block payload is not a zstd frame");
    if (content != ZSTD_CONTENTSIZE_UNKNOWN && content != h->uncompressed_bytes)
        return damaged(e.offset, "block payload decompresses to " + std::to_string(content) +
                                     " bytes but its header says " + std::to_string(h->uncompressed_bytes));
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
