#pragma once
// What rest_trades.cpp dispatches to: one file per exchange (rest_binance.cpp, rest_okx.cpp,
// rest_bybit.cpp, rest_coinbase.cpp, rest_kraken.cpp), each with its endpoints, parameters and
// limits written down beside the code, plus the few helpers they share. Internal to core/history.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "history/rest_trades.hpp"

namespace flowscope::history::rest_detail {

// A request target: the path, then "?key=value&…" with every value percent-encoded.
class Target {
public:
    explicit Target(std::string path) : text_(std::move(path)) {}
    Target& add(std::string_view key, std::string_view value);
    Target& add(std::string_view key, std::int64_t value);
    Target& add(std::string_view key, std::uint64_t value);
    const std::string& str() const { return text_; }

private:
    std::string text_;
    bool has_query_ = false;
};

// a / b rounded up, b > 0 (the first whole millisecond at or after a time in µs).
constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if (a % b != 0 && a > 0) ++q;
    return q;
}

// The page size to ask for: 0 means the most the exchange gives.
inline int page_limit(int asked, int most) { return asked <= 0 ? most : std::min(asked, most); }

// "okx: <what>" — every failure names the exchange it came from.
std::string failure_text(Exchange exchange, std::string_view what);

// Pages some exchanges send newest first become oldest first (by time; equal times keep the
// exchange's order of ids).
void oldest_first(std::vector<Trade>& trades);

// Binance spot and USD-M (rest_binance.cpp).
RestLimits binance_limits(Exchange exchange);
std::string binance_trade_target(Exchange exchange, const TradePageQuery& query);
int binance_trade_weight(Exchange exchange, const TradePageQuery& query);
Result<TradePage> parse_binance_trades(Exchange exchange, std::string_view symbol, std::string_view body,
                                       std::int64_t receive_time_us);
std::vector<std::int64_t> binance_kline_intervals_us(Exchange exchange);
std::string binance_kline_target(Exchange exchange, std::string_view symbol, std::int64_t interval_us, std::int64_t start_us,
                                 std::int64_t end_us, int limit);
int binance_kline_weight(Exchange exchange, int limit);
int binance_max_klines(Exchange exchange);
Result<std::vector<Kline>> parse_binance_klines(Exchange exchange, std::string_view body, std::int64_t interval_us);

// OKX (rest_okx.cpp).
RestLimits okx_limits();
std::string okx_trade_target(const TradePageQuery& query);
Result<TradePage> parse_okx_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us);

// Bybit v5 (rest_bybit.cpp).
RestLimits bybit_limits();
std::string bybit_trade_target(const TradePageQuery& query);
Result<TradePage> parse_bybit_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us);

// Coinbase Advanced Trade (rest_coinbase.cpp).
RestLimits coinbase_limits();
std::string coinbase_trade_target(const TradePageQuery& query);
Result<TradePage> parse_coinbase_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us);

// Kraken spot (rest_kraken.cpp).
RestLimits kraken_limits();
std::string kraken_trade_target(const TradePageQuery& query);
Result<TradePage> parse_kraken_trades(std::string_view symbol, std::string_view body, std::int64_t receive_time_us);

}  // namespace flowscope::history::rest_detail
