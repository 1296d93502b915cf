#pragma once
// A short string stored inline, so that a Trade never allocates (ids and symbols are short).
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace flowscope {

template <std::size_t Capacity>
class FixedString {
public:
    constexpr FixedString() = default;
    // Longer text is cut to Capacity: callers that care check fits() first.
    constexpr explicit FixedString(std::string_view s) { assign(s); }
    constexpr void assign(std::string_view s) {
        size_ = static_cast<std::uint8_t>(std::min(s.size(), Capacity));
        std::copy_n(s.data(), size_, data_.data());
    }
    static constexpr bool fits(std::string_view s) { return s.size() <= Capacity; }
    constexpr std::string_view view() const { return {data_.data(), size_}; }
    constexpr bool empty() const { return size_ == 0; }
    friend constexpr bool operator==(const FixedString& a, const FixedString& b) { return a.view() == b.view(); }

private:
    std::array<char, Capacity> data_{};
    std::uint8_t size_ = 0;
};

}  // namespace flowscope
