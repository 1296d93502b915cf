#pragma once
// CRC-32 (IEEE 802.3, the zlib/PNG polynomial) for block and header checksums.
// Our own small implementation: libzstd does not export its XXH64, and nothing else is needed.
#include <cstddef>
#include <cstdint>
#include <span>

namespace flowscope::record {

// crc32({}) == 0; crc32("123456789") == 0xCBF43926.
std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t previous = 0);

}  // namespace flowscope::record
