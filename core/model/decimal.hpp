#pragma once
// Exact fixed-point decimals for prices and quantities.
//
// Every price and size on the wire is a decimal string; we keep it as an integer number of
// 1e-8 units so that equal decimals are equal keys (0.1 + 0.2 == 0.3 here) and no sum ever
// passes through binary floating point.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope {

// GCC/Clang 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
__extension__ using int128 = __int128;

inline constexpr int kDecimalDigits = 8;
inline constexpr std::int64_t kDecimalScale = 100'000'000;  // 10^kDecimalDigits

// Price: int64 in 1e-8 units, enough for prices up to ~9.2e10.
struct Price {
    std::int64_t units = 0;
    friend constexpr auto operator<=>(Price, Price) = default;
};

// Quantity: int128 in 1e-8 units. Meme-coin sizes reach 1e12 (1e20 units), past int64.
struct Quantity {
    int128 units = 0;
    friend constexpr auto operator<=>(const Quantity&, const Quantity&) = default;
    constexpr Quantity& operator+=(Quantity o) { units += o.units; return *this; }
    constexpr Quantity& operator-=(Quantity o) { units -= o.units; return *this; }
    friend constexpr Quantity operator+(Quantity a, Quantity b) { return {a.units + b.units}; }
    friend constexpr Quantity operator-(Quantity a, Quantity b) { return {a.units - b.units}; }
    constexpr bool is_zero() const { return units == 0; }
};

// Parses "123.456", "-0.5", "1e-3"-free plain decimals exactly. Rejects empty text, more than
// kDecimalDigits fractional digits that are not zeros, signs where not allowed, and overflow.
// Accepts trailing zeros past 8 digits ("0.100000000000") because exchanges pad.
std::optional<int128> parse_decimal_units(std::string_view text);
std::optional<Price> parse_price(std::string_view text);
std::optional<Quantity> parse_quantity(std::string_view text);

// Exact decimal text, no exponent, trailing zeros trimmed ("9682.5", "0.001", "-12").
std::string format_units(int128 units);
inline std::string format_price(Price p) { return format_units(p.units); }
inline std::string format_quantity(Quantity q) { return format_units(q.units); }
void append_units(std::string& out, int128 units);

// For display and ratios only (never for sums).
inline double to_double(int128 units) { return static_cast<double>(units) / kDecimalScale; }
inline double to_double(Price p) { return to_double(p.units); }
inline double to_double(Quantity q) { return to_double(q.units); }

// Floor division that rounds towards minus infinity (bucket of a negative price stays below it).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

}  // namespace flowscope
