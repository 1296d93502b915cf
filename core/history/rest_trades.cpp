// Picks each exchange's REST code (rest_<exchange>.cpp) and holds the helpers they share.
#include "history/rest_trades.hpp"

#include <charconv>

#include "history/rest_venues.hpp"

namespace flowscope::history {

namespace rest_detail {

namespace {

// RFC 3986 unreserved characters go as they are; everything else is %XX.
void append_encoded(std::string& out, std::string_view value) {
    constexpr char kHex[] = "0123456789ABCDEF";
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
}

template <typename Int>
std::string decimal_text(Int value) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, static_cast<std::size_t>(end - buf));
}

}  // namespace

Target& Target::add(std::string_view key, std::string_view value) {
    text_.push_back(has_query_ ? '&' : '?');
    has_query_ = true;
    text_.append(key);
    text_.push_back('=');
    append_encoded(text_, value);
    return *this;
}

Target& Target::add(std::string_view key, std::int64_t value) { return add(key, decimal_text(value)); }
Target& Target::add(std::string_view key, std::uint64_t value) { return add(key, decimal_text(value)); }

std::string failure_text(Exchange exchange, std::string_view what) {
    return std::string(exchange_name(exchange)) + ": " + std::string(what);
}

void oldest_first(std::vector<Trade>& trades) {
    if (trades.size() > 1 && trades.front().exchange_time_us > trades.back().exchange_time_us)
        std::reverse(trades.begin(), trades.end());
    std::stable_sort(trades.begin(), trades.end(),
                     [](const Trade& a, const Trade& b) { return a.exchange_time_us < b.exchange_time_us; });
}

}  // namespace rest_detail

using namespace rest_detail;

RestLimits rest_limits(Exchange exchange) {
    switch (exchange) {
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures: return binance_limits(exchange);
        case Exchange::Okx: return okx_limits();
        case Exchange::Bybit: return bybit_limits();
        case Exchange::Coinbase: return coinbase_limits();
        case Exchange::Kraken: return kraken_limits();
        case Exchange::Unknown: break;
    }
    return {};
}

std::string trade_page_target(Exchange exchange, const TradePageQuery& query) {
    switch (exchange) {
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures: return binance_trade_target(exchange, query);
        case Exchange::Okx: return okx_trade_target(query);
        case Exchange::Bybit: return bybit_trade_target(query);
        case Exchange::Coinbase: return coinbase_trade_target(query);
        case Exchange::Kraken: return kraken_trade_target(query);
        case Exchange::Unknown: break;
    }
    return {};
}

int trade_page_weight(Exchange exchange, const TradePageQuery& query) {
    if (exchange == Exchange::BinanceSpot || exchange == Exchange::BinanceFutures) return binance_trade_weight(exchange, query);
    return 1;  // the others count requests, not weight
}

Result<TradePage> parse_trade_page(Exchange exchange, std::string_view symbol, std::string_view body,
                                   std::int64_t receive_time_us) {
    switch (exchange) {
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures: return parse_binance_trades(exchange, symbol, body, receive_time_us);
        case Exchange::Okx: return parse_okx_trades(symbol, body, receive_time_us);
        case Exchange::Bybit: return parse_bybit_trades(symbol, body, receive_time_us);
        case Exchange::Coinbase: return parse_coinbase_trades(symbol, body, receive_time_us);
        case Exchange::Kraken: return parse_kraken_trades(symbol, body, receive_time_us);
        case Exchange::Unknown: break;
    }
    return Failure{"no REST trade history for this exchange"};
}

// Only Binance's klines carry the taker buy volume; the others' candles cannot give delta.
bool has_taker_klines(Exchange exchange) {
    return exchange == Exchange::BinanceSpot || exchange == Exchange::BinanceFutures;
}

std::vector<std::int64_t> kline_intervals_us(Exchange exchange) {
    return has_taker_klines(exchange) ? binance_kline_intervals_us(exchange) : std::vector<std::int64_t>{};
}

std::string kline_target(Exchange exchange, std::string_view symbol, std::int64_t interval_us, std::int64_t start_us,
                         std::int64_t end_us, int limit) {
    return has_taker_klines(exchange) ? binance_kline_target(exchange, symbol, interval_us, start_us, end_us, limit) : std::string();
}

int kline_weight(Exchange exchange, int limit) { return has_taker_klines(exchange) ? binance_kline_weight(exchange, limit) : 0; }

int max_klines_per_page(Exchange exchange) { return has_taker_klines(exchange) ? binance_max_klines(exchange) : 0; }

Result<std::vector<Kline>> parse_klines(Exchange exchange, std::string_view body, std::int64_t interval_us) {
    if (!has_taker_klines(exchange))
        return Failure{failure_text(exchange, "its candles carry no taker buy volume, so no exact bar totals")};
    return parse_binance_klines(exchange, body, interval_us);
}

}  // namespace flowscope::history
