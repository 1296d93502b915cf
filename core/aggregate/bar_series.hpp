#pragma once
// The bars of one timeframe for one instrument, built incrementally from trades.
//
// Late trades (exchange time before the open bar) go to the time bar they belong to; the CVD
// of every later bar moves by their delta so CVD stays the running sum in time order. Tick and
// volume bars are defined by arrival order, so a late trade joins the open bar. A volume bar
// takes the whole trade that reaches its size and then closes (trades are never split).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/bar_spec.hpp"

namespace flowscope {

class BarSeries {
public:
    BarSeries(BarSpec spec, std::int64_t bucket_units);
    // A time series that goes on from bars made elsewhere (bars merged into a longer timeframe),
    // as if it had been fed their trades: the last bar is the open one.
    static BarSeries from_time_bars(BarSpec spec, std::int64_t bucket_units, std::vector<Bar> bars);

    // What one trade adds to any bar, worked out once for every series of a stream.
    struct TradeImpact {
        Quantity cvd_after;  // the stream's running delta after this trade (shared by every series)
        int128 notional;     // price.units × quantity.units, for the VWAP
    };
    static TradeImpact impact_of(const Trade& trade, Quantity cvd_after) {
        return {cvd_after, static_cast<int128>(trade.price.units) * trade.quantity.units};
    }

    // bucket is Footprint::bucket_of(trade.price, bucket_units()).
    void add(const Trade& trade, const TradeImpact& impact, std::int64_t bucket) {
        ++revision_;
        // The hot path, inline: a time bar's trade that belongs to the open bar.
        if (in_open_time_bar(trade.exchange_time_us)) {
            apply(bars_.back(), false, trade, impact, bucket);
            return;
        }
        add_opening_or_late(trade, impact, bucket);
    }
    // cvd_after: the stream's running delta after this trade.
    void add(const Trade& trade, Quantity cvd_after) {
        add(trade, impact_of(trade, cvd_after), Footprint::bucket_of(trade.price, bucket_units_));
    }

    // Right after add(trade, …): the sweep that trade belongs to has reached the big-print floor
    // (aggregate/big_prints.hpp; the Aggregator tracks sweeps, a series fed alone records none).
    void record_print(const Trade& trade, const BigPrint& print) {
        // Usually a sweep growing in the newest time bar: updated in place.
        if (in_open_time_bar(trade.exchange_time_us)) {
            BigPrints& prints = bars_.back().prints;
            if (!prints.empty() && prints.back().sweep == print.sweep) {
                prints.back() = print;
                return;
            }
        }
        record_new_print(trade, print);
    }

    const BarSpec& spec() const { return spec_; }
    std::int64_t bucket_units() const { return bucket_units_; }
    std::span<const Bar> bars() const { return bars_; }
    // Increases by one with every change; bars carry the revision of their last change.
    std::uint64_t revision() const { return revision_; }
    std::uint64_t late_trades() const { return late_trades_; }
    std::size_t memory_bytes() const;
    void clear();

private:
    void add_opening_or_late(const Trade& trade, const TradeImpact& impact, std::int64_t bucket);
    void record_new_print(const Trade& trade, const BigPrint& print);
    bool in_open_time_bar(std::int64_t time_us) const {
        return time_us >= open_bar_start_us_ && time_us < open_bar_end_us_;
    }
    Bar& bar_for_time(std::int64_t time_us, bool& opened, bool& late);
    void apply(Bar& bar, bool opened, const Trade& trade, const TradeImpact& impact, std::int64_t bucket) {
        const Quantity q = trade.quantity;
        const std::int64_t t = trade.exchange_time_us;
        if (opened) {
            bar.first_trade_time_us = bar.last_trade_time_us = t;
            bar.open = bar.high = bar.low = bar.close = trade.price;
        } else {
            if (t < bar.first_trade_time_us) {
                bar.first_trade_time_us = t;
                bar.open = trade.price;
            }
            if (t >= bar.last_trade_time_us) {
                bar.last_trade_time_us = t;
                bar.close = trade.price;
            }
            bar.high = std::max(bar.high, trade.price);
            bar.low = std::min(bar.low, trade.price);
        }
        bar.volume += q;
        if (trade.aggressor == Side::Buy)
            bar.buy_volume += q;
        else
            bar.sell_volume += q;
        const Quantity delta = bar.delta();
        if (opened) {
            bar.max_delta = bar.min_delta = delta;
        } else {
            bar.max_delta = std::max(bar.max_delta, delta);
            bar.min_delta = std::min(bar.min_delta, delta);
        }
        bar.notional += impact.notional;
        ++bar.trades;
        bar.cvd = impact.cvd_after;
        bar.revision = revision_;
        bar.footprint.add(bucket, trade.aggressor, q);
    }

    BarSpec spec_;
    std::int64_t bucket_units_;
    std::vector<Bar> bars_;
    // The newest time bar's span, so the hot path needs neither a division nor a look at the bar;
    // empty (start > end) before the first time bar and for tick and volume bars.
    std::int64_t open_bar_start_us_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t open_bar_end_us_ = std::numeric_limits<std::int64_t>::min();
    std::uint64_t revision_ = 0;
    std::uint64_t late_trades_ = 0;
};

}  // namespace flowscope
