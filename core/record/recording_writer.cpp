#include "record/recording_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <chrono>
#include <algorithm>
#include <cstring>
#include <span>

#include "record/crc32.hpp"
#include "record/recording_compaction.hpp"
#include "model/wall_clock.hpp"

namespace flowscope::record {

Result<std::unique_ptr<RecordingWriter>> RecordingWriter::create(const std::string& path, Exchange exchange,
                                                                 std::string_view symbol,
                                                                 const RecordingWriterOptions& options) {
    if (symbol.size() > kMaxSymbolBytes)
        return Failure{"symbol is longer than " + std::to_string(kMaxSymbolBytes) + " bytes"};
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return Failure{"cannot create " + path + ": " + std::strerror(errno)};
    std::unique_ptr<RecordingWriter> w(new RecordingWriter(path, fd, options));
    FileHeader header;
    header.created_time_us = options.created_time_us != 0 ? options.created_time_us : wall_now_us();
    header.exchange = exchange;
    header.symbol = std::string(symbol);
    if (!w->write_all(encode_file_header(header))) {
        // Not even the header fits (a full disk): leave no file behind that is not a recording,
        // and no new name taken on every retry.
        std::string error = w->error();
        w.reset();
        ::unlink(path.c_str());
        return Failure{std::move(error)};
    }
    return w;
}

RecordingWriter::RecordingWriter(std::string path, int fd, const RecordingWriterOptions& options)
    : path_(std::move(path)), fd_(fd), options_(options), zstd_(ZSTD_createCCtx()) {}

RecordingWriter::~RecordingWriter() {
    close();
    ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(zstd_));
}

bool RecordingWriter::write_all(std::string_view bytes) {
    if (fd_ < 0) {
        if (error_.empty()) error_ = path_ + " is closed";
        return false;
    }
    const std::uint64_t start = offset_;
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error_ = "cannot write " + path_ + ": " + std::strerror(n < 0 ? errno : ENOSPC);
            // A full disk takes part of a block before it refuses the rest: cut that part off, so
            // the file ends on its last whole block and reads back without damage.
            if (offset_ > start) {
                if (::ftruncate(fd_, static_cast<off_t>(start)) == 0 && ::lseek(fd_, static_cast<off_t>(start), SEEK_SET) >= 0)
                    offset_ = start;
                else
                    error_ += "; the part of a block written before could not be cut off (" + std::string(std::strerror(errno)) + ")";
            }
            return false;
        }
        offset_ += static_cast<std::uint64_t>(n);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool RecordingWriter::append(const RecordedFrame& frame) {
    if (!error_.empty() || fd_ < 0) return false;
    encoder_.add(frame);
    if (encoder_.frame_count() >= options_.max_block_frames || encoder_.encoded_bytes() >= options_.max_block_bytes)
        return flush();
    return flush_if_due(frame.receive_time_us);
}

bool RecordingWriter::flush_if_due(std::int64_t now_us) {
    if (options_.flush_interval_us <= 0 || encoder_.frame_count() == 0) return error_.empty();
    if (now_us - encoder_.min_time_us() < options_.flush_interval_us) return error_.empty();
    return flush();
}

bool RecordingWriter::flush() {
    if (encoder_.frame_count() == 0) return error_.empty();
    if (!error_.empty()) return false;
    BlockHeader h;
    h.frame_count = encoder_.frame_count();
    h.min_time_us = encoder_.min_time_us();
    h.max_time_us = encoder_.max_time_us();
    const std::string payload = encoder_.finish();
    std::string block(ZSTD_compressBound(payload.size()) + kBlockHeaderSize, '\0');
    const std::size_t compressed =
        ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(zstd_), block.data() + kBlockHeaderSize,
                          block.size() - kBlockHeaderSize, payload.data(), payload.size(), options_.zstd_level);
    if (ZSTD_isError(compressed)) {
        error_ = std::string("zstd failed: ") + ZSTD_getErrorName(compressed);
        return false;
    }
    block.resize(kBlockHeaderSize + compressed);
    h.compressed_bytes = static_cast<std::uint32_t>(compressed);
    h.uncompressed_bytes = static_cast<std::uint32_t>(payload.size());
    h.payload_crc = crc32(std::as_bytes(std::span<const char>(block.data() + kBlockHeaderSize, compressed)));
    const std::string head = encode_block_header(h);
    std::memcpy(block.data(), head.data(), kBlockHeaderSize);
    const IndexEntry entry{offset_, h.min_time_us, h.max_time_us, h.frame_count};
    if (!write_all(block)) return false;  // one write per block: a kill leaves whole blocks
    index_.push_back(entry);
    frames_written_ += h.frame_count;
    return true;
}

bool RecordingWriter::close() {
    if (fd_ < 0) return error_.empty();
    bool ok = flush();
    if (ok) ok = write_all(encode_index(index_, offset_));
    if (::close(fd_) != 0 && ok) {
        error_ = "cannot close " + path_ + ": " + std::strerror(errno);
        ok = false;
    }
    fd_ = -1;
    // Only blocks made small by the time flush are worth it (callers asking for small blocks get them).
    const std::uint64_t small = std::min<std::uint64_t>(1000, options_.max_block_frames / 2);
    if (ok && options_.compact_on_close && options_.flush_interval_us > 0 && index_.size() > 1 &&
        frames_written_ / index_.size() < small) {
        (void)compact_recording(path_);  // best effort: the original stays valid either way
        struct stat st {};
        if (::stat(path_.c_str(), &st) == 0) offset_ = static_cast<std::uint64_t>(st.st_size);
    }
    return ok;
}

}  // namespace flowscope::record
