#pragma once
// One instrument's trade stream fanned out into several bar series at once (e.g. all eleven
// time frames), sharing the running CVD and the bucket arithmetic.
//
// Prints that are not aggression (Trade::print: insurance fund, ADL, block trades) are counted,
// and kept out of the bars unless include_non_aggressive is set: their side says nothing about who crossed
// the spread, so they would put false delta into the CVD and false bids/asks into the footprint.
// The check is one well-predicted branch per trade.
#include <cstdint>
#include <deque>
#include <vector>

#include "aggregate/bar_series.hpp"
#include "aggregate/big_prints.hpp"
#include "model/trade.hpp"

namespace flowscope {

class Aggregator {
public:
    Aggregator() = default;
    // Copies (replay checkpoints) and moves point hot_ at their own series.
    Aggregator(const Aggregator& other);
    Aggregator(Aggregator&& other) noexcept;
    Aggregator& operator=(const Aggregator& other);
    Aggregator& operator=(Aggregator&& other) noexcept;

    // Series live in a deque so references returned by add_series stay valid.
    BarSeries& add_series(BarSpec spec, std::int64_t bucket_units);

    void add(const Trade& trade) {
        if (!is_aggression(trade.print)) [[unlikely]] {
            ++non_aggressive_trades_;
            non_aggressive_volume_ += trade.quantity;
            if (!include_non_aggressive_) return;
        }
        cvd_ += trade.signed_quantity();
        ++trades_;
        volume_ += trade.quantity;
        const BarSeries::TradeImpact impact = BarSeries::impact_of(trade, cvd_);
        const BigPrint* print = sweeps_.add(trade, impact.notional);
        std::int64_t last_units = 0;
        std::int64_t bucket = 0;
        for (BarSeries* s : hot_) {
            if (s->bucket_units() != last_units) {  // one division per distinct bucket size
                last_units = s->bucket_units();
                bucket = Footprint::bucket_of(trade.price, last_units);
            }
            s->add(trade, impact, bucket);
        }
        if (print) [[unlikely]]
            record_print(trade, *print);
    }

    Quantity cvd() const { return cvd_; }
    Quantity volume() const { return volume_; }
    std::uint64_t trades() const { return trades_; }  // trades in the bars

    // Big prints (aggregate/big_prints.hpp): sweeps worth at least `quote` (quote currency) go into
    // the bars' print lists. kBigPrintFloorQuote by default; set before the first trade.
    void set_big_print_floor(std::int64_t quote) { sweeps_.set_floor_quote(quote); }

    // Off by default; set before the first trade, so that every bar follows one rule.
    void set_include_non_aggressive(bool include) { include_non_aggressive_ = include; }
    bool include_non_aggressive() const { return include_non_aggressive_; }
    // Prints that are not aggression seen so far, in the bars or not (include_non_aggressive).
    std::uint64_t non_aggressive_trades() const { return non_aggressive_trades_; }
    Quantity non_aggressive_volume() const { return non_aggressive_volume_; }

    std::deque<BarSeries>& series() { return series_; }
    const std::deque<BarSeries>& series() const { return series_; }
    std::size_t memory_bytes() const;
    void clear();  // drops every bar and restarts the CVD, keeping the series definitions

private:
    void point_hot_at_series();
    void record_print(const Trade& trade, const BigPrint& print);

    std::deque<BarSeries> series_;
    std::vector<BarSeries*> hot_;  // the same series in a flat array: cheaper to walk for every trade
    SweepTracker sweeps_;
    Quantity cvd_;
    Quantity volume_;
    std::uint64_t trades_ = 0;
    std::uint64_t non_aggressive_trades_ = 0;
    Quantity non_aggressive_volume_;
    bool include_non_aggressive_ = false;
};

}  // namespace flowscope
