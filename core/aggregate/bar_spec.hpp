#pragma once
// What closes a bar: a UTC-aligned time interval, a number of trades, or an amount of volume.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/decimal.hpp"

namespace flowscope {

enum class BarKind : std::uint8_t { Time, Tick, Volume };

struct BarSpec {
    BarKind kind = BarKind::Time;
    std::int64_t duration_us = 60'000'000;  // Time bars
    std::int64_t trades_per_bar = 0;        // Tick bars
    Quantity volume_per_bar;                // Volume bars

    static BarSpec time(std::int64_t seconds) { return {BarKind::Time, seconds * 1'000'000, 0, {}}; }
    static BarSpec ticks(std::int64_t n) { return {BarKind::Tick, 0, n, {}}; }
    static BarSpec volume(Quantity v) { return {BarKind::Volume, 0, 0, v}; }

    // "1s" "5s" "15s" "30s" "1m" "5m" "15m" "30m" "1h" "4h" "1D" (also "1d"), "500t" (trades),
    // "25v" or "2.5v" (volume). Returns nullopt for anything else.
    static std::optional<BarSpec> parse(std::string_view text);
    std::string name() const;

    friend bool operator==(const BarSpec&, const BarSpec&) = default;
};

// The eleven standard time frames, finest first.
inline constexpr std::array<std::string_view, 11> kStandardTimeframes{
    "1s", "5s", "15s", "30s", "1m", "5m", "15m", "30m", "1h", "4h", "1D"};

}  // namespace flowscope
