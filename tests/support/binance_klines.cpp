#include "support/binance_klines.hpp"

#include <algorithm>
#include <array>

#include "model/decimal.hpp"
#include "support/exchange_decimal.hpp"

namespace flowscope::testing {

namespace {

std::int64_t time_ms(const AggTrade& t) { return floor_div(t.trade.exchange_time_us, 1000); }

struct Kline {
    Price open, high, low, close;
    Quantity volume, taker_buy;
    int128 quote = 0, taker_buy_quote = 0;  // 1e-16 units
    std::uint64_t trades = 0;
};

void append_row(std::string& out, std::int64_t open_ms, std::int64_t interval_ms, const Kline& k, const KlineQuery& q) {
    const int quote_decimals = std::min(q.price_decimals + q.quantity_decimals, kDecimalDigits);
    out += '[' + std::to_string(open_ms);
    for (const Price p : {k.open, k.high, k.low, k.close}) {
        out += ",\"";
        append_padded(out, p.units, q.price_decimals);
        out += '"';
    }
    out += ",\"";
    append_padded(out, k.volume.units, q.quantity_decimals);
    out += "\"," + std::to_string(open_ms + interval_ms - 1) + ",\"";
    append_product(out, k.quote, quote_decimals);
    out += "\"," + std::to_string(k.trades) + ",\"";
    append_padded(out, k.taker_buy.units, q.quantity_decimals);
    out += "\",\"";
    append_product(out, k.taker_buy_quote, quote_decimals);
    out += "\",\"0\"]";
}

}  // namespace

std::int64_t kline_interval_ms(std::string_view interval) {
    static constexpr std::array<std::pair<std::string_view, std::int64_t>, 12> kIntervals{{
        {"1m", 60'000}, {"3m", 180'000}, {"5m", 300'000}, {"15m", 900'000}, {"30m", 1'800'000},
        {"1h", 3'600'000}, {"2h", 7'200'000}, {"4h", 14'400'000}, {"6h", 21'600'000}, {"8h", 28'800'000},
        {"12h", 43'200'000}, {"1d", 86'400'000},
    }};
    for (const auto& [name, ms] : kIntervals)
        if (name == interval) return ms;
    return 0;
}

std::string binance_klines_json(const TradeView& trades, std::size_t count, std::int64_t now_ms, const KlineQuery& q) {
    if (count == 0 || q.limit <= 0) return "[]";
    const std::int64_t iv = q.interval_ms;
    const std::int64_t first_open = floor_div(time_ms(trades.at(0)), iv) * iv;
    std::int64_t lo = first_open;
    std::int64_t hi = floor_div(std::max(now_ms, time_ms(trades.at(count - 1))), iv) * iv;
    if (q.start_ms) lo = std::max(lo, -floor_div(-*q.start_ms, iv) * iv);
    if (q.end_ms) hi = std::min(hi, floor_div(*q.end_ms, iv) * iv);
    if (lo > hi) return "[]";
    if ((hi - lo) / iv + 1 > q.limit) {
        if (q.start_ms) hi = lo + (q.limit - 1) * iv;
        else lo = hi - (q.limit - 1) * iv;
    }

    // The first trade of the first kline, and the close before it.
    std::size_t i = trades.first_not(count, [&](const AggTrade& t) { return time_ms(t) < lo; });
    std::optional<Price> close;
    if (i > 0) close = trades.at(i - 1).trade.price;

    std::string out = "[";
    for (std::int64_t open = lo; open <= hi; open += iv) {
        Kline k;
        bool any = false;
        for (; i < count; ++i) {
            const AggTrade t = trades.at(i);
            if (time_ms(t) >= open + iv) break;
            const Price p = t.trade.price;
            if (!any) k.open = k.high = k.low = p;
            any = true;
            k.high = std::max(k.high, p);
            k.low = std::min(k.low, p);
            k.close = p;
            k.volume += t.trade.quantity;
            const int128 quote = static_cast<int128>(p.units) * t.trade.quantity.units;
            k.quote += quote;
            k.trades += t.last_id - t.first_id + 1;
            if (t.trade.aggressor == Side::Buy) {
                k.taker_buy += t.trade.quantity;
                k.taker_buy_quote += quote;
            }
        }
        if (!any) {
            if (!close) continue;  // before the first trade: no kline (only when lo precedes it)
            k.open = k.high = k.low = k.close = *close;
        }
        close = k.close;
        if (out.size() > 1) out += ',';
        append_row(out, open, iv, k, q);
    }
    return out + "]";
}

}  // namespace flowscope::testing
