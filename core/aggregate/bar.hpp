#pragma once
// One bar of order flow: prices, volumes by aggressor, delta, CVD and the bar's footprint.
#include <cstdint>

#include "aggregate/big_prints.hpp"
#include "aggregate/footprint.hpp"
#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope {

struct Bar {
    std::int64_t open_time_us = 0;        // UTC-aligned start for time bars; first trade's time otherwise
    std::int64_t first_trade_time_us = 0;
    std::int64_t last_trade_time_us = 0;
    Price open, high, low, close;
    // Trades and sweeps worth at least the stream's floor (aggregate/big_prints.hpp), in arrival
    // order; none for bars of totals. Here because it fills the padding before the volumes.
    BigPrints prints;
    Quantity volume;
    Quantity buy_volume;   // aggressive buys
    Quantity sell_volume;  // aggressive sells
    Quantity cvd;          // cumulative delta of the stream after this bar's last trade
    Quantity max_delta;    // highest running delta inside the bar
    Quantity min_delta;    // lowest running delta inside the bar
    int128 notional = 0;   // Σ price.units × quantity.units, for the VWAP
    std::uint64_t trades = 0;  // records read (one aggTrade row counts once)
    std::uint64_t revision = 0;  // series revision of the last change, for cheap UI snapshots
    // Made from the exchange's klines before trade detail begins: exact totals (prices, volumes,
    // delta, CVD; trades = the exchange's own count), but no footprint, VWAP or running-delta extremes.
    bool totals_only = false;
    // Cells begin inside this bar: its footprint holds the trades from this time on, its totals
    // the klines' part before as well (0: the footprint holds every trade of the bar).
    std::int64_t cells_from_us = 0;
    // Trades the exchange numbered in this bar's time but did not serve (a hole given up): its
    // numbers, and the CVD from here on, are short by them. Set by the chart store.
    std::uint64_t missing_trades = 0;
    Footprint footprint;

    Quantity delta() const { return buy_volume - sell_volume; }
    // Volume-weighted average price, rounded half up to 1e-8.
    Price vwap() const;
    // (buy − sell) / (buy + sell) in [−1, 1]; 0 for an empty bar.
    double imbalance() const;
};

}  // namespace flowscope
