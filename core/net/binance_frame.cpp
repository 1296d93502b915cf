#include "net/binance_frame.hpp"

#include <cctype>
#include <optional>

#include "net/binance_fast_scan.hpp"
#include "net/binance_print.hpp"

namespace flowscope::net_detail {

namespace {

constexpr std::int64_t kMaxMillis = 99'999'999'999'999;  // year 5138: anything later is not a time

// The fields of one event object we use; the rest are skipped unread.
struct BinanceEvent {
    std::string_view type, symbol, price, quantity;
    std::optional<std::string_view> order_type;  // `X`, USD-M `trade` events only
    std::optional<std::uint64_t> agg_id, trade_id;
    std::optional<std::int64_t> trade_time_ms;
    std::optional<bool> buyer_is_maker;
    // The first of those keys whose value had another JSON type. Other channels reuse the letters
    // (depth "a" is the asks, bookTicker "a" the best ask price), so this only spoils a trade.
    std::string_view mistyped;
};

// Everything the top level may hold: an event, the combined wrapper, an ack or an error.
struct BinanceFrame {
    BinanceEvent event;
    bool has_result = false, has_id = false, has_code = false;
    std::int64_t code = 0;
    std::string_view message;
    std::string error;  // from {"error":{"code":..,"msg":..}}
};

enum class FieldRead { Read, Mistyped, Broken };

// A value of another JSON type (or a number out of range) is left unread, to be skipped; any
// other error means the JSON is broken.
template <typename T>
FieldRead read_typed(simdjson::ondemand::value& value, T& out) {
    const simdjson::error_code error = value.get(out);
    if (!error) return FieldRead::Read;
    return error == simdjson::INCORRECT_TYPE || error == simdjson::NUMBER_OUT_OF_RANGE ? FieldRead::Mistyped : FieldRead::Broken;
}

bool noted(std::string_view key, FieldRead read, BinanceEvent& ev) {
    if (read == FieldRead::Mistyped && ev.mistyped.empty()) ev.mistyped = key;
    return read != FieldRead::Broken;
}

template <typename T>
bool read_optional(std::string_view key, simdjson::ondemand::value& value, BinanceEvent& ev, std::optional<T>& out) {
    T v{};
    const FieldRead read = read_typed(value, v);
    if (read == FieldRead::Read) out = v;
    return noted(key, read, ev);
}

// Reads one event field; false only when the JSON is broken.
bool read_event_field(std::string_view key, simdjson::ondemand::value value, BinanceEvent& ev) {
    if (key.size() != 1) return true;
    switch (key[0]) {
        case 'e': return noted(key, read_typed(value, ev.type), ev);
        case 's': return noted(key, read_typed(value, ev.symbol), ev);
        case 'p': return noted(key, read_typed(value, ev.price), ev);
        case 'q': return noted(key, read_typed(value, ev.quantity), ev);
        case 'a': return read_optional(key, value, ev, ev.agg_id);
        case 't': return read_optional(key, value, ev, ev.trade_id);
        case 'T': return read_optional(key, value, ev, ev.trade_time_ms);
        case 'm': return read_optional(key, value, ev, ev.buyer_is_maker);
        case 'X': return read_optional(key, value, ev, ev.order_type);
        default: return true;
    }
}

bool read_event_object(simdjson::ondemand::value value, BinanceEvent& ev) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return false;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
        if (!read_event_field(key, field.value(), ev)) return false;
    }
    return true;
}

bool read_error_object(simdjson::ondemand::value value, BinanceFrame& frame) {
    simdjson::ondemand::object obj;
    if (value.get_object().get(obj)) return false;
    std::int64_t code = 0;
    std::string_view msg;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
        if (key == "code" && field.value().get_int64().get(code)) return false;
        if (key == "msg" && field.value().get_string().get(msg)) return false;
    }
    frame.error = "code " + std::to_string(code) + ": " + std::string(msg);
    return true;
}

FrameResult to_trade(const BinanceEvent& ev, Exchange exchange, std::int64_t receive_time_us, std::vector<Trade>& out) {
    if (!ev.mistyped.empty()) return malformed(std::string(ev.type) + " with an unexpected type for \"" + std::string(ev.mistyped) + "\"");
    const bool is_agg = ev.type == "aggTrade";
    const std::optional<std::uint64_t>& id = is_agg ? ev.agg_id : ev.trade_id;
    if (!id) return malformed(std::string(ev.type) + " without its trade id");
    if (!ev.trade_time_ms || *ev.trade_time_ms < 0 || *ev.trade_time_ms > kMaxMillis)
        return malformed(std::string(ev.type) + " without a valid trade time T");
    if (!ev.buyer_is_maker) return malformed(std::string(ev.type) + " without the maker flag m");
    if (ev.symbol.empty() || !Symbol::fits(ev.symbol)) return malformed("bad symbol");
    const auto price = wire_price(ev.price);
    if (!price || price->units <= 0) return malformed("bad price \"" + std::string(ev.price) + "\"");
    const auto quantity = wire_quantity(ev.quantity);
    if (!quantity || quantity->units <= 0) return malformed("bad quantity \"" + std::string(ev.quantity) + "\"");
    Trade& trade = out.emplace_back();
    trade.exchange_time_us = *ev.trade_time_ms * 1000;
    trade.receive_time_us = receive_time_us;
    trade.price = *price;
    trade.quantity = *quantity;
    trade.id = TradeId::from_number(*id);
    trade.symbol = Symbol(ev.symbol);
    trade.exchange = exchange;
    // m: "is the buyer the market maker?" A resting buyer means the incoming order sold.
    trade.aggressor = *ev.buyer_is_maker ? Side::Sell : Side::Buy;
    trade.print = ev.order_type ? binance_print(*ev.order_type) : Print::Aggression;
    return of_kind(FrameKind::Trades);
}

}  // namespace

FrameResult parse_binance_frame(JsonFrameParser& parser, Exchange exchange, std::string_view text,
                                std::int64_t receive_time_us, std::vector<Trade>& out) {
    if (append_canonical_binance_trade(exchange, text, receive_time_us, out)) return of_kind(FrameKind::Trades);
    return parse_binance_frame_generic(parser, exchange, text, receive_time_us, out);
}

FrameResult parse_binance_frame_generic(JsonFrameParser& parser, Exchange exchange, std::string_view text,
                                        std::int64_t receive_time_us, std::vector<Trade>& out) {
    simdjson::ondemand::document doc;
    if (parser.iterate(text, doc)) return malformed("not JSON");
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj)) return malformed("not a JSON object");
    BinanceFrame frame;
    for (auto field_result : obj) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return malformed("broken JSON");
        simdjson::ondemand::value value = field.value();
        bool ok = true;
        if (key.size() == 1) ok = read_event_field(key, value, frame.event);
        else if (key == "data") ok = read_event_object(value, frame.event);
        else if (key == "result") frame.has_result = true;
        else if (key == "id") frame.has_id = true;
        else if (key == "code") { frame.has_code = true; ok = !value.get_int64().get(frame.code); }
        else if (key == "msg") ok = !value.get_string().get(frame.message);
        else if (key == "error") ok = read_error_object(value, frame);
        if (!ok) return malformed("unexpected field type or broken JSON near \"" + std::string(key) + "\"");
    }
    if (!fully_consumed(doc)) return malformed("trailing data after the JSON object");

    if (!frame.error.empty()) return exchange_error(frame.error);
    if (frame.has_code) return exchange_error("code " + std::to_string(frame.code) + ": " + std::string(frame.message));
    if (frame.event.type == "aggTrade" || frame.event.type == "trade")
        return to_trade(frame.event, exchange, receive_time_us, out);
    if (frame.has_result && frame.has_id) return of_kind(FrameKind::Ack);
    return of_kind(FrameKind::Unknown);
}

std::string binance_subscribe_message(std::span<const std::string> symbols, BinanceStream stream) {
    std::string msg = R"({"method":"SUBSCRIBE","params":[)";
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i) msg += ',';
        msg += '"';
        for (char c : symbols[i]) msg += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        msg += stream == BinanceStream::AggTrade ? "@aggTrade\"" : "@trade\"";
    }
    msg += R"(],"id":1})";
    return msg;
}

}  // namespace flowscope::net_detail
