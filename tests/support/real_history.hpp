#pragma once
// History made of the real hour (tests/data/ws/binance-futures-btcusdt-aggTrade-2020-02-22T00),
// for tests that need a day or more of an exchange's past: the hour laid end to end, each copy
// shifted by whole hours of market time and by the ids one hour uses (4,297 aggTrade ids, 5,041
// trade ids), so ids stay contiguous and every copy sits where the real hour would have been that
// many hours later (or earlier). Prices, sizes and sides are the real ones; the copy that lands on
// 2020-02-22T00 is the real hour itself, ids included. Made on demand: a month costs no memory.
// A busier market (a 5 M-trade day) packs k copies into each hour, each the real hour played k
// times as fast (times from its start divided by k), ids still continuing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/exchange.hpp"
#include "model/trade.hpp"

namespace flowscope::testing {

// A Binance aggregate trade as the exchange serves it: the trade (id = aggregate id) and the range
// of plain trade ids it aggregates, which flowscope::Trade does not keep.
struct AggTrade {
    Trade trade;
    std::uint64_t first_id = 0;
    std::uint64_t last_id = 0;
};

inline constexpr std::int64_t kHourUs = 3'600'000'000;
inline constexpr std::int64_t kDayUs = 24 * kHourUs;
inline constexpr std::int64_t kRealHourStartUs = 1'582'329'600'000'000;  // 2020-02-22T00:00:00Z

// The real hour as the websocket sent it, parsed exactly (f and l included).
std::vector<AggTrade> real_hour_aggtrades(Exchange exchange = Exchange::BinanceFutures);

class RealHistory {
public:
    // `hours` hours, the first starting at first_hour_us (a whole UTC hour, before or after the
    // real one), each holding copies_per_hour copies (a divisor of 3,600,000,000). Trades carry
    // `exchange` (BinanceFutures or BinanceSpot) and symbol BTCUSDT.
    RealHistory(std::int64_t first_hour_us, std::size_t hours, Exchange exchange = Exchange::BinanceFutures,
                int copies_per_hour = 1);

    std::size_t size() const { return hour_.size() * hours_ * static_cast<std::size_t>(copies_per_hour_); }
    std::size_t hour_size() const { return hour_.size(); }
    AggTrade at(std::size_t i) const;  // oldest first; ids and times ascending
    std::vector<AggTrade> all() const;
    // Trade i as the USD-M aggTrade stream frame (the real frame, E, a, f, l and T shifted alike),
    // and its receive time (the recorded one, shifted): the live side of the same market.
    std::string frame(std::size_t i) const;
    std::int64_t receive_time_us(std::size_t i) const;

    std::int64_t start_us() const { return first_hour_us_; }
    std::int64_t end_us() const { return first_hour_us_ + static_cast<std::int64_t>(hours_) * kHourUs; }

private:
    std::int64_t copy_of(std::size_t i) const;  // copies after the real hour (negative: before)
    std::int64_t scaled(std::int64_t real_us, std::int64_t copy) const;  // a real time moved into that copy

    std::int64_t first_hour_us_;
    std::size_t hours_;
    int copies_per_hour_;
    std::vector<AggTrade> hour_;
    std::vector<std::string> frames_;
    std::vector<std::int64_t> receive_us_;
    std::int64_t agg_span_ = 0, trade_span_ = 0;
};

}  // namespace flowscope::testing
