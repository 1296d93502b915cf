#include "record/crc32.hpp"

#include <array>

namespace flowscope::record {

namespace {
// Slicing-by-4 tables: four bytes per step keeps checksumming well below the cost of zstd.
constexpr std::array<std::array<std::uint32_t, 256>, 4> make_tables() {
    std::array<std::array<std::uint32_t, 256>, 4> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1U) ? (0xEDB88320U ^ (c >> 1)) : (c >> 1);
        t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i)
        for (std::size_t s = 1; s < 4; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFFU];
    return t;
}
constexpr auto kTables = make_tables();
}  // namespace

std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t previous) {
    std::uint32_t c = ~previous;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    while (n >= 4) {
        c ^= static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
             (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
        c = kTables[3][c & 0xFFU] ^ kTables[2][(c >> 8) & 0xFFU] ^ kTables[1][(c >> 16) & 0xFFU] ^
            kTables[0][c >> 24];
        p += 4;
        n -= 4;
    }
    while (n--) c = kTables[0][(c ^ *p++) & 0xFFU] ^ (c >> 8);
    return ~c;
}

}  // namespace flowscope::record
