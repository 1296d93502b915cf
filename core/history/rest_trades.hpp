#pragma once
// Each exchange's public REST trade history and (where it exists) klines, as documented: the
// request for one page, the page parsed into trades exactly as the websocket adapter would give
// them (same ids, same aggressor rule, same Print marks), and the limits the exchange states.
// The endpoints, parameters, weights and limits are written down next to each exchange's code
// with the documentation they come from. No I/O here: rest_client / history_chain do the GETs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/exchange.hpp"
#include "model/result.hpp"
#include "model/trade.hpp"

namespace flowscope::history {

// What an exchange documents about its public trade history.
struct RestLimits {
    std::string base_url;            // "https://fapi.binance.com"
    int max_page_trades = 0;         // most trades one page returns
    int weight_per_page = 1;         // request weight of one trade page at max_page_trades (1: one request)
    int weight_per_minute = 0;       // the exchange's limit (per IP); 0: it states a request rate instead
    int requests_per_second = 0;     // when the limit is a request rate (OKX, Bybit, Coinbase, Kraken)
    std::string used_weight_header;  // "X-MBX-USED-WEIGHT-1M" (Binance); empty when none
    bool pages_by_id = false;        // a page can start at, or end just before, a trade id (gap repair by id)
    bool pages_by_time = false;      // a page can start at a time
    bool newest_first = false;       // the exchange returns a page newest first (OKX): parse_trade_page still returns it oldest first
    std::int64_t max_window_us = 0;  // the longest time window one request may span (Binance aggTrades: 1 h); 0: none
    std::int64_t reaches_back_us = 0;  // how far back the endpoint serves; 0: the whole history
};

// One page to ask for: at most one of from_id, before_id, start_us, cursor (none: the latest
// trades). Exchanges that page newest first (newest_first) walk back: before_id, or end_us alone.
// trade_page_target returns "" for a way of paging the exchange does not offer.
struct TradePageQuery {
    std::string symbol;                    // the exchange's spelling (the websocket adapter's)
    std::optional<std::uint64_t> from_id;  // trades with id ≥ from_id, oldest first (where pages_by_id)
    std::optional<std::uint64_t> before_id;  // the trades just before this id (where pages_by_id)
    std::optional<std::int64_t> start_us;  // trades at or after this time (where pages_by_time)
    std::optional<std::int64_t> end_us;    // and before this time (exclusive), when the exchange takes an end
    std::optional<std::string> cursor;     // TradePage::cursor of the page before (Kraken `last`)
    std::string category;                  // Bybit v5: "linear" (the default) or "spot"
    int limit = 0;  // 0: max_page_trades
};

struct TradePage {
    std::vector<Trade> trades;  // oldest first (by exchange time, then id)
    // Where the next page of a forward walk starts, when the exchange gives a cursor of its own
    // (Kraken `last`); empty otherwise (the caller continues from the last trade's id or time).
    std::optional<std::string> cursor;
};

RestLimits rest_limits(Exchange exchange);
// The request target (path and query) for one page; empty when the exchange cannot page that way.
std::string trade_page_target(Exchange exchange, const TradePageQuery& query);
// The weight this page costs against the exchange's per-minute limit.
int trade_page_weight(Exchange exchange, const TradePageQuery& query);
// Parses a page body. receive_time_us stamps every trade (0: its exchange time). Fails, saying
// what was wrong, on anything that is not a page of trades of that symbol (an error object
// included: its message is passed on).
Result<TradePage> parse_trade_page(Exchange exchange, std::string_view symbol, std::string_view body,
                                   std::int64_t receive_time_us = 0);

// Klines that carry the aggressive buy volume (Binance: taker buy base volume), so that a bar's
// totals are exact without its trades. Other exchanges' candles lack it: has_taker_klines false.
struct Kline {
    std::int64_t open_time_us = 0;
    std::int64_t duration_us = 0;
    Price open, high, low, close;
    Quantity volume;
    Quantity buy_volume;  // taker buy base volume
    std::uint64_t trades = 0;  // the exchange's count of (unaggregated) trades
};
bool has_taker_klines(Exchange exchange);
// Kline intervals the exchange serves, in µs, shortest first.
std::vector<std::int64_t> kline_intervals_us(Exchange exchange);
// Klines opening in [start_us, end_us) (0: not sent; neither: the latest); "" for an interval the
// exchange does not serve.
std::string kline_target(Exchange exchange, std::string_view symbol, std::int64_t interval_us, std::int64_t start_us,
                         std::int64_t end_us, int limit = 0);
int kline_weight(Exchange exchange, int limit);  // limit 0: max_klines_per_page, as kline_target asks
int max_klines_per_page(Exchange exchange);
Result<std::vector<Kline>> parse_klines(Exchange exchange, std::string_view body, std::int64_t interval_us);

}  // namespace flowscope::history
