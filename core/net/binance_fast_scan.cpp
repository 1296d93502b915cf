#include "net/binance_fast_scan.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <optional>

#include "net/binance_print.hpp"
#include "net/json_frame.hpp"

namespace flowscope::net_detail {

namespace {

static_assert(std::endian::native == std::endian::little, "the 8-byte scans read the first character as the low byte");

// Eight characters at a time: each helper marks the high bit of the bytes it looks for. Borrows
// and carries can only mark bytes after the first real one, and only the first is ever used.
constexpr std::uint64_t kOnes = 0x0101010101010101;
constexpr std::uint64_t kHighs = 0x8080808080808080;

constexpr std::uint64_t zero_bytes(std::uint64_t x) { return (x - kOnes) & ~x & kHighs; }
constexpr std::uint64_t bytes_equal(std::uint64_t x, char c) { return zero_bytes(x ^ (kOnes * static_cast<unsigned char>(c))); }

constexpr std::uint64_t non_digit_bytes(std::uint64_t x) {
    const std::uint64_t offset = x ^ (kOnes * '0');  // digits become 0..9
    return ((offset + kOnes * (127 - 9)) | offset) & kHighs;
}

// What ends or disqualifies a plain string: '"', '\\', control characters, DEL, non-ASCII.
constexpr std::uint64_t string_stop_bytes(std::uint64_t x) {
    const std::uint64_t control = (x - kOnes * 0x20) & ~x & kHighs;
    return bytes_equal(x, '"') | bytes_equal(x, '\\') | control | bytes_equal(x, 0x7f) | (x & kHighs);
}

constexpr bool is_string_stop(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '"' || u == '\\' || u < 0x20 || u >= 0x7f;
}

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t load8(const char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
}

std::size_t first_marked(std::uint64_t marks) { return static_cast<std::size_t>(std::countr_zero(marks)) / 8; }

// The keys Binance puts in trade events, each with the shape of its value and where the event
// keeps it. Each key may appear once; any other key means "not sure".
enum class Shape : std::uint8_t { Unknown, String, Integer, Boolean };
enum Slot : std::uint8_t { kTypeSlot, kSymbolSlot, kPriceSlot, kQuantitySlot, kAggIdSlot, kTradeIdSlot,
                           kTradeTimeSlot, kMakerSlot, kOrderTypeSlot, kIgnoredSlot, kSlotCount };
struct KeyInfo {
    unsigned bit = 0;  // 0: not a key we know
    Shape shape = Shape::Unknown;
    Slot slot = kIgnoredSlot;
    std::uint8_t max_digits = 0;
};

// A cursor over the frame that never reads past its end; every step says whether the text
// continued exactly as the canonical spelling does.
class Cursor {
public:
    explicit Cursor(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

    bool at_end() const { return at_ == end_; }

    bool eat(char c) {
        if (at_ == end_ || *at_ != c) return false;
        ++at_;
        return true;
    }

    bool eat(std::string_view literal) {
        if (static_cast<std::size_t>(end_ - at_) < literal.size() || std::memcmp(at_, literal.data(), literal.size()) != 0)
            return false;
        at_ += literal.size();
        return true;
    }

    // A string of printable ASCII without escapes: its content is then exactly what a JSON
    // parser unescapes it to.
    bool plain_string(std::string_view& content) {
        if (!eat('"')) return false;
        const char* start = at_;
        at_ += run_length(string_stop_bytes, [](char c) { return !is_string_stop(c); });
        if (at_ == end_ || *at_ != '"') return false;
        content = {start, static_cast<std::size_t>(at_ - start)};
        ++at_;
        return true;
    }

    // The digits of a JSON unsigned integer of 1..max_digits digits without a leading zero, so
    // they are the canonical decimal of its value; max_digits ≤ 19 keeps it inside uint64.
    bool integer_digits(std::size_t max_digits, std::string_view& digits) {
        const std::size_t count = run_length(non_digit_bytes, is_digit);
        if (count == 0 || count > max_digits || (count > 1 && *at_ == '0')) return false;
        digits = {at_, count};
        at_ += count;
        return true;
    }

    bool boolean(std::string_view& text) {
        const char* start = at_;
        if (!eat("true") && !eat("false")) return false;
        text = {start, static_cast<std::size_t>(at_ - start)};
        return true;
    }

    // A key spelled `"k":` (or `"st":`), described; bit 0 when it is not one of ours.
    KeyInfo known_key();

private:
    // How many characters from here on pass `keep`; `stops` marks the others eight at a time.
    template <typename Stops, typename Keep>
    std::size_t run_length(Stops stops, Keep keep) const {
        const char* p = at_;
        for (; end_ - p >= 8; p += 8)
            if (const std::uint64_t marks = stops(load8(p)); marks != 0)
                return static_cast<std::size_t>(p - at_) + first_marked(marks);
        while (p != end_ && keep(*p)) ++p;
        return static_cast<std::size_t>(p - at_);
    }

    const char* at_;
    const char* end_;
};

// 14 digits: the simdjson path refuses trade times past 99'999'999'999'999 ms. 19 digits always
// fit the uint64 it reads ids as.
constexpr std::uint8_t kTradeTimeDigits = 14;
constexpr std::uint8_t kUint64Digits = 19;

constexpr unsigned kType = 1u << 0, kSymbol = 1u << 1, kPrice = 1u << 2, kQuantity = 1u << 3, kAggId = 1u << 4,
                   kTradeId = 1u << 5, kTradeTime = 1u << 6, kBuyerIsMaker = 1u << 7, kOrderType = 1u << 13;

// "st" is the only two-letter key; it is looked up apart.
constexpr KeyInfo kStatusKey{1u << 15, Shape::Integer, kIgnoredSlot, kUint64Digits};

constexpr std::array<KeyInfo, 256> kKeyOfLetter = [] {
    std::array<KeyInfo, 256> table{};
    table['e'] = {kType, Shape::String, kTypeSlot, 0};
    table['s'] = {kSymbol, Shape::String, kSymbolSlot, 0};
    table['p'] = {kPrice, Shape::String, kPriceSlot, 0};
    table['q'] = {kQuantity, Shape::String, kQuantitySlot, 0};
    table['a'] = {kAggId, Shape::Integer, kAggIdSlot, kUint64Digits};  // a spot `trade`'s seller order id
    table['t'] = {kTradeId, Shape::Integer, kTradeIdSlot, kUint64Digits};
    table['T'] = {kTradeTime, Shape::Integer, kTradeTimeSlot, kTradeTimeDigits};
    table['m'] = {kBuyerIsMaker, Shape::Boolean, kMakerSlot, 0};
    table['X'] = {kOrderType, Shape::String, kOrderTypeSlot, 0};  // USD-M: the kind of print
    // Read by nobody, but still checked, so that the frame is certainly well formed.
    table['E'] = {1u << 8, Shape::Integer, kIgnoredSlot, kUint64Digits};   // event time
    table['f'] = {1u << 9, Shape::Integer, kIgnoredSlot, kUint64Digits};   // first trade id
    table['l'] = {1u << 10, Shape::Integer, kIgnoredSlot, kUint64Digits};  // last trade id
    table['b'] = {1u << 11, Shape::Integer, kIgnoredSlot, kUint64Digits};  // buyer order id
    table['M'] = {1u << 12, Shape::Boolean, kIgnoredSlot, 0};              // best price match
    return table;
}();

KeyInfo Cursor::known_key() {
    if (end_ - at_ >= 4 && at_[0] == '"' && at_[2] == '"' && at_[3] == ':') {
        const KeyInfo key = kKeyOfLetter[static_cast<unsigned char>(at_[1])];
        at_ += 4;
        return key;
    }
    return eat(R"("st":)") ? kStatusKey : KeyInfo{};
}

std::uint64_t value_of(std::string_view digits) {
    std::uint64_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    return v;
}

// 1..10 integer digits and 1..8 decimals: the exact units in int64 arithmetic. Anything else
// (signs, exponents, long fractions, huge values) is left to wire_decimal_units.
inline bool short_decimal_units(std::string_view text, std::int64_t& units_out) {
    constexpr std::size_t kMaxIntegerDigits = 10;  // < 1e10 × 1e8 stays far inside int64
    const char* at = text.data();
    const char* const end = at + text.size();
    std::int64_t units = 0;
    const char* const integer_start = at;
    // Stops one digit past the limit, which is then refused: longer runs would overflow.
    for (; at != end && is_digit(*at) && at - integer_start <= std::ptrdiff_t(kMaxIntegerDigits); ++at)
        units = units * 10 + (*at - '0');
    const auto integer_digits = static_cast<std::size_t>(at - integer_start);
    if (integer_digits == 0 || integer_digits > kMaxIntegerDigits) return false;
    std::size_t fraction_digits = 0;
    if (at != end) {
        if (*at++ != '.') return false;
        const char* const fraction_start = at;
        for (; at != end && is_digit(*at) && at - fraction_start < kDecimalDigits; ++at) units = units * 10 + (*at - '0');
        fraction_digits = static_cast<std::size_t>(at - fraction_start);
        if (at != end || fraction_digits == 0) return false;
    }
    for (std::size_t d = fraction_digits; d < std::size_t(kDecimalDigits); ++d) units *= 10;
    units_out = units;
    return true;
}

// (Out parameters rather than optionals: this is the hot path, and an optional's flag written
// beside its value and read back whole costs a stalled load here.)
bool read_price(std::string_view text, Price& price) {
    if (std::int64_t units = 0; short_decimal_units(text, units)) {
        price = Price{units};
        return true;
    }
    const auto wire = wire_price(text);
    if (wire) price = *wire;
    return wire.has_value();
}

bool read_quantity(std::string_view text, Quantity& quantity) {
    if (std::int64_t units = 0; short_decimal_units(text, units)) {
        quantity = Quantity{units};
        return true;
    }
    const auto wire = wire_quantity(text);
    if (wire) quantity = *wire;
    return wire.has_value();
}

// Every value the trade is made of, as text. Only the slots of seen keys are written and read:
// the rest stay uninitialised, which spares clearing them for every frame.
struct CanonicalEvent {
    struct Text {
        const char* data;
        std::size_t size;
    };
    std::array<Text, kSlotCount> slots;
    unsigned seen = 0;
    std::string_view operator[](Slot slot) const { return {slots[slot].data, slots[slot].size}; }
};

bool scan_event(Cursor& in, CanonicalEvent& ev) {
    if (!in.eat('{')) return false;
    do {
        const KeyInfo key = in.known_key();
        if (key.bit == 0 || (ev.seen & key.bit) != 0) return false;
        ev.seen |= key.bit;
        std::string_view value;
        // One branch on the value's shape instead of one per key: the shapes repeat frame after
        // frame, so the branch is well predicted.
        const bool ok = key.shape == Shape::Integer ? in.integer_digits(key.max_digits, value)
                        : key.shape == Shape::String ? in.plain_string(value)
                                                     : in.boolean(value);
        if (!ok) return false;
        ev.slots[key.slot] = {value.data(), value.size()};
    } while (in.eat(','));
    return in.eat('}');
}

}  // namespace

bool append_canonical_binance_trade(Exchange exchange, std::string_view frame, std::int64_t receive_time_us,
                                    std::vector<Trade>& out) {
    Cursor in(frame);
    CanonicalEvent ev;
    if (in.eat(R"({"stream":)")) {
        std::string_view stream;
        if (!in.plain_string(stream) || !in.eat(R"(,"data":)") || !scan_event(in, ev) || !in.eat('}')) return false;
    } else if (!scan_event(in, ev)) {
        return false;
    }
    if (!in.at_end()) return false;

    constexpr unsigned kRequired = kType | kSymbol | kPrice | kQuantity | kTradeTime | kBuyerIsMaker;
    if ((ev.seen & kRequired) != kRequired) return false;
    const bool is_agg = ev[kTypeSlot] == "aggTrade";
    if (!is_agg && ev[kTypeSlot] != "trade") return false;
    if ((ev.seen & (is_agg ? kAggId : kTradeId)) == 0) return false;
    const std::string_view symbol = ev[kSymbolSlot];
    if (symbol.empty() || !Symbol::fits(symbol)) return false;
    Price price;
    Quantity quantity;
    if (!read_price(ev[kPriceSlot], price) || price.units <= 0) return false;
    if (!read_quantity(ev[kQuantitySlot], quantity) || quantity.units <= 0) return false;

    // The digits as sent are the id's canonical text (no sign, no leading zero): what
    // TradeId::from_number would print, without printing it again.
    const std::string_view id = ev[is_agg ? kAggIdSlot : kTradeIdSlot];
    out.push_back(Trade{
        .exchange_time_us = static_cast<std::int64_t>(value_of(ev[kTradeTimeSlot])) * 1000,
        .receive_time_us = receive_time_us,
        .price = price,
        .quantity = quantity,
        .id = TradeId{.text = FixedString<39>(id), .number = value_of(id)},
        .symbol = Symbol(symbol),
        .exchange = exchange,
        // m: "is the buyer the market maker?" A resting buyer means the incoming order sold.
        .aggressor = ev[kMakerSlot] == "true" ? Side::Sell : Side::Buy,
        .print = (ev.seen & kOrderType) != 0 ? binance_print(ev[kOrderTypeSlot]) : Print::Aggression,
    });
    return true;
}

}  // namespace flowscope::net_detail
