#include "model/decimal.hpp"

#include <algorithm>
#include <limits>

namespace flowscope {

namespace {
constexpr int128 kMaxUnits = (static_cast<int128>(1) << 120);  // far above any real size, far below overflow
// The integer part is scaled by 10^8 at the end: bound it first so that scaling cannot overflow.
constexpr int128 kMaxIntegerPart = kMaxUnits / kDecimalScale;
}

std::optional<int128> parse_decimal_units(std::string_view text) {
    if (text.empty()) return std::nullopt;
    bool negative = false;
    std::size_t i = 0;
    if (text[0] == '-' || text[0] == '+') {
        negative = text[0] == '-';
        i = 1;
    }
    int128 value = 0;
    int int_digits = 0;
    for (; i < text.size() && text[i] != '.'; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
        if (value > kMaxIntegerPart) return std::nullopt;
        ++int_digits;
    }
    int frac_digits = 0;
    if (i < text.size()) {  // text[i] == '.'
        ++i;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c < '0' || c > '9') return std::nullopt;
            if (frac_digits < kDecimalDigits) {
                value = value * 10 + (c - '0');
                ++frac_digits;
            } else if (c != '0') {
                return std::nullopt;  // more precision than we can hold exactly
            }
        }
        if (frac_digits == 0 && int_digits == 0) return std::nullopt;  // "." alone
    } else if (int_digits == 0) {
        return std::nullopt;  // "-" alone
    }
    if (int_digits == 0 && frac_digits == 0) return std::nullopt;
    for (int d = frac_digits; d < kDecimalDigits; ++d) value *= 10;
    if (value > kMaxUnits) return std::nullopt;
    return negative ? -value : value;
}

std::optional<Price> parse_price(std::string_view text) {
    auto units = parse_decimal_units(text);
    if (!units || *units > std::numeric_limits<std::int64_t>::max() ||
        *units < std::numeric_limits<std::int64_t>::min())
        return std::nullopt;
    return Price{static_cast<std::int64_t>(*units)};
}

std::optional<Quantity> parse_quantity(std::string_view text) {
    auto units = parse_decimal_units(text);
    if (!units || *units < 0) return std::nullopt;
    return Quantity{*units};
}

void append_units(std::string& out, int128 units) {
    if (units < 0) {
        out.push_back('-');
        units = -units;
    }
    char buf[64];
    int n = 0;
    // Digits in reverse, with the decimal point after kDecimalDigits fractional digits.
    int128 v = units;
    for (int d = 0; d < kDecimalDigits; ++d) {
        buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    }
    // Trim trailing fractional zeros (they sit at the start of buf).
    int start = 0;
    while (start < kDecimalDigits && buf[start] == '0') ++start;
    const bool has_fraction = start < kDecimalDigits;
    if (has_fraction) buf[n++] = '.';
    do {
        buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    } while (v != 0);
    for (int k = n - 1; k >= start; --k) {
        if (!has_fraction && k < kDecimalDigits) break;
        out.push_back(buf[k]);
    }
}

std::string format_units(int128 units) {
    std::string s;
    append_units(s, units);
    return s;
}

}  // namespace flowscope
