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

void append_int(std::string& out, std::int64_t v) { out += std::to_string(v); }
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
    const std::int64_t trade_ms = t.exchange_time_us / 1000;
    const std::int64_t event_ms = synthesized_receive_time_us(t) / 1000;
    const bool spot = style.exchange == Exchange::BinanceSpot;
    const std::uint64_t id = t.id.number.value_or(0);
    const auto price = [&] { out += ",\"p\":\""; append_fixed(out, t.price.units, style.price_decimals); out += '"'; };
    const auto quantity = [&] {
        // A size finer than the symbol's step keeps all its digits.
        out += ",\"q\":\"";
        append_fixed(out, t.quantity.units, style.quantity_decimals);
        out += '"';
    };
    const char* maker = t.aggressor == Side::Sell ? "true" : "false";  // m: the buyer was the maker
    out += style.aggregated ? "{\"e\":\"aggTrade\",\"E\":" : "{\"e\":\"trade\",\"E\":";
    append_int(out, event_ms);
    if (style.aggregated) {
        // Futures: e,E,a,s,p,q,f,l,T,m   Spot: e,E,s,a,p,q,f,l,T,m,M
        if (spot) { out += ",\"s\":\""; out += t.symbol.view(); out += "\",\"a\":"; append_int(out, static_cast<std::int64_t>(id)); }
        else { out += ",\"a\":"; append_int(out, static_cast<std::int64_t>(id)); out += ",\"s\":\""; out += t.symbol.view(); out += '"'; }
        price();
        quantity();
        out += ",\"T\":";
        append_int(out, trade_ms);
    } else if (spot) {
        // Spot: e,E,s,t,p,q,T,m,M
        out += ",\"s\":\""; out += t.symbol.view(); out += "\",\"t\":"; append_int(out, static_cast<std::int64_t>(id));
        price();
        quantity();
        out += ",\"T\":";
        append_int(out, trade_ms);
    } else {
        // Futures: e,E,T,s,t,p,q,X,m
        out += ",\"T\":"; append_int(out, trade_ms);
        out += ",\"s\":\""; out += t.symbol.view(); out += "\",\"t\":"; append_int(out, static_cast<std::int64_t>(id));
        price();
        quantity();
        out += ",\"X\":\"MARKET\"";
    }
    out += ",\"m\":";
    out += maker;
    out += spot ? ",\"M\":true}" : "}";
}

}  // namespace flowscope::record
