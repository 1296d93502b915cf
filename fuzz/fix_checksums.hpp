#pragma once
// Rewrites every CRC-32 of a mutated recording so that it matches its bytes again. Random bytes
// almost never pass a checksum, so without this the fuzzer would stop at the first one; the
// reader's logic behind the checksums (offsets in the footer, sizes in block headers) is where a
// damaged-but-checksummed file does harm.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "record/crc32.hpp"
#include "record/recording_format.hpp"

namespace flowscope::fuzz {

namespace detail {
inline std::uint64_t get(const std::string& b, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}
inline void put32(std::string& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
}
inline std::uint32_t crc_of(const std::string& b, std::size_t at, std::size_t n) {
    return record::crc32(std::as_bytes(std::span<const char>(b.data() + at, n)));
}
}  // namespace detail

inline void fix_checksums(std::string& b) {
    using namespace detail;
    const std::string_view view(b);
    // File header: the size field follows the symbol length, then its CRC.
    if (b.size() >= 26 && std::memcmp(b.data(), record::kFileMagic.data(), 8) == 0) {
        const std::size_t size = 26 + static_cast<unsigned char>(b[25]) + 4;
        put32(b, 12, static_cast<std::uint32_t>(size));
        if (b.size() >= size) put32(b, size - 4, crc_of(b, 0, size - 4));
    }
    // Every block header that fits, and its payload when that fits too.
    const std::string_view block_magic(record::kBlockMagic.data(), 4);
    for (std::size_t at = view.find(block_magic); at != std::string_view::npos; at = view.find(block_magic, at + 1)) {
        if (b.size() - at < record::kBlockHeaderSize) break;
        const std::uint64_t payload = get(b, at + 4, 4);
        if (b.size() - at - record::kBlockHeaderSize >= payload)
            put32(b, at + 32, crc_of(b, at + record::kBlockHeaderSize, payload));
        put32(b, at + 36, crc_of(b, at, 36));
    }
    // The index and the trailer's copy of its CRC, when the trailer finds a well-sized index.
    if (b.size() < record::kTrailerSize) return;
    const std::size_t trailer = b.size() - record::kTrailerSize;
    if (std::memcmp(b.data() + trailer + 12, record::kTrailerMagic.data(), 4) != 0) return;
    const std::uint64_t index = get(b, trailer, 8);
    if (index > trailer || trailer - index < 12) return;
    const std::uint64_t count = get(b, index + 4, 4);
    if (trailer - index != 8 + count * record::kIndexEntrySize + 4) return;
    const std::uint32_t crc = crc_of(b, index, trailer - index - 4);
    put32(b, trailer - 4, crc);
    put32(b, trailer + 8, crc);
}

}  // namespace flowscope::fuzz
