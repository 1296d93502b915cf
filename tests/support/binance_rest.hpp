#pragma once
// Binance's REST market data as its documentation states it, answered from a TradeView: USD-M
// /fapi/v1 and spot /api/v3 aggTrades and klines (the request, its checks and errors, the rows,
// the weight). Sources, developers.binance.com: Derivatives › USDⓈ-M Futures › Market Data ›
// "Compressed/Aggregate Trades List" and "Kline/Candlestick Data"; Binance Spot API › Market Data
// endpoints.
//   aggTrades  symbol, fromId (inclusive), startTime/endTime (ms, inclusive; both given: at most
//              1 h apart, else 400 -1127), limit (default 500, 1…1000). No id and no start: the
//              latest (up to endTime when given). Rows {"a","p","q","f","l","T","m"} (spot adds
//              "M"), prices and sizes padded to the symbol's decimals. Weight: USD-M 20, spot 2.
//   klines     symbol, interval (1m…1d), startTime, endTime, limit (default 500; max 1500 USD-M,
//              1000 spot); rows in binance_klines.hpp. Weight: USD-M by limit [1,100) 1,
//              [100,500) 2, [500,1000] 5, > 1000 10; spot 2.
//   A limit outside 1…max is refused (400 -1130): a client must not lean on clamping.
#include <cstdint>
#include <string>
#include <string_view>

#include "support/local_exchange.hpp"
#include "support/rest_request.hpp"
#include "support/trade_view.hpp"

namespace flowscope::testing {

struct BinanceMarket {
    bool futures = true;  // USD-M; false: spot
    std::string symbol = "BTCUSDT";
    int price_decimals = 2;
    int quantity_decimals = 3;
};

// {"code":code,"msg":"msg"} with that HTTP status.
HttpAnswer binance_error(int status, int code, const std::string& msg);

// The endpoint's request weight; 0 when it is not one served here ("aggTrades", "klines").
int binance_request_weight(std::string_view endpoint, bool futures, const RestRequest& request);

// The answer for an endpoint with a weight, over the view's first `served` trades (those before
// now_us; now_us 0: no present, the last trade's kline is the current one).
HttpAnswer binance_market_answer(std::string_view endpoint, const RestRequest& request, const BinanceMarket& market,
                                 const TradeView& trades, std::size_t served, std::int64_t now_us);

}  // namespace flowscope::testing
