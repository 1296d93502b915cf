#pragma once
// The one place the worker thread and the UI thread meet. The worker aggregates (each trade once,
// in its replay engine or live aggregation) and publishes the bars that changed; the UI, on its
// frame timer, copies the bars that changed since its last copy and the newest trades for time &
// sales. Neither side ever waits for the other for long: copies are made outside the lock and
// only moved in under it.
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "aggregate/bar_series.hpp"
#include "chart/chart_bars.hpp"
#include "model/trade.hpp"

namespace flowscope::ui {

// Running counts since the source opened (for the status bar).
struct FeedCounters {
    std::uint64_t trades = 0;
    std::int64_t last_exchange_time_us = 0;
    std::int64_t last_latency_us = -1;  // receive − exchange time of the newest live trade; −1 unknown
    std::uint64_t non_aggressive = 0;   // prints that are not aggression (model/trade.hpp, Print)
    bool non_aggressive_included = false;  // in the bars, or left out of them
    std::uint64_t untaken_dropped = 0;  // trades time & sales never got: too many waited for the UI
};

// Sees what the chart sees, on the worker thread and outside the store's lock: every new chart (a
// source opened, a seek, another timeframe or bucket) and every trade that moves it, in order.
// Alerts watch the market this way (window/alerts_feed.hpp).
class TradeWatcher {
public:
    virtual ~TradeWatcher() = default;
    // reading_bucket_units: the bucket a trader reads the chart's levels at (set_reading_bucket),
    // 0 for the series' own.
    virtual void chart_replaced(const BarSeries& series, std::int64_t reading_bucket_units) = 0;
    virtual void trades_added(std::span<const Trade> trades) = 0;
};

// A member of a group of markets as the worker hands it to the store, with its part of the bars
// either way: time bars, its own series (the chart's spec and bucket, its trades alone), matched
// to the chart's bars by open time; tick and volume bars, whose boundaries only the whole stream
// sets, its parts aligned with the series' bars by index (aligned[i]: its trades of bar i).
struct MemberSeries {
    std::string name;  // "binance-futures BTCUSDT"
    const BarSeries* series = nullptr;
    std::span<const Bar> aligned;
};

class ChartStore {
public:
    ChartStore();
    // Any thread; null for none.
    void set_watcher(std::shared_ptr<TradeWatcher> watcher);

    // Worker side (one worker thread). A new chart: `series` as it stands (empty for a live market
    // just opened), `trades_so_far` of the source aggregated in it, and the trades just before
    // it for time & sales. members: a group's members (each chart bar gets their parts,
    // ChartBars::member_bars), none for one market.
    void replace(const BarSeries& series, Price tick, std::string symbol, std::uint64_t trades_so_far,
                 std::span<const Trade> recent, std::span<const MemberSeries> members = {});
    // The same chart, moved on: the bars of `series` changed since the last publish are copied,
    // and `trades` (what moved it) go to time & sales and the counters. every_bar: `series` is
    // not the one published last (a prepared engine took over with the same bars), so its
    // revisions say nothing: every bar is copied, and the view stays as it is.
    void publish(const BarSeries& series, std::span<const Trade> trades, bool every_bar = false,
                 std::span<const MemberSeries> members = {});
    // Worker side, before replace(): the bucket a trader reads levels at when it is not the series'
    // own (0). Under the Auto bucket the series holds a fine base while the footprint draws a bucket
    // that follows the zoom; what reads levels on its own (stacked-imbalance alerts) must not follow
    // the zoom, so it reads the market's default fixed bucket, a whole multiple of the base.
    void set_reading_bucket(std::int64_t units);
    // Bars before the series' first one, with totals only (history/kline_bars.hpp: the
    // exchange's klines where trades do not reach): shown in front of the series, whose CVD goes
    // on from the prefix's. A prefix bar that opens with the series' first bar (a bar whose cells
    // begin inside it) is merged into it: totals from both, cells from the series. replace()
    // drops the prefix; set it again for the new chart.
    void set_prefix(std::vector<Bar> prefix);
    // Holes the exchange did not serve (ids given up), by exchange time: the bars they fall in are
    // marked (Bar::missing_trades) so that the chart shows where its numbers are short.
    struct Gap {
        std::int64_t from_us = 0, to_us = 0;  // the trades on both sides of the hole
        std::uint64_t trades = 0;
    };
    void add_gap(const Gap& gap);
    // After replace(): how many prints that are not aggression the new chart's aggregation has
    // seen and whether its bars include them; publish() counts the ones that come after.
    void set_non_aggressive(std::uint64_t so_far, bool included);
    BarSpec spec() const;
    std::int64_t bucket_units() const;

    // UI side: brings `into` up to date; returns true when any bar changed. Appends up to
    // max_trades of the newest trades since the last call to new_trades (oldest first).
    bool update(ChartBars& into, std::vector<Trade>& new_trades, std::size_t max_trades);
    // A window takes every trade (time & sales keeps the session): untaken trades wait for it, up
    // to 262,144 (more are counted in FeedCounters::untaken_dropped). Off (a worker on its own,
    // tests, benches): only the newest 2,000 wait.
    void set_every_trade_read(bool on);
    FeedCounters counters() const;

private:
    mutable std::mutex mutex_;
    // The published bars. Their revisions are the store's own (one per publish), so the UI's
    // copies follow them whatever series they came from.
    ChartBars chart_;
    std::uint64_t source_revision_ = 0;  // the worker's series revision at the last publish (worker only)
    // Worker only: the prefix, and the series' bars as published last (to rebuild the chart when
    // the prefix comes after them).
    std::vector<Bar> prefix_;
    Quantity prefix_cvd_;
    std::vector<Bar> series_copy_;
    std::vector<Gap> gaps_;
    void rebuild_shown();  // the chart again from prefix, series copy and gaps
    Bar shown(const Bar& series_bar, std::size_t index) const;  // a series bar as the chart shows it
    // The members' parts of series bar `index`, which opens at open_time_us.
    static std::vector<Bar> member_parts(std::size_t index, std::int64_t open_time_us, std::span<const MemberSeries> members);
    std::shared_ptr<TradeWatcher> watcher_;  // under mutex_
    std::shared_ptr<TradeWatcher> watcher() const;
    std::deque<Trade> recent_;  // bounded: trades the UI has not taken yet
    bool every_trade_read_ = false;
    std::int64_t reading_bucket_units_ = 0;  // worker only
    FeedCounters counters_;
};

}  // namespace flowscope::ui
