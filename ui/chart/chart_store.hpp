#pragma once
// The one place the worker thread and the UI thread meet. The worker adds trades under a short
// lock; the UI, on its frame timer, copies the bars that changed since its last copy and the
// newest trades for time & sales. Neither side ever waits for the other for long.
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "chart/chart_bars.hpp"
#include "model/trade.hpp"

namespace flowscope::ui {

// Running counts since the source opened (for the status bar).
struct FeedCounters {
    std::uint64_t trades = 0;
    std::int64_t last_exchange_time_us = 0;
    std::int64_t last_latency_us = -1;  // receive − exchange time of the newest live trade; −1 unknown
};

class ChartStore {
public:
    ChartStore();

    // Worker side.
    void reset(BarSpec spec, std::int64_t bucket_units, Price tick, std::string symbol);
    void add(std::span<const Trade> trades);
    // A new chart in one step (a replay that sought or changed its timeframe): the aggregation
    // as it stands (one series, built by the worker outside the lock) and the trades just before
    // it for time & sales. Only pointers move under the lock; the old bars are freed outside it.
    void replace(Aggregator aggregation, Price tick, std::string symbol, std::span<const Trade> recent);
    BarSpec spec() const;
    std::int64_t bucket_units() const;

    // UI side: brings `into` up to date; returns true when any bar changed. Appends up to
    // max_trades of the newest trades since the last call to new_trades (oldest first).
    bool update(ChartBars& into, std::vector<Trade>& new_trades, std::size_t max_trades);
    FeedCounters counters() const;

private:
    mutable std::mutex mutex_;
    Aggregator aggregator_;
    BarSeries* series_ = nullptr;
    Price tick_;
    std::string symbol_;
    std::uint64_t generation_ = 1;
    std::deque<Trade> recent_;  // bounded: trades the UI has not taken yet
    FeedCounters counters_;
};

}  // namespace flowscope::ui
