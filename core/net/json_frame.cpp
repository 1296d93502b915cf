#include "net/json_frame.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>

namespace flowscope::net_detail {

simdjson::error_code JsonFrameParser::iterate(std::string_view frame, simdjson::ondemand::document& doc) {
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: give it a padded copy.
    const std::size_t capacity = frame.size() + simdjson::SIMDJSON_PADDING;
    if (buffer_.size() < capacity) buffer_.resize(capacity);
    std::copy(frame.begin(), frame.end(), buffer_.begin());
    std::fill_n(buffer_.begin() + static_cast<std::ptrdiff_t>(frame.size()), simdjson::SIMDJSON_PADDING, '\0');
    return parser_.iterate(simdjson::padded_string_view(buffer_.data(), frame.size(), buffer_.size())).get(doc);
}

bool fully_consumed(simdjson::ondemand::document& doc) {
    const char* location = nullptr;
    return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

std::optional<std::string_view> json_number_text(simdjson::ondemand::value value) {
    simdjson::ondemand::json_type type;
    if (value.type().get(type) || type != simdjson::ondemand::json_type::number) return std::nullopt;
    std::string_view token = value.raw_json_token();
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r'))
        token.remove_suffix(1);
    return token;
}

std::optional<int128> wire_decimal_units(std::string_view text) {
    constexpr std::size_t kMaxIntegerDigits = 20;
    std::string_view integer = text.substr(0, text.find('.'));
    if (!integer.empty() && (integer.front() == '-' || integer.front() == '+')) integer.remove_prefix(1);
    if (integer.size() > kMaxIntegerDigits) return std::nullopt;
    return parse_decimal_units(text);
}

std::optional<Price> wire_price(std::string_view text) {
    const auto units = wire_decimal_units(text);
    if (!units || *units > std::numeric_limits<std::int64_t>::max() || *units < std::numeric_limits<std::int64_t>::min())
        return std::nullopt;
    return Price{static_cast<std::int64_t>(*units)};
}

std::optional<Quantity> wire_quantity(std::string_view text) {
    const auto units = wire_decimal_units(text);
    if (!units || *units < 0) return std::nullopt;
    return Quantity{*units};
}

std::optional<int128> exact_number_units(std::string_view text) {
    const std::size_t e = text.find_first_of("eE");
    if (e == std::string_view::npos) return wire_decimal_units(text);
    // Mantissa digits with the decimal point moved by the exponent, rebuilt as plain text.
    std::string_view mantissa = text.substr(0, e);
    std::string_view exponent_text = text.substr(e + 1);
    if (!exponent_text.empty() && exponent_text.front() == '+') exponent_text.remove_prefix(1);
    int exponent = 0;
    auto [ptr, ec] = std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
    if (ec != std::errc() || ptr != exponent_text.data() + exponent_text.size() || exponent < -40 || exponent > 40)
        return std::nullopt;
    std::string sign;
    if (!mantissa.empty() && (mantissa.front() == '-' || mantissa.front() == '+')) {
        if (mantissa.front() == '-') sign = "-";
        mantissa.remove_prefix(1);
    }
    std::string digits;
    int point = -1;  // digits before the decimal point
    for (char c : mantissa) {
        if (c == '.') {
            if (point >= 0) return std::nullopt;
            point = static_cast<int>(digits.size());
        } else if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else {
            return std::nullopt;
        }
    }
    if (digits.empty()) return std::nullopt;
    if (point < 0) point = static_cast<int>(digits.size());
    point += exponent;
    if (point <= 0) {
        digits.insert(0, static_cast<std::size_t>(-point) + 1, '0');
        point = 1;
    } else if (point > static_cast<int>(digits.size())) {
        digits.append(static_cast<std::size_t>(point) - digits.size(), '0');
    }
    std::string plain = sign + digits.substr(0, static_cast<std::size_t>(point));
    if (static_cast<std::size_t>(point) < digits.size()) plain += "." + digits.substr(static_cast<std::size_t>(point));
    return wire_decimal_units(plain);
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339_us(std::string_view t) {
    int year, month, day, hour, minute, second;
    if (!read_digits(t, 0, 4, year) || t.size() < 20 || t[4] != '-' || !read_digits(t, 5, 2, month) || t[7] != '-' ||
        !read_digits(t, 8, 2, day) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !read_digits(t, 11, 2, hour) ||
        t[13] != ':' || !read_digits(t, 14, 2, minute) || t[16] != ':' || !read_digits(t, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::size_t i = 19;
    std::int64_t micros = 0;
    if (i < t.size() && t[i] == '.') {
        ++i;
        int digits = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            if (digits < 6) micros = micros * 10 + (t[i] - '0');  // finer than µs is cut, not rounded
            ++digits;
            ++i;
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 6; ++digits) micros *= 10;
    }
    std::int64_t offset_s = 0;
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
        ++i;
    } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        int oh, om;
        if (!read_digits(t, i + 1, 2, oh) || i + 3 >= t.size() || t[i + 3] != ':' || !read_digits(t, i + 4, 2, om))
            return std::nullopt;
        offset_s = (oh * 3600 + om * 60) * (t[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return std::nullopt;  // a time without a zone is ambiguous
    }
    if (i != t.size()) return std::nullopt;
    const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
    return seconds * 1'000'000 + micros;
}

std::optional<std::int64_t> parse_millis_text_us(std::string_view text) {
    std::int64_t ms = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || ms < 0 || ms > 99'999'999'999'999)
        return std::nullopt;
    return ms * 1000;
}

std::optional<std::string_view> string_value(simdjson::ondemand::value value) {
    std::string_view s;
    if (value.get_string().get(s)) return std::nullopt;
    return s;
}

std::string upper_symbol(std::string_view user_symbol, char separator) {
    std::string s;
    s.reserve(user_symbol.size());
    for (char c : user_symbol) {
        if (c == ' ') continue;
        if (c == '/' || c == '-' || c == '_') {
            if (separator != '\0') s.push_back(separator);
            continue;
        }
        s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return s;
}

std::string append_wire_trade(const WireTrade& wire, const WireTradeSpelling& spelling, Exchange exchange,
                              std::int64_t receive_time_us, std::vector<Trade>& out) {
    if (wire.symbol.empty() || !Symbol::fits(wire.symbol)) return "bad symbol";
    if (wire.id.empty() || !decltype(TradeId::text)::fits(wire.id)) return "bad trade id";
    if (wire.side != spelling.buy && wire.side != spelling.sell) return "bad side \"" + std::string(wire.side) + "\"";
    const auto price = wire_price(wire.price);
    if (!price || price->units <= 0)
        return "bad " + std::string(spelling.price_field) + " \"" + std::string(wire.price) + "\"";
    const auto size = wire_quantity(wire.size);
    if (!size || size->units <= 0)
        return "bad " + std::string(spelling.size_field) + " \"" + std::string(wire.size) + "\"";
    Trade& t = out.emplace_back();
    t.exchange_time_us = wire.time_us;
    t.receive_time_us = receive_time_us;
    t.price = *price;
    t.quantity = *size;
    t.id = TradeId::from_text(wire.id);
    t.symbol = Symbol(wire.symbol);
    t.exchange = exchange;
    const bool buy_word = wire.side == spelling.buy;
    t.aggressor = buy_word == spelling.side_is_taker ? Side::Buy : Side::Sell;
    return {};
}

}  // namespace flowscope::net_detail
