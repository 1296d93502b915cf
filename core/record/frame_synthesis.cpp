#include "record/frame_synthesis.hpp"

#include <chrono>
#include <cstdio>

#include "model/decimal.hpp"
#include "model/instrument.hpp"
#include "net/adapters.hpp"

namespace flowscope::record {

namespace {
// Decimals of a 1e-8 step: 0.01 → 2, 1 → 0.
int decimals_of(std::int64_t step_units) {
    int d = kDecimalDigits;
    while (d > 0 && step_units % 10 == 0) {
        step_units /= 10;
        --d;
    }
    return d;
}

void append_fixed(std::string& out, int128 units, int decimals) {
    // format_units trims trailing zeros; Binance pads to the symbol's precision.
    std::string text = format_units(units);
    const auto dot = text.find('.');
    const int have = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    if (have < decimals) {
        if (dot == std::string::npos) text += '.';
        text.append(static_cast<std::size_t>(decimals - have), '0');
    }
    out += text;
}

// The adapters refuse sizes with more than 20 integer digits (net_detail::wire_decimal_units).
constexpr int128 kMaxWireSizeUnits = [] {
    int128 v = 1;
    for (int i = 0; i < 20 + kDecimalDigits; ++i) v *= 10;
    return v;
}();

// ISO-8601 texts cover the years 1970–9999.
constexpr std::int64_t kIsoTimeLimitUs = 253'402'300'800'000'000;  // 10000-01-01T00:00:00Z

// What every non-Binance frame needs of a trade; empty when it has it.
std::string unwritable(const Trade& t) {
    if (t.id.text.view().empty()) return "the trade has no id (its exchange's frames always carry one)";
    if (t.quantity.units <= 0) return "the trade's size " + format_quantity(t.quantity) + " is not positive";
    if (t.quantity.units >= kMaxWireSizeUnits) return "the trade's size " + format_quantity(t.quantity) + " is too large";
    if (t.price.units <= 0) return "the trade's price " + format_price(t.price) + " is not positive";
    if (t.exchange_time_us < 0) return "the trade's time is before 1970";
    return {};
}

// A JSON string's content: quotes, backslashes and control characters escaped.
void append_json_text(std::string& out, std::string_view text) {
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            out += c;
        }
    }
}

void append_json_string(std::string& out, std::string_view key, std::string_view text) {
    out += '"';
    out += key;
    out += "\":\"";
    append_json_text(out, text);
    out += '"';
}

// "2023-10-06T17:35:55.440295Z": microseconds when the time has them, milliseconds otherwise.
bool append_iso_time(std::string& out, std::int64_t time_us, std::string& why) {
    if (time_us < 0 || time_us >= kIsoTimeLimitUs) {
        why = "time " + std::to_string(time_us) + " µs is outside the years 1970-9999 of ISO-8601 text";
        return false;
    }
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_time<microseconds>(microseconds(time_us)));
    const year_month_day date(day);
    const std::int64_t in_day_us = time_us - duration_cast<microseconds>(day.time_since_epoch()).count();
    const std::int64_t second_of_day = in_day_us / 1'000'000;
    const std::int64_t micros = in_day_us % 1'000'000;
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                                static_cast<int>(second_of_day % 60));
    out.append(buf, static_cast<std::size_t>(n));
    const int m = micros % 1000 == 0 ? std::snprintf(buf, sizeof buf, ".%03dZ", static_cast<int>(micros / 1000))
                                     : std::snprintf(buf, sizeof buf, ".%06dZ", static_cast<int>(micros));
    out.append(buf, static_cast<std::size_t>(m));
    return true;
}

std::int64_t millis_of(std::int64_t time_us) { return time_us / 1000; }  // times here are never negative

// {"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":..,"data":[{"T":..,"s":..,"S":"Buy","v":..,"p":..,"i":..}]}
// S is the taker's side; ts (Bybit's push time) is the receive time, as Binance's E is.
bool append_bybit_frame(std::string& out, const Trade& t, const FrameStyle& style, std::string& why) {
    if (why = unwritable(t); !why.empty()) return false;
    out += "{\"topic\":\"publicTrade.";
    append_json_text(out, t.symbol.view());
    out += "\",\"type\":\"snapshot\",\"ts\":";
    out += std::to_string(millis_of(synthesized_receive_time_us(t)));
    out += ",\"data\":[{\"T\":";
    out += std::to_string(millis_of(t.exchange_time_us));
    out += ',';
    append_json_string(out, "s", t.symbol.view());
    out += t.aggressor == Side::Buy ? ",\"S\":\"Buy\",\"v\":\"" : ",\"S\":\"Sell\",\"v\":\"";
    append_fixed(out, t.quantity.units, style.quantity_decimals);
    out += "\",\"p\":\"";
    append_fixed(out, t.price.units, style.price_decimals);
    out += "\",";
    append_json_string(out, "i", t.id.text.view());
    out += "}]}";
    return true;
}

// {"arg":{"channel":"trades","instId":..},"data":[{"instId":..,"tradeId":..,"px":..,"sz":..,"side":"buy","ts":".."}]}
// side is the taker's; ts is milliseconds as text.
bool append_okx_frame(std::string& out, const Trade& t, const FrameStyle& style, std::string& why) {
    if (why = unwritable(t); !why.empty()) return false;
    out += "{\"arg\":{\"channel\":\"trades\",";
    append_json_string(out, "instId", t.symbol.view());
    out += "},\"data\":[{";
    append_json_string(out, "instId", t.symbol.view());
    out += ',';
    append_json_string(out, "tradeId", t.id.text.view());
    out += ",\"px\":\"";
    append_fixed(out, t.price.units, style.price_decimals);
    out += "\",\"sz\":\"";
    append_fixed(out, t.quantity.units, style.quantity_decimals);
    out += t.aggressor == Side::Buy ? "\",\"side\":\"buy\",\"ts\":\"" : "\",\"side\":\"sell\",\"ts\":\"";
    out += std::to_string(millis_of(t.exchange_time_us));
    out += "\"}]}";
    return true;
}

// {"channel":"market_trades","client_id":"","timestamp":..,"events":[{"type":"update","trades":[{"trade_id":..,
// "product_id":..,"price":..,"size":..,"side":"BUY","time":..}]}]}; timestamp is the receive time.
bool append_coinbase_frame(std::string& out, const Trade& t, const FrameStyle& style, std::string& why) {
    if (why = unwritable(t); !why.empty()) return false;
    std::string frame = "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"";
    if (!append_iso_time(frame, synthesized_receive_time_us(t), why)) return false;
    frame += "\",\"events\":[{\"type\":\"update\",\"trades\":[{";
    append_json_string(frame, "trade_id", t.id.text.view());
    frame += ',';
    append_json_string(frame, "product_id", t.symbol.view());
    frame += ",\"price\":\"";
    append_fixed(frame, t.price.units, style.price_decimals);
    frame += "\",\"size\":\"";
    append_fixed(frame, t.quantity.units, style.quantity_decimals);
    const bool buy_word = (t.aggressor == Side::Buy) == kCoinbaseSideIsTaker;
    frame += buy_word ? "\",\"side\":\"BUY\",\"time\":\"" : "\",\"side\":\"SELL\",\"time\":\"";
    if (!append_iso_time(frame, t.exchange_time_us, why)) return false;
    frame += "\"}]}]}";
    out += frame;
    return true;
}

// {"channel":"trade","type":"update","data":[{"symbol":..,"side":"buy","price":105944.20,"qty":0.00027625,
// "trade_id":10218208,"timestamp":..}]}: price and qty are JSON numbers, trade_id an integer.
bool append_kraken_frame(std::string& out, const Trade& t, const FrameStyle& style, std::string& why) {
    if (why = unwritable(t); !why.empty()) return false;
    // The adapter reads trade_id as an unsigned integer and makes its text anew: only an id that
    // is that canonical text comes back the same.
    if (!t.id.number || std::to_string(*t.id.number) != t.id.text.view()) {
        why = "trade id \"" + std::string(t.id.text.view()) + "\" is not a plain integer, as Kraken's trade_id is";
        return false;
    }
    std::string frame = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{";
    append_json_string(frame, "symbol", t.symbol.view());
    frame += t.aggressor == Side::Buy ? ",\"side\":\"buy\",\"price\":" : ",\"side\":\"sell\",\"price\":";
    append_fixed(frame, t.price.units, style.price_decimals);
    frame += ",\"qty\":";
    append_fixed(frame, t.quantity.units, style.quantity_decimals);
    frame += ",\"trade_id\":";
    frame += t.id.text.view();
    frame += ",\"timestamp\":\"";
    if (!append_iso_time(frame, t.exchange_time_us, why)) return false;
    frame += "\"}]}";
    out += frame;
    return true;
}

}  // namespace

Result<FrameStyle> frame_style_for(const TradeFileResult& file) {
    if (file.exchange == Exchange::Unknown)
        return Failure{"the file's exchange is unknown, so no exchange frame can be written for its trades"};
    FrameStyle style;
    style.exchange = file.exchange;
    style.aggregated = file.format == TradeFileFormat::BinanceAggTrades;
    if (file.exchange == Exchange::BinanceSpot) {
        style.price_decimals = kDecimalDigits;  // spot streams print 8 decimals: "1632.46000000"
        style.quantity_decimals = kDecimalDigits;
        return style;
    }
    style.price_decimals = file.tick.units > 0 ? decimals_of(file.tick.units) : 2;
    if (file.exchange != Exchange::BinanceFutures) {
        style.quantity_decimals = 0;  // sizes exactly as traded; the lot is rarely known here
        return style;
    }
    const auto instrument = builtin_instrument(file.exchange, file.symbol);
    style.quantity_decimals = instrument ? decimals_of(static_cast<std::int64_t>(instrument->lot_size.units)) : 3;
    return style;
}

Result<void> append_exchange_frame(std::string& out, const Trade& t, const FrameStyle& style) {
    std::string why;
    bool written = false;
    switch (style.exchange) {
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures: append_binance_frame(out, t, style); return {};
        case Exchange::Bybit: written = append_bybit_frame(out, t, style, why); break;
        case Exchange::Okx: written = append_okx_frame(out, t, style, why); break;
        case Exchange::Coinbase: written = append_coinbase_frame(out, t, style, why); break;
        case Exchange::Kraken: written = append_kraken_frame(out, t, style, why); break;
        case Exchange::Unknown: why = "no exchange frame for exchange " + std::string(exchange_name(style.exchange)); break;
    }
    if (written) return {};
    return Failure{why};
}

void append_binance_frame(std::string& out, const Trade& t, const FrameStyle& style) {
    const bool spot = style.exchange == Exchange::BinanceSpot;
    const auto id = static_cast<std::int64_t>(t.id.number.value_or(0));
    const auto number = [&](const char* key, std::int64_t v) {
        out += ",\"";
        out += key;
        out += "\":";
        out += std::to_string(v);
    };
    const auto decimal = [&](const char* key, int128 units, int decimals) {
        out += ",\"";
        out += key;
        out += "\":\"";
        append_fixed(out, units, decimals);
        out += '"';
    };
    const auto symbol = [&] {
        out += ",\"s\":\"";
        out += t.symbol.view();
        out += '"';
    };
    out += style.aggregated ? "{\"e\":\"aggTrade\"" : "{\"e\":\"trade\"";
    number("E", synthesized_receive_time_us(t) / 1000);
    // Field order as each stream sends it (f and l of aggTrade are not known, see the header):
    //   USD-M aggTrade e,E,a,s,p,q,T,m     spot aggTrade e,E,s,a,p,q,T,m,M
    //   USD-M trade    e,E,T,s,t,p,q,X,m   spot trade    e,E,s,t,p,q,T,m,M
    if (style.aggregated && !spot) {
        number("a", id);
        symbol();
    } else if (style.aggregated) {
        symbol();
        number("a", id);
    } else if (!spot) {
        number("T", t.exchange_time_us / 1000);
        symbol();
        number("t", id);
    } else {
        symbol();
        number("t", id);
    }
    decimal("p", t.price.units, style.price_decimals);
    decimal("q", t.quantity.units, style.quantity_decimals);  // a size finer than the step keeps its digits
    if (style.aggregated || spot) number("T", t.exchange_time_us / 1000);
    if (!style.aggregated && !spot) out += ",\"X\":\"MARKET\"";
    out += t.aggressor == Side::Sell ? ",\"m\":true" : ",\"m\":false";  // m: the buyer was the maker
    out += spot ? ",\"M\":true}" : "}";
}

}  // namespace flowscope::record
