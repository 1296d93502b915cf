#include "net/binance_fast_scan.hpp"

#include <cstring>

#include "net/json_frame.hpp"

namespace flowscope::net_detail {

namespace {

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
        for (; at_ != end_; ++at_) {
            const auto c = static_cast<unsigned char>(*at_);
            if (c == '"') {
                content = {start, static_cast<std::size_t>(at_ - start)};
                ++at_;
                return true;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') return false;
        }
        return false;
    }

    // A JSON unsigned integer of 1..max_digits digits without a leading zero (so its text is the
    // canonical decimal of its value); max_digits ≤ 19 keeps it inside uint64.
    bool unsigned_integer(std::size_t max_digits, std::uint64_t& value, std::string_view& digits) {
        const char* start = at_;
        std::uint64_t v = 0;
        while (at_ != end_ && *at_ >= '0' && *at_ <= '9') {
            v = v * 10 + static_cast<std::uint64_t>(*at_ - '0');
            ++at_;
            if (static_cast<std::size_t>(at_ - start) > max_digits) return false;
        }
        const auto count = static_cast<std::size_t>(at_ - start);
        if (count == 0 || (count > 1 && *start == '0')) return false;
        value = v;
        digits = {start, count};
        return true;
    }

    bool boolean(bool& value) {
        if (eat("true")) value = true;
        else if (eat("false")) value = false;
        else return false;
        return true;
    }

private:
    const char* at_;
    const char* end_;
};

// The keys Binance puts in trade events. Each may appear once; any other key means "not sure".
enum Key : unsigned {
    kType = 1u << 0,          // e
    kEventTime = 1u << 1,     // E
    kAggId = 1u << 2,         // a (aggTrade id; a spot `trade`'s seller order id)
    kTradeId = 1u << 3,       // t
    kSymbol = 1u << 4,        // s
    kPrice = 1u << 5,         // p
    kQuantity = 1u << 6,      // q
    kFirstId = 1u << 7,       // f
    kLastId = 1u << 8,        // l
    kTradeTime = 1u << 9,     // T
    kBuyerIsMaker = 1u << 10, // m
    kBestMatch = 1u << 11,    // M
    kStatus = 1u << 12,       // st
    kBuyerOrder = 1u << 13,   // b
    kOrderType = 1u << 14,    // X
};

unsigned key_of(std::string_view name) {
    if (name.size() == 2) return name == "st" ? unsigned{kStatus} : 0u;
    if (name.size() != 1) return 0;
    switch (name[0]) {
        case 'e': return kType;
        case 'E': return kEventTime;
        case 'a': return kAggId;
        case 't': return kTradeId;
        case 's': return kSymbol;
        case 'p': return kPrice;
        case 'q': return kQuantity;
        case 'f': return kFirstId;
        case 'l': return kLastId;
        case 'T': return kTradeTime;
        case 'm': return kBuyerIsMaker;
        case 'M': return kBestMatch;
        case 'b': return kBuyerOrder;
        case 'X': return kOrderType;
        default: return 0;
    }
}

// 14 digits: the simdjson path refuses trade times past 99'999'999'999'999 ms.
constexpr std::size_t kTradeTimeDigits = 14;
constexpr std::size_t kUint64Digits = 19;

struct CanonicalEvent {
    std::string_view type, symbol, price, quantity, agg_id_text, trade_id_text;
    std::uint64_t agg_id = 0, trade_id = 0, trade_time_ms = 0;
    bool buyer_is_maker = false;
    unsigned seen = 0;
};

bool scan_value(Cursor& in, unsigned key, CanonicalEvent& ev) {
    std::uint64_t unused_number = 0;
    std::string_view unused_text;
    bool unused_flag = false;
    switch (key) {
        case kType: return in.plain_string(ev.type);
        case kSymbol: return in.plain_string(ev.symbol);
        case kPrice: return in.plain_string(ev.price);
        case kQuantity: return in.plain_string(ev.quantity);
        case kOrderType: return in.plain_string(unused_text);
        case kAggId: return in.unsigned_integer(kUint64Digits, ev.agg_id, ev.agg_id_text);
        case kTradeId: return in.unsigned_integer(kUint64Digits, ev.trade_id, ev.trade_id_text);
        case kTradeTime: return in.unsigned_integer(kTradeTimeDigits, ev.trade_time_ms, unused_text);
        case kEventTime:
        case kFirstId:
        case kLastId:
        case kStatus:
        case kBuyerOrder: return in.unsigned_integer(kUint64Digits, unused_number, unused_text);
        case kBuyerIsMaker: return in.boolean(ev.buyer_is_maker);
        case kBestMatch: return in.boolean(unused_flag);
        default: return false;
    }
}

bool scan_event(Cursor& in, CanonicalEvent& ev) {
    if (!in.eat('{')) return false;
    do {
        std::string_view name;
        if (!in.plain_string(name) || !in.eat(':')) return false;
        const unsigned key = key_of(name);
        if (key == 0 || (ev.seen & key) != 0) return false;
        ev.seen |= key;
        if (!scan_value(in, key, ev)) return false;
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

    const bool is_agg = ev.type == "aggTrade";
    if (!is_agg && ev.type != "trade") return false;
    const unsigned required = kType | kSymbol | kPrice | kQuantity | kTradeTime | kBuyerIsMaker | (is_agg ? kAggId : kTradeId);
    if ((ev.seen & required) != required) return false;
    if (ev.symbol.empty() || !Symbol::fits(ev.symbol)) return false;
    const auto price = wire_price(ev.price);
    if (!price || price->units <= 0) return false;
    const auto quantity = wire_quantity(ev.quantity);
    if (!quantity || quantity->units <= 0) return false;

    Trade& trade = out.emplace_back();
    trade.exchange_time_us = static_cast<std::int64_t>(ev.trade_time_ms) * 1000;
    trade.receive_time_us = receive_time_us;
    trade.price = *price;
    trade.quantity = *quantity;
    // The digits as sent are the id's canonical text (no sign, no leading zero): what
    // TradeId::from_number would print, without printing it again.
    trade.id.text.assign(is_agg ? ev.agg_id_text : ev.trade_id_text);
    trade.id.number = is_agg ? ev.agg_id : ev.trade_id;
    trade.symbol = Symbol(ev.symbol);
    trade.exchange = exchange;
    // m: "is the buyer the market maker?" A resting buyer means the incoming order sold.
    trade.aggressor = ev.buyer_is_maker ? Side::Sell : Side::Buy;
    return true;
}

}  // namespace flowscope::net_detail
