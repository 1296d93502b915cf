#pragma once
// Decimals as exchanges print them: padded with zeros to the symbol's precision ("9682.00",
// "0.010"), never rounded (a value finer than the precision keeps its digits).
#include <string>

#include "model/decimal.hpp"

namespace flowscope::testing {

inline void append_padded(std::string& out, int128 units, int decimals) {
    std::string text = format_units(units);
    const auto dot = text.find('.');
    const int have = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    if (have < decimals) {
        if (dot == std::string::npos) text += '.';
        text.append(static_cast<std::size_t>(decimals - have), '0');
    }
    out += text;
}

// A product of two 1e-8 decimals (price × size, in 1e-16 units), exact, padded to `decimals`.
inline void append_product(std::string& out, int128 units_1e16, int decimals) {
    const bool negative = units_1e16 < 0;
    int128 v = negative ? -units_1e16 : units_1e16;
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v != 0);
    if (digits.size() <= 16) digits.insert(0, 17 - digits.size(), '0');
    std::string whole = digits.substr(0, digits.size() - 16), fraction = digits.substr(digits.size() - 16);
    while (static_cast<int>(fraction.size()) > decimals && fraction.back() == '0') fraction.pop_back();
    if (negative) out += '-';
    out += whole;
    if (!fraction.empty()) out += '.' + fraction;
}

}  // namespace flowscope::testing
