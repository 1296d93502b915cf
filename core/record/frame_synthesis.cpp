#include "record/frame_synthesis.hpp"

#include "model/decimal.hpp"
#include "model/instrument.hpp"

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

}  // namespace

bool frame_style_for(const TradeFileResult& file, FrameStyle& style, std::string& why) {
    if (file.exchange != Exchange::BinanceFutures && file.exchange != Exchange::BinanceSpot) {
        why = "only Binance trades can be written as exchange frames (this file is " +
              std::string(exchange_name(file.exchange)) + ")";
        return false;
    }
    style.exchange = file.exchange;
    style.aggregated = file.format == TradeFileFormat::BinanceAggTrades;
    if (file.exchange == Exchange::BinanceSpot) {
        style.price_decimals = kDecimalDigits;  // spot streams print 8 decimals: "1632.46000000"
        style.quantity_decimals = kDecimalDigits;
        return true;
    }
    style.price_decimals = file.tick.units > 0 ? decimals_of(file.tick.units) : 2;
    const auto instrument = builtin_instrument(file.exchange, file.symbol);
    style.quantity_decimals = instrument ? decimals_of(static_cast<std::int64_t>(instrument->lot_size.units)) : 3;
    return true;
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
