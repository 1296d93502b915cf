#pragma once
// Binance klines computed from the trades the local exchange serves, exactly as Binance documents
// the row: [open time, "open", "high", "low", "close", "volume", close time, "quote volume",
// trades, "taker buy base", "taker buy quote", "0"], oldest first. Trades counts plain trades
// (Σ last_id − first_id + 1), volumes are exact sums. A kline is identified by its open time, a
// multiple of its interval since the epoch (UTC midnight for 1d); klines exist from the one
// holding the first trade to the one holding "now", the current unfinished one included, and a
// kline without trades repeats the previous close with zero volume, as Binance's do.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "support/trade_view.hpp"

namespace flowscope::testing {

// 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d in ms; 0 for anything else.
std::int64_t kline_interval_ms(std::string_view interval);

struct KlineQuery {
    std::int64_t interval_ms = 60'000;
    std::optional<std::int64_t> start_ms;  // klines opening at or after
    std::optional<std::int64_t> end_ms;    // klines opening at or before
    int limit = 500;                       // from the start when given, else the latest
    int price_decimals = 2;
    int quantity_decimals = 3;
};

// The JSON array for the query over trades [0, count) of the view (all before now_ms).
std::string binance_klines_json(const TradeView& trades, std::size_t count, std::int64_t now_ms, const KlineQuery& query);

}  // namespace flowscope::testing
