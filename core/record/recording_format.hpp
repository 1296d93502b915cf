#pragma once
// The on-disk layout of a .fsrec recording (docs/recording-format.md is the full description).
//
//   file header | block | block | … | index footer (only when the file was closed cleanly)
//
// Every structure carries its own CRC-32 so that damage is found where it is, and each block
// starts with a magic so that a reader can find the next block after damage.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/exchange.hpp"

namespace flowscope::record {

inline constexpr std::uint16_t kFormatVersion = 1;
inline constexpr std::string_view kFileExtension = ".fsrec";
inline constexpr std::array<char, 8> kFileMagic{'\x89', 'F', 'S', 'R', 'E', 'C', '\r', '\n'};
inline constexpr std::array<char, 4> kBlockMagic{'\xF5', 'B', 'L', 'K'};
inline constexpr std::array<char, 4> kIndexMagic{'\xF5', 'I', 'D', 'X'};
inline constexpr std::array<char, 4> kTrailerMagic{'\xF5', 'E', 'N', 'D'};
inline constexpr std::size_t kBlockHeaderSize = 40;
inline constexpr std::size_t kIndexEntrySize = 28;
inline constexpr std::size_t kTrailerSize = 16;
inline constexpr std::size_t kMaxSymbolBytes = 64;
// Blocks above these sizes are treated as damage (the writer never makes them).
inline constexpr std::uint32_t kMaxBlockPayloadBytes = 64U << 20;
inline constexpr std::uint32_t kMaxBlockFrames = 1U << 22;

struct FileHeader {
    std::uint16_t version = kFormatVersion;
    std::int64_t created_time_us = 0;  // wall clock when the file was created
    Exchange exchange = Exchange::Unknown;  // the stream the file was opened for
    std::string symbol;
};

struct BlockHeader {
    std::uint32_t compressed_bytes = 0;    // zstd frame that follows the header
    std::uint32_t uncompressed_bytes = 0;  // the transformed payload (frame_codec)
    std::uint32_t frame_count = 0;
    std::int64_t min_time_us = 0;          // earliest and latest receive time in the block
    std::int64_t max_time_us = 0;
    std::uint32_t payload_crc = 0;         // CRC-32 of the compressed bytes
};

// One footer index entry per block: enough to seek without touching the blocks.
struct IndexEntry {
    std::uint64_t offset = 0;  // of the block header
    std::int64_t min_time_us = 0;
    std::int64_t max_time_us = 0;
    std::uint32_t frame_count = 0;
};

std::string encode_file_header(const FileHeader& header);
// The header's size, or nullopt with an explanation. A newer format version is refused here.
struct FileHeaderResult {
    std::optional<FileHeader> header;
    std::size_t size = 0;
    std::string error;
};
FileHeaderResult decode_file_header(std::string_view bytes);

std::string encode_block_header(const BlockHeader& header);
// Reads kBlockHeaderSize bytes that start with kBlockMagic; nullopt when the CRC fails.
std::optional<BlockHeader> decode_block_header(std::string_view bytes);

// Index section + fixed trailer, appended on close.
std::string encode_index(const std::vector<IndexEntry>& entries, std::uint64_t index_offset);
// Reads the footer at the end of a file; nullopt when it is missing or damaged.
std::optional<std::vector<IndexEntry>> decode_index(std::string_view file, std::uint64_t& index_offset);

}  // namespace flowscope::record
