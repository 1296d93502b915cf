#include "aggregate/bar_series.hpp"

#include <algorithm>

namespace flowscope {

BarSeries::BarSeries(BarSpec spec, std::int64_t bucket_units) : spec_(spec), bucket_units_(bucket_units) {}

BarSeries BarSeries::from_time_bars(BarSpec spec, std::int64_t bucket_units, std::vector<Bar> bars) {
    BarSeries series(spec, bucket_units);
    series.bars_ = std::move(bars);
    series.revision_ = 1;
    for (Bar& bar : series.bars_) bar.revision = series.revision_;
    if (spec.kind == BarKind::Time && !series.bars_.empty()) {
        series.open_bar_start_us_ = series.bars_.back().open_time_us;
        series.open_bar_end_us_ = series.open_bar_start_us_ + spec.duration_us;
    }
    return series;
}

void BarSeries::clear() {
    bars_.clear();
    open_bar_start_us_ = std::numeric_limits<std::int64_t>::max();
    open_bar_end_us_ = std::numeric_limits<std::int64_t>::min();
    ++revision_;
    late_trades_ = 0;
}

std::size_t BarSeries::memory_bytes() const {
    std::size_t n = bars_.capacity() * sizeof(Bar);
    for (const Bar& b : bars_) n += b.footprint.memory_bytes() + b.prints.memory_bytes();
    return n;
}

void BarSeries::record_new_print(const Trade& trade, const BigPrint& print) {
    // The bar the trade went to: the newest, or for a late trade the time bar it belongs to.
    std::size_t index = bars_.size() - 1;
    if (spec_.kind == BarKind::Time && !in_open_time_bar(trade.exchange_time_us)) {
        const std::int64_t open = floor_div(trade.exchange_time_us, spec_.duration_us) * spec_.duration_us;
        index = static_cast<std::size_t>(std::lower_bound(bars_.begin(), bars_.end(), open,
                                                          [](const Bar& b, std::int64_t t) { return b.open_time_us < t; }) -
                                         bars_.begin());
    }
    Bar& bar = bars_[index];
    if (!bar.prints.empty() && bar.prints.back().sweep == print.sweep) {
        bar.prints.back() = print;
        return;
    }
    // A sweep already recorded in the bar before (a tick or volume bar closed inside it) moves here.
    if (index > 0) {
        Bar& before = bars_[index - 1];
        if (!before.prints.empty() && before.prints.back().sweep == print.sweep) {
            before.prints.pop_back();
            before.revision = revision_;
        }
    }
    bar.prints.push_back(print);
}

Bar& BarSeries::bar_for_time(std::int64_t time_us, bool& opened, bool& late) {
    opened = false;
    late = false;
    switch (spec_.kind) {
        case BarKind::Tick:
            if (bars_.empty() || bars_.back().trades >= static_cast<std::uint64_t>(spec_.trades_per_bar)) {
                bars_.emplace_back().open_time_us = time_us;
                opened = true;
            }
            return bars_.back();
        case BarKind::Volume:
            if (bars_.empty() || bars_.back().volume >= spec_.volume_per_bar) {
                bars_.emplace_back().open_time_us = time_us;
                opened = true;
            }
            return bars_.back();
        case BarKind::Time: break;
    }
    const std::int64_t duration = spec_.duration_us;
    if (in_open_time_bar(time_us)) return bars_.back();  // the hot path: the trade belongs to the open bar
    const std::int64_t open = floor_div(time_us, duration) * duration;
    if (bars_.empty() || open > bars_.back().open_time_us) {
        bars_.emplace_back().open_time_us = open;
        open_bar_start_us_ = open;
        open_bar_end_us_ = open + duration;
        opened = true;
        return bars_.back();
    }
    // A late trade: find (or insert, in time order) the bar it belongs to.
    late = true;
    auto it = std::lower_bound(bars_.begin(), bars_.end(), open,
                               [](const Bar& b, std::int64_t t) { return b.open_time_us < t; });
    if (it == bars_.end() || it->open_time_us != open) {
        it = bars_.insert(it, Bar{});
        it->open_time_us = open;
        opened = true;
    }
    return *it;
}

void BarSeries::add_opening_or_late(const Trade& trade, const TradeImpact& impact, std::int64_t bucket) {
    bool opened = false;
    bool late = false;
    Bar& bar = bar_for_time(trade.exchange_time_us, opened, late);
    if (!late) {
        apply(bar, opened, trade, impact, bucket);
        return;
    }
    ++late_trades_;
    // In time order this trade comes before every later bar: their CVD moves by its delta, and
    // this bar's CVD is the running delta up to its own close, not the stream's latest value.
    const std::size_t index = static_cast<std::size_t>(&bar - bars_.data());
    const Quantity signed_q = trade.signed_quantity();
    Quantity cvd_before_bar;  // running delta just before this bar's first trade
    if (!opened)
        cvd_before_bar = bar.cvd - bar.delta();
    else if (index > 0)
        cvd_before_bar = bars_[index - 1].cvd;
    else
        cvd_before_bar = bars_[1].cvd - bars_[1].delta();
    apply(bar, opened, trade, impact, bucket);
    bar.cvd = cvd_before_bar + bar.delta();
    for (std::size_t i = index + 1; i < bars_.size(); ++i) {
        bars_[i].cvd += signed_q;
        bars_[i].revision = revision_;
    }
}

}  // namespace flowscope
