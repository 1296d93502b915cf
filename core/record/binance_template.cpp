#include "record/binance_template.hpp"

#include <array>

#include "model/decimal.hpp"
#include "net/binance_print.hpp"

namespace flowscope::record {

namespace {

// Walks a cut template the way net/binance_fast_scan.cpp walks a frame: literal text is matched
// character by character, and a number is only ever taken where the scanner reads a value.
class TemplateCursor {
public:
    explicit TemplateCursor(const CutTemplate& cut) : cut_(cut) {}

    bool eat(char c) {
        const std::string_view run = cut_.literals[run_];
        if (at_ >= run.size() || run[at_] != c) return false;
        ++at_;
        return true;
    }
    bool eat(std::string_view literal) {
        if (cut_.literals[run_].substr(at_).substr(0, literal.size()) != literal) return false;
        at_ += literal.size();
        return true;
    }
    // A number starts here: returns its position and decimals and steps over it.
    bool number(std::uint16_t& position, int& decimals) {
        if (at_ != cut_.literals[run_].size() || run_ + 1 >= cut_.literals.size()) return false;
        position = static_cast<std::uint16_t>(run_);
        decimals = cut_.decimals[run_];
        ++run_;
        at_ = 0;
        return true;
    }
    // A JSON string of printable ASCII without escapes and without numbers in it: its content is
    // then the same in every frame of the template, and exactly what the scanner reads.
    bool plain_string(std::string_view& content) {
        if (!eat('"')) return false;
        const std::string_view run = cut_.literals[run_];
        std::size_t end = at_;
        while (end < run.size() && !is_string_stop(run[end])) ++end;
        if (end >= run.size() || run[end] != '"') return false;
        content = run.substr(at_, end - at_);
        at_ = end + 1;
        return true;
    }
    bool at_end() const { return run_ + 1 == cut_.literals.size() && at_ == cut_.literals[run_].size(); }

private:
    static bool is_string_stop(char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '"' || u == '\\' || u < 0x20 || u >= 0x7f;
    }

    const CutTemplate& cut_;
    std::size_t run_ = 0;
    std::size_t at_ = 0;
};

// The keys of Binance trade events, as the scanner knows them, with the shape of their values.
enum class Shape : std::uint8_t { String, Integer, Boolean, Decimal };

struct Key {
    std::string_view spelled;  // `"k":`
    Shape shape;
};

constexpr std::array<Key, 15> kKeys{{{R"("e":)", Shape::String},  {R"("s":)", Shape::String},
                                     {R"("p":)", Shape::Decimal}, {R"("q":)", Shape::Decimal},
                                     {R"("a":)", Shape::Integer}, {R"("t":)", Shape::Integer},
                                     {R"("T":)", Shape::Integer}, {R"("m":)", Shape::Boolean},
                                     {R"("E":)", Shape::Integer}, {R"("f":)", Shape::Integer},
                                     {R"("l":)", Shape::Integer}, {R"("b":)", Shape::Integer},
                                     {R"("M":)", Shape::Boolean}, {R"("X":)", Shape::String},
                                     {R"("st":)", Shape::Integer}}};

// What one event's keys held.
struct EventFields {
    unsigned seen = 0;  // bit per kKeys entry
    std::string_view type, symbol, maker, order_type;
    std::uint16_t price = 0, quantity = 0, agg_id = 0, trade_id = 0, time = 0;
    int price_decimals = 0, quantity_decimals = 0;
};

std::size_t key_index(TemplateCursor& in) {
    for (std::size_t k = 0; k < kKeys.size(); ++k)
        if (in.eat(kKeys[k].spelled)) return k;
    return kKeys.size();
}

bool read_value(TemplateCursor& in, std::size_t key, EventFields& ev) {
    std::uint16_t position = 0;
    int decimals = 0;
    std::string_view text;
    switch (kKeys[key].shape) {
        case Shape::Integer:  // a plain unsigned integer: decimals would make it a float
            if (!in.number(position, decimals) || decimals != 0) return false;
            break;
        case Shape::Decimal:  // a quoted decimal of at most 8 fractional digits
            if (!in.eat('"') || !in.number(position, decimals) || decimals > kDecimalDigits || !in.eat('"'))
                return false;
            break;
        case Shape::String:
            if (!in.plain_string(text)) return false;
            break;
        case Shape::Boolean:
            if (in.eat("true")) text = "true";
            else if (in.eat("false")) text = "false";
            else return false;
            break;
    }
    const std::string_view spelled = kKeys[key].spelled;
    if (spelled == R"("e":)") ev.type = text;
    else if (spelled == R"("s":)") ev.symbol = text;
    else if (spelled == R"("m":)") ev.maker = text;
    else if (spelled == R"("X":)") ev.order_type = text;
    else if (spelled == R"("p":)") ev.price = position, ev.price_decimals = decimals;
    else if (spelled == R"("q":)") ev.quantity = position, ev.quantity_decimals = decimals;
    else if (spelled == R"("a":)") ev.agg_id = position;
    else if (spelled == R"("t":)") ev.trade_id = position;
    else if (spelled == R"("T":)") ev.time = position;
    return true;
}

bool read_event(TemplateCursor& in, EventFields& ev) {
    if (!in.eat('{')) return false;
    do {
        const std::size_t key = key_index(in);
        if (key >= kKeys.size() || (ev.seen & (1u << key)) != 0) return false;
        ev.seen |= 1u << key;
        if (!read_value(in, key, ev)) return false;
    } while (in.eat(','));
    return in.eat('}');
}

constexpr unsigned bit_of(std::string_view spelled) {
    for (std::size_t k = 0; k < kKeys.size(); ++k)
        if (kKeys[k].spelled == spelled) return 1u << k;
    return 0;
}

std::int64_t power_of_ten(int n) {
    std::int64_t v = 1;
    while (n-- > 0) v *= 10;
    return v;
}

}  // namespace

std::optional<BinanceTradeTemplate> binance_trade_template(const CutTemplate& cut) {
    if (cut.literals.size() != cut.decimals.size() + 1) return std::nullopt;
    TemplateCursor in(cut);
    EventFields ev;
    if (in.eat(R"({"stream":)")) {
        std::string_view stream;
        if (!in.plain_string(stream) || !in.eat(R"(,"data":)") || !read_event(in, ev) || !in.eat('}'))
            return std::nullopt;
    } else if (!read_event(in, ev)) {
        return std::nullopt;
    }
    if (!in.at_end()) return std::nullopt;

    const unsigned required = bit_of(R"("e":)") | bit_of(R"("s":)") | bit_of(R"("p":)") | bit_of(R"("q":)") |
                              bit_of(R"("T":)") | bit_of(R"("m":)");
    if ((ev.seen & required) != required) return std::nullopt;
    const bool is_agg = ev.type == "aggTrade";
    if (!is_agg && ev.type != "trade") return std::nullopt;
    if ((ev.seen & bit_of(is_agg ? R"("a":)" : R"("t":)")) == 0) return std::nullopt;
    if (ev.symbol.empty() || !Symbol::fits(ev.symbol)) return std::nullopt;

    BinanceTradeTemplate t;
    t.price_number = ev.price;
    t.quantity_number = ev.quantity;
    t.id_number = is_agg ? ev.agg_id : ev.trade_id;
    t.time_number = ev.time;
    // The scanner reads at most 10 integer digits in its exact path: past them it takes another
    // route, which this one does not mirror.
    t.price_scale = power_of_ten(kDecimalDigits - ev.price_decimals);
    t.quantity_scale = power_of_ten(kDecimalDigits - ev.quantity_decimals);
    t.price_limit = power_of_ten(10 + ev.price_decimals);
    t.quantity_limit = power_of_ten(10 + ev.quantity_decimals);
    t.symbol = Symbol(ev.symbol);
    // m: "is the buyer the market maker?" A resting buyer means the incoming order sold.
    t.aggressor = ev.maker == "true" ? Side::Sell : Side::Buy;
    t.print = (ev.seen & bit_of(R"("X":)")) != 0 ? binance_print(ev.order_type) : Print::Aggression;
    return t;
}

}  // namespace flowscope::record
