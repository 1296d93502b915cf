#include "aggregate/bar_spec.hpp"

#include <charconv>

namespace flowscope {

std::optional<BarSpec> BarSpec::parse(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    const char unit = text.back();
    const std::string_view number = text.substr(0, text.size() - 1);
    if (unit == 'v') {
        auto v = parse_quantity(number);
        if (!v || v->is_zero()) return std::nullopt;
        return BarSpec::volume(*v);
    }
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc() || ptr != number.data() + number.size() || n <= 0) return std::nullopt;
    switch (unit) {
        case 't': return BarSpec::ticks(n);
        case 's': return BarSpec::time(n);
        case 'm': return BarSpec::time(n * 60);
        case 'h': return BarSpec::time(n * 3600);
        case 'D':
        case 'd': return BarSpec::time(n * 86400);
        default: return std::nullopt;
    }
}

std::string BarSpec::name() const {
    switch (kind) {
        case BarKind::Tick: return std::to_string(trades_per_bar) + "t";
        case BarKind::Volume: return format_quantity(volume_per_bar) + "v";
        case BarKind::Time: break;
    }
    const std::int64_t s = duration_us / 1'000'000;
    if (s % 86400 == 0) return std::to_string(s / 86400) + "D";
    if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
    if (s % 60 == 0) return std::to_string(s / 60) + "m";
    return std::to_string(s) + "s";
}

}  // namespace flowscope
