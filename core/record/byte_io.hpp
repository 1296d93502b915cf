#pragma once
// Little-endian fixed-width fields and LEB128 varints, for the recording format.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::record {

template <typename T>
void put_le(std::string& out, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xFFU));
}

template <typename T>
T get_le(const char* p) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return static_cast<T>(v);
}

inline void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7FU) | 0x80U));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

// Small signed deltas become small unsigned numbers: 0, -1, 1, -2 … → 0, 1, 2, 3 …
inline std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1U);
}

// Reads from a bounded buffer; every read checks the bounds so damaged input cannot overrun.
class ByteReader {
public:
    explicit ByteReader(std::string_view data) : data_(data) {}

    std::optional<std::uint64_t> varint() {
        // Most deltas fit one byte: that case first, on its own.
        if (pos_ < data_.size() && static_cast<unsigned char>(data_[pos_]) < 0x80U)
            return static_cast<unsigned char>(data_[pos_++]);
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) return std::nullopt;
            const auto b = static_cast<unsigned char>(data_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7FU) << shift;
            if ((b & 0x80U) == 0) return v;
        }
        return std::nullopt;
    }
    std::optional<std::string_view> bytes(std::size_t n) {
        if (data_.size() - pos_ < n) return std::nullopt;
        std::string_view s = data_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    std::optional<unsigned char> byte() {
        if (pos_ >= data_.size()) return std::nullopt;
        return static_cast<unsigned char>(data_[pos_++]);
    }
    bool at_end() const { return pos_ == data_.size(); }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
};

}  // namespace flowscope::record
