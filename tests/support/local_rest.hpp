#pragma once
// The REST and archive side of the local test exchange: answers the HTTP GETs a history client
// sends, from real trades held in memory (or made on demand), the way the exchange documents
// them. Plugged into LocalExchange through LocalExchangeOptions::http_handler (any GET that is not
// a websocket upgrade), so one server on one port speaks websocket, REST and archive downloads:
//     LocalRest rest(options);
//     LocalExchangeOptions o; o.http_handler = [&rest](const std::string& t) { return rest.answer(t); };
//
// What each exchange serves, with the documentation it follows:
//   Binance USD-M /fapi/v1 and spot /api/v3 aggTrades and klines   binance_rest.hpp, binance_klines.hpp
//   Binance public-data daily aggTrades ZIP and .CHECKSUM           binance_archive.hpp
//   OKX /api/v5/market/history-trades                              okx_rest.hpp
// Weight (Binance API only) is counted per UTC minute of the wall clock and sent back in
// X-MBX-USED-WEIGHT-1M on every /fapi or /api answer; a request that would pass the limit: 429,
// Retry-After (seconds to the next minute), {"code":-1003,…}, weight not counted; any request
// before that time: 418 with Retry-After, as Binance bans an IP that ignores a 429. Archives live
// on another host (data.binance.vision): no weight; a day with no trade, a day not over at now_us,
// or one from set_unpublished_from on: 404 (S3's NoSuchKey XML). Anything else: 404.
//
// Faults on command: every answer a given status (451, 403, 500 …), trade pages served empty,
// answers delayed, a checksum that does not match, an archive cut short (served whole, or a
// download that breaks off), a day "not yet published".
// Thread-safe: LocalExchange calls answer() from several threads at once.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/exchange.hpp"
#include "support/local_exchange.hpp"
#include "support/real_history.hpp"

namespace flowscope::testing {

struct LocalRestOptions {
    Exchange exchange = Exchange::BinanceFutures;  // BinanceFutures, BinanceSpot or Okx
    std::string symbol = "BTCUSDT";                  // the exchange's spelling ("BTC-USDT" on OKX)
    // Every trade the exchange "has", oldest first, ids ascending as the exchange numbers them
    // (OKX: the tradeId is trade.id; first_id/last_id unused). Either held here …
    std::vector<AggTrade> trades;
    // … or made on demand (days of history: RealHistory::at), trade_count of them.
    std::function<AggTrade(std::size_t)> trade_at;
    std::size_t trade_count = 0;
    int price_decimals = 2;     // printed as the symbol's answers print them: USD-M BTCUSDT 2 and 3,
    int quantity_decimals = 3;  // Binance spot 8 and 8
    // Trades at or after this time are not served yet (they have not happened: the live stream's
    // start); 0: all are served.
    std::int64_t now_us = 0;
    int weight_limit_per_minute = 2400;  // Binance USD-M: 2400; spot: 6000
    std::chrono::milliseconds latency{0};  // every answer waits this long first
};

class LocalRest {
public:
    explicit LocalRest(LocalRestOptions options);
    ~LocalRest();
    LocalRest(const LocalRest&) = delete;
    LocalRest& operator=(const LocalRest&) = delete;

    // The LocalExchange http_handler: target is the request's path and query.
    HttpAnswer answer(const std::string& target);

    // Faults.
    void set_forced_status(int status);           // 0: off; else every answer has this status (451, 403, 500)
    void set_empty_pages(int count);              // the next count trade pages are empty ([])
    void set_bad_checksum(bool bad);              // CHECKSUM files name a wrong hash
    void set_truncated_archive(bool truncated);   // archives are served whole but hold only their first half
    void set_broken_downloads(bool broken);       // archive downloads break off after half their bytes (cut_after)
    void set_unpublished_from(std::int64_t day_start_us);  // archives of this day and later: 404 (0: off)
    void set_latency(std::chrono::milliseconds latency);
    void set_now(std::int64_t now_us);
    void set_weight_limit(int weight_per_minute);

    // Observations.
    int requests() const;
    int answered_429() const;
    int answered_418() const;
    int max_weight_in_a_minute() const;  // the most weight the server counted in any one minute
    int used_weight() const;             // in the current minute
    int trade_pages_served() const;      // aggTrades and history-trades pages answered 200
    int archive_downloads() const;       // ZIPs answered 200
    std::vector<std::string> targets() const;  // every request target, in order

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace flowscope::testing
