#include "io/byte_source.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace flowscope {

namespace {

constexpr std::size_t kZipChunkBytes = 4u << 20;

bool ends_with_csv(std::string_view name) {
    if (name.size() < 4) return false;
    std::string_view ext = name.substr(name.size() - 4);
    return ext[0] == '.' && (ext[1] | 0x20) == 'c' && (ext[2] | 0x20) == 's' && (ext[3] | 0x20) == 'v';
}

// A whole file mapped read-only: the parser reads it in place.
class MappedFileSource final : public ByteSource {
public:
    MappedFileSource(const void* data, std::size_t size) : data_(data), size_(size) {}
    ~MappedFileSource() override { munmap(const_cast<void*>(data_), size_); }
    MappedFileSource(const MappedFileSource&) = delete;
    MappedFileSource& operator=(const MappedFileSource&) = delete;

    bool next_block(std::string_view& block) override {
        if (done_) return false;
        done_ = true;
        block = {static_cast<const char*>(data_), size_};
        return true;
    }

private:
    const void* data_;
    std::size_t size_;
    bool done_ = false;
};

// Files that cannot be mapped (pipes, /dev/stdin) are read whole.
class BufferedFileSource final : public ByteSource {
public:
    explicit BufferedFileSource(std::string bytes) : bytes_(std::move(bytes)) {}
    bool next_block(std::string_view& block) override {
        if (done_) return false;
        done_ = true;
        block = bytes_;
        return true;
    }

private:
    std::string bytes_;
    bool done_ = false;
};

// One zip entry, decompressed in chunks; the partial line at a chunk's end moves to the next block.
class ZipEntrySource final : public ByteSource {
public:
    ZipEntrySource(zip_t* archive, zip_file_t* file, std::string label)
        : archive_(archive), file_(file), label_(std::move(label)), buffer_(kZipChunkBytes) {}
    ~ZipEntrySource() override {
        zip_fclose(file_);
        zip_discard(archive_);
    }
    ZipEntrySource(const ZipEntrySource&) = delete;
    ZipEntrySource& operator=(const ZipEntrySource&) = delete;

    bool next_block(std::string_view& block) override {
        if (consumed_ > 0) {
            std::memmove(buffer_.data(), buffer_.data() + consumed_, size_ - consumed_);
            size_ -= consumed_;
            consumed_ = 0;
        }
        for (;;) {
            if (eof_) {
                if (size_ == 0) return false;
                block = {buffer_.data(), size_};
                consumed_ = size_;
                return true;
            }
            if (size_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // a line longer than a chunk
            const std::size_t scan_from = size_;
            const zip_int64_t n = zip_fread(file_, buffer_.data() + size_, buffer_.size() - size_);
            if (n < 0) {
                error_ = label_ + ": cannot decompress: " + zip_file_strerror(file_);
                return false;
            }
            if (n == 0) {
                eof_ = true;
                continue;
            }
            size_ += static_cast<std::size_t>(n);
            const void* last_newline = memrchr(buffer_.data() + scan_from, '\n', size_ - scan_from);
            if (last_newline != nullptr) {
                consumed_ = static_cast<std::size_t>(static_cast<const char*>(last_newline) - buffer_.data()) + 1;
                block = {buffer_.data(), consumed_};
                return true;
            }
        }
    }

private:
    zip_t* archive_;
    zip_file_t* file_;
    std::string label_;
    std::vector<char> buffer_;
    std::size_t size_ = 0;      // bytes held in buffer_
    std::size_t consumed_ = 0;  // bytes handed out by the last block
    bool eof_ = false;
};

OpenedByteSource open_zip(const std::string& path) {
    int code = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (archive == nullptr) {
        zip_error_t err;
        zip_error_init_with_code(&err, code);
        OpenedByteSource out{nullptr, path + ": cannot open zip: " + zip_error_strerror(&err)};
        zip_error_fini(&err);
        return out;
    }
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    zip_int64_t chosen = -1;
    int csv_entries = 0;
    for (zip_int64_t i = 0; i < entries; ++i) {
        const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
        if (name != nullptr && ends_with_csv(name)) {
            ++csv_entries;
            chosen = i;
        }
    }
    if (csv_entries == 0 && entries == 1) chosen = 0;  // one entry with another name: still the data
    if (chosen < 0 || csv_entries > 1) {
        zip_discard(archive);
        return {nullptr, path + ": the zip holds " + std::to_string(csv_entries) +
                             " CSV files among " + std::to_string(entries) + " entries; expected exactly one"};
    }
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(chosen), 0);
    if (file == nullptr) {
        std::string message = path + ": cannot read zip entry: " + zip_strerror(archive);
        zip_discard(archive);
        return {nullptr, message};
    }
    return {std::make_unique<ZipEntrySource>(archive, file, path), {}};
}

bool has_zip_signature(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

std::string errno_text() { return std::strerror(errno); }

}  // namespace

OpenedByteSource open_byte_source(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {nullptr, path + ": cannot open: " + errno_text()};
    struct stat st{};
    if (fstat(fd, &st) != 0) {
        std::string message = path + ": cannot stat: " + errno_text();
        ::close(fd);
        return {nullptr, message};
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return {nullptr, path + ": is a directory, not a trade file"};
    }
    std::unique_ptr<ByteSource> source;
    bool is_zip = false;
    if (S_ISREG(st.st_mode)) {
        if (st.st_size == 0) {
            ::close(fd);
            return {nullptr, path + ": empty file, no trades"};
        }
        const auto size = static_cast<std::size_t>(st.st_size);
        void* data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (data == MAP_FAILED) {
            std::string message = path + ": cannot map: " + errno_text();
            ::close(fd);
            return {nullptr, message};
        }
        madvise(data, size, MADV_SEQUENTIAL | MADV_WILLNEED);
        is_zip = has_zip_signature({static_cast<const char*>(data), size});
        source = std::make_unique<MappedFileSource>(data, size);
    } else {
        std::string bytes;
        char chunk[1 << 16];
        for (;;) {
            const ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                std::string message = path + ": cannot read: " + errno_text();
                ::close(fd);
                return {nullptr, message};
            }
            if (n == 0) break;
            bytes.append(chunk, static_cast<std::size_t>(n));
        }
        if (bytes.empty()) {
            ::close(fd);
            return {nullptr, path + ": empty file, no trades"};
        }
        if (has_zip_signature(bytes)) {
            ::close(fd);
            return {nullptr, path + ": a zip must be a regular file (it cannot be read from a pipe)"};
        }
        source = std::make_unique<BufferedFileSource>(std::move(bytes));
    }
    ::close(fd);
    if (is_zip) {
        source.reset();
        return open_zip(path);
    }
    return {std::move(source), {}};
}

}  // namespace flowscope
