#include "record/recording_format.hpp"

#include <cstring>
#include <span>

#include "record/byte_io.hpp"
#include "record/crc32.hpp"

namespace flowscope::record {

namespace {
std::uint32_t crc_of(std::string_view bytes) {
    return crc32(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
}
bool starts_with(std::string_view bytes, const auto& magic) {
    return bytes.size() >= magic.size() && std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}
// magic(8) version(2) flags(2) size(4) created(8) exchange(1) symbol length(1) → 26 bytes, then
// the symbol, then the CRC-32 of everything before it.
constexpr std::size_t kFixedHeaderBytes = 26;
}  // namespace

std::string encode_file_header(const FileHeader& header) {
    std::string out(kFileMagic.data(), kFileMagic.size());
    const std::string symbol = header.symbol.substr(0, kMaxSymbolBytes);
    put_le<std::uint16_t>(out, header.version);
    put_le<std::uint16_t>(out, 0);  // flags, none defined
    put_le<std::uint32_t>(out, static_cast<std::uint32_t>(kFixedHeaderBytes + symbol.size() + 4));
    put_le<std::int64_t>(out, header.created_time_us);
    out.push_back(static_cast<char>(header.exchange));
    out.push_back(static_cast<char>(symbol.size()));
    out += symbol;
    put_le<std::uint32_t>(out, crc_of(out));
    return out;
}

FileHeaderResult decode_file_header(std::string_view bytes) {
    FileHeaderResult r;
    if (bytes.size() < kFileMagic.size() || !starts_with(bytes, kFileMagic)) {
        r.error = bytes.size() < kFileMagic.size() ? "file is too short to be a recording"
                                                   : "not a flowscope recording (wrong magic)";
        return r;
    }
    if (bytes.size() < kFixedHeaderBytes) {
        r.error = "file header is truncated";
        return r;
    }
    const auto version = get_le<std::uint16_t>(bytes.data() + 8);
    if (version > kFormatVersion) {
        r.error = "recording format version " + std::to_string(version) +
                  " is newer than this flowscope understands (up to version " + std::to_string(kFormatVersion) +
                  "): update flowscope to read it";
        return r;
    }
    if (version == 0) {
        r.error = "file header says format version 0, which never existed";
        return r;
    }
    const auto size = get_le<std::uint32_t>(bytes.data() + 12);
    const auto symbol_len = static_cast<unsigned char>(bytes[25]);
    if (size != kFixedHeaderBytes + symbol_len + 4 || symbol_len > kMaxSymbolBytes) {
        r.error = "file header is damaged (inconsistent size)";
        return r;
    }
    if (bytes.size() < size) {
        r.error = "file header is truncated";
        return r;
    }
    if (crc_of(bytes.substr(0, size - 4)) != get_le<std::uint32_t>(bytes.data() + size - 4)) {
        r.error = "file header is damaged (checksum mismatch)";
        return r;
    }
    FileHeader h;
    h.version = version;
    h.created_time_us = get_le<std::int64_t>(bytes.data() + 16);
    h.exchange = static_cast<Exchange>(static_cast<unsigned char>(bytes[24]));
    h.symbol.assign(bytes.substr(kFixedHeaderBytes, symbol_len));
    r.header = std::move(h);
    r.size = size;
    return r;
}

std::string encode_block_header(const BlockHeader& h) {
    std::string out(kBlockMagic.data(), kBlockMagic.size());
    put_le<std::uint32_t>(out, h.compressed_bytes);
    put_le<std::uint32_t>(out, h.uncompressed_bytes);
    put_le<std::uint32_t>(out, h.frame_count);
    put_le<std::int64_t>(out, h.min_time_us);
    put_le<std::int64_t>(out, h.max_time_us);
    put_le<std::uint32_t>(out, h.payload_crc);
    put_le<std::uint32_t>(out, crc_of(out));
    return out;
}

std::optional<BlockHeader> decode_block_header(std::string_view bytes) {
    if (bytes.size() < kBlockHeaderSize || !starts_with(bytes, kBlockMagic)) return std::nullopt;
    const char* p = bytes.data();
    if (crc_of(bytes.substr(0, kBlockHeaderSize - 4)) != get_le<std::uint32_t>(p + 36)) return std::nullopt;
    BlockHeader h;
    h.compressed_bytes = get_le<std::uint32_t>(p + 4);
    h.uncompressed_bytes = get_le<std::uint32_t>(p + 8);
    h.frame_count = get_le<std::uint32_t>(p + 12);
    h.min_time_us = get_le<std::int64_t>(p + 16);
    h.max_time_us = get_le<std::int64_t>(p + 24);
    h.payload_crc = get_le<std::uint32_t>(p + 32);
    return h;
}

// magic(4) count(4) entries(28 each) crc(4) | trailer: index offset(8) crc of index(4) magic(4)
std::string encode_index(const std::vector<IndexEntry>& entries, std::uint64_t index_offset) {
    std::string out(kIndexMagic.data(), kIndexMagic.size());
    put_le<std::uint32_t>(out, static_cast<std::uint32_t>(entries.size()));
    for (const IndexEntry& e : entries) {
        put_le<std::uint64_t>(out, e.offset);
        put_le<std::int64_t>(out, e.min_time_us);
        put_le<std::int64_t>(out, e.max_time_us);
        put_le<std::uint32_t>(out, e.frame_count);
    }
    const std::uint32_t crc = crc_of(out);
    put_le<std::uint32_t>(out, crc);
    put_le<std::uint64_t>(out, index_offset);
    put_le<std::uint32_t>(out, crc);
    out.append(kTrailerMagic.data(), kTrailerMagic.size());
    return out;
}

std::optional<std::vector<IndexEntry>> decode_index(std::string_view file, std::uint64_t& index_offset) {
    if (file.size() < kTrailerSize) return std::nullopt;
    const std::string_view trailer = file.substr(file.size() - kTrailerSize);
    if (!starts_with(trailer.substr(12), kTrailerMagic)) return std::nullopt;
    index_offset = get_le<std::uint64_t>(trailer.data());
    const auto crc = get_le<std::uint32_t>(trailer.data() + 8);
    if (index_offset > file.size() - kTrailerSize || file.size() - kTrailerSize - index_offset < 12) return std::nullopt;
    const std::string_view index = file.substr(index_offset, file.size() - kTrailerSize - index_offset);
    if (!starts_with(index, kIndexMagic)) return std::nullopt;
    const auto count = get_le<std::uint32_t>(index.data() + 4);
    if (index.size() != 8 + std::size_t{count} * kIndexEntrySize + 4) return std::nullopt;
    if (crc_of(index.substr(0, index.size() - 4)) != crc || get_le<std::uint32_t>(index.data() + index.size() - 4) != crc)
        return std::nullopt;
    std::vector<IndexEntry> entries(count);
    const char* p = index.data() + 8;
    for (IndexEntry& e : entries) {
        e.offset = get_le<std::uint64_t>(p);
        e.min_time_us = get_le<std::int64_t>(p + 8);
        e.max_time_us = get_le<std::int64_t>(p + 16);
        e.frame_count = get_le<std::uint32_t>(p + 24);
        p += kIndexEntrySize;
    }
    return entries;
}

}  // namespace flowscope::record
