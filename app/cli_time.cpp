#include "cli_time.hpp"

#include <charconv>
#include <chrono>

namespace flowscope::cli {

namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t digits, int& out) {
    if (pos + digits > text.size()) return false;
    const auto r = std::from_chars(text.data() + pos, text.data() + pos + digits, out);
    return r.ec == std::errc() && r.ptr == text.data() + pos + digits;
}

}  // namespace

std::optional<std::int64_t> parse_time_argument(std::string_view text) {
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
        std::int64_t ms = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (r.ec != std::errc() || text.size() > 15) return std::nullopt;
        return ms * 1000;
    }
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!read_int(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_int(text, 5, 2, mo) || text[7] != '-' ||
        !read_int(text, 8, 2, d))
        return std::nullopt;
    std::int64_t fraction_us = 0;
    if (text.size() > 10) {
        if ((text[10] != 'T' && text[10] != ' ') || text.size() < 20 || !read_int(text, 11, 2, h) || text[13] != ':' ||
            !read_int(text, 14, 2, mi) || text[16] != ':' || !read_int(text, 17, 2, s))
            return std::nullopt;
        std::size_t pos = 19;
        if (pos < text.size() && text[pos] == '.') {
            std::int64_t scale = 100'000;
            for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
                if (scale > 0) fraction_us += (text[pos] - '0') * scale;
        }
        if (pos != text.size() - 1 || text[pos] != 'Z') return std::nullopt;  // UTC only, said with Z
    }
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                           std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
    return ((days * 24 + h) * 60 + mi) * 60'000'000 + std::int64_t{s} * 1'000'000 + fraction_us;
}

std::optional<std::int64_t> parse_duration_argument(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t unit = 1'000'000;
    switch (text.back()) {
        case 's': unit = 1'000'000; text.remove_suffix(1); break;
        case 'm': unit = 60'000'000; text.remove_suffix(1); break;
        case 'h': unit = 3'600'000'000; text.remove_suffix(1); break;
        case 'd': unit = 86'400'000'000; text.remove_suffix(1); break;
        default: break;
    }
    std::int64_t n = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || n <= 0 || n > 3650LL * 86400) return std::nullopt;
    return n * unit;
}

}  // namespace flowscope::cli
