#include "chart/chart_store.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace flowscope::ui {

namespace {
// Trades wait here for the UI's next frame, which hands every one to time & sales. The fastest
// max-speed replay publishes ~5 M trades a second, 125k a 25 ms frame: this holds two of those
// frames and more (38 MB of trades), so only a UI thread stalled through a max-speed replay loses
// any; the oldest go first and are counted (FeedCounters::untaken_dropped).
constexpr std::size_t kRecentTradeLimit = std::size_t{1} << 18;
// Without a window that takes every trade (a worker on its own, tests, benches): only the newest
// kUnreadTradeLimit wait, as many as a list shows.
constexpr std::size_t kUnreadTradeLimit = 2000;

// The bars of `from` that `to` (a copy made at revision `seen`) lacks or holds stale: newest bars
// change most; a late trade may also insert or touch older bars, which carry its revision.
template <typename Each>
void for_each_changed_bar(std::span<const Bar> from, const std::vector<Bar>& to, std::uint64_t seen, Each&& each) {
    for (std::size_t i = 0; i < from.size(); ++i)
        if (i >= to.size() || from[i].revision > seen || from[i].open_time_us != to[i].open_time_us) each(i);
}
}  // namespace

ChartStore::ChartStore() { chart_.generation = 1; }

void ChartStore::set_watcher(std::shared_ptr<TradeWatcher> watcher) {
    std::lock_guard lock(mutex_);
    watcher_ = std::move(watcher);
}

std::shared_ptr<TradeWatcher> ChartStore::watcher() const {
    std::lock_guard lock(mutex_);
    return watcher_;
}

Bar ChartStore::shown(const Bar& series_bar, std::size_t index) const {
    Bar bar = series_bar;
    bar.cvd += prefix_cvd_;
    // A hole falls in the bar whose time holds the trade after it: before the next bar opens
    // (time bars: before this one ends, the next may not be there yet).
    const std::int64_t end = chart_.spec.kind == BarKind::Time ? bar.open_time_us + chart_.spec.duration_us
                             : index + 1 < series_copy_.size() ? series_copy_[index + 1].open_time_us
                                                               : std::numeric_limits<std::int64_t>::max();
    for (const Gap& g : gaps_)
        if (g.to_us >= bar.open_time_us && g.to_us < end) bar.missing_trades += g.trades;
    if (index == 0 && !prefix_.empty() && prefix_.back().open_time_us == bar.open_time_us) {
        // The series begins inside this bar: the klines' part before it, then its trades.
        const Bar& before = prefix_.back();
        const Quantity delta_before = before.delta();
        if (!before.totals_only) {
            // Both parts have their cells: the bar is whole.
            Bar whole = before;
            whole.cvd = bar.cvd;
            whole.last_trade_time_us = bar.last_trade_time_us;
            whole.close = bar.close;
            whole.high = std::max(before.high, bar.high);
            whole.low = std::min(before.low, bar.low);
            whole.volume += bar.volume;
            whole.buy_volume += bar.buy_volume;
            whole.sell_volume += bar.sell_volume;
            whole.trades += bar.trades;
            whole.notional += bar.notional;
            whole.max_delta = std::max(before.max_delta, delta_before + bar.max_delta);
            whole.min_delta = std::min(before.min_delta, delta_before + bar.min_delta);
            bar.footprint.for_each_level([&](const FootprintCell& c) { whole.footprint.add_level(c.bucket, c); });
            whole.prints.append(bar.prints);
            whole.missing_trades = bar.missing_trades;
            whole.revision = bar.revision;
            return whole;
        }
        bar.cells_from_us = bar.first_trade_time_us;
        bar.first_trade_time_us = before.first_trade_time_us;
        bar.open = before.open;
        bar.high = std::max(before.high, bar.high);
        bar.low = std::min(before.low, bar.low);
        bar.volume += before.volume;
        bar.buy_volume += before.buy_volume;
        bar.sell_volume += before.sell_volume;
        bar.trades += before.trades;
        bar.notional = 0;  // the klines' part has no VWAP
        bar.max_delta = std::max(delta_before, delta_before + bar.max_delta);
        bar.min_delta = std::min(delta_before, delta_before + bar.min_delta);
    }
    return bar;
}

std::vector<Bar> ChartStore::member_parts(std::size_t index, std::int64_t open_time_us, std::span<const MemberSeries> members) {
    std::vector<Bar> parts(members.size());
    for (std::size_t m = 0; m < members.size(); ++m) {
        if (!members[m].series) {
            if (index < members[m].aligned.size()) parts[m] = members[m].aligned[index];
            continue;
        }
        const auto bars = members[m].series->bars();
        const auto at = std::lower_bound(bars.begin(), bars.end(), open_time_us,
                                         [](const Bar& b, std::int64_t t) { return b.open_time_us < t; });
        if (at != bars.end() && at->open_time_us == open_time_us) {
            parts[m] = *at;
            continue;
        }
        // No trade of this member in the bar: nothing in it, its CVD where it stood.
        parts[m].open_time_us = open_time_us;
        if (at != bars.begin()) parts[m].cvd = std::prev(at)->cvd;
    }
    return parts;
}

void ChartStore::set_prefix(std::vector<Bar> prefix) {
    // The prefix's CVD runs up to the series' first trade; a bar shared with the series counts once.
    prefix_cvd_ = Quantity{};
    if (!prefix.empty()) prefix_cvd_ = prefix.back().cvd;
    prefix_ = std::move(prefix);
    rebuild_shown();
}

void ChartStore::add_gap(const Gap& gap) {
    gaps_.push_back(gap);
    rebuild_shown();
}

void ChartStore::rebuild_shown() {
    const bool merged = !prefix_.empty() && !series_copy_.empty() && prefix_.back().open_time_us == series_copy_.front().open_time_us;
    ChartBars chart;
    {
        std::lock_guard lock(mutex_);
        chart = chart_;
    }
    chart.bars.clear();
    chart.bars.assign(prefix_.begin(), prefix_.end() - (merged ? 1 : 0));
    for (std::size_t i = 0; i < series_copy_.size(); ++i) chart.bars.push_back(shown(series_copy_[i], i));
    if (chart.member_bars.size() != chart.bars.size()) {
        // Klines and gaps are a live market's: a group of files has neither, so its parts never shift.
        chart.members.clear();
        chart.member_bars.clear();
    }
    chart.generation = chart_.generation + 1;
    chart.series_revision = chart_.series_revision + 1;
    for (Bar& bar : chart.bars) bar.revision = chart.series_revision;
    std::lock_guard lock(mutex_);
    std::swap(chart_, chart);
}

void ChartStore::replace(const BarSeries& series, Price tick, std::string symbol, std::uint64_t trades_so_far,
                         std::span<const Trade> recent, std::span<const MemberSeries> members) {
    // The worker is the only writer: reading chart_ without the lock here is safe.
    ChartBars chart;
    chart.spec = series.spec();
    chart.bucket_units = series.bucket_units();
    chart.tick = tick;
    chart.symbol = std::move(symbol);
    chart.bars.assign(series.bars().begin(), series.bars().end());
    prefix_.clear();
    prefix_cvd_ = Quantity{};
    series_copy_ = chart.bars;
    for (std::size_t i = 0; i < series_copy_.size(); ++i) chart.bars[i] = shown(series_copy_[i], i);
    if (!members.empty()) {
        for (const MemberSeries& m : members) chart.members.push_back(m.name);
        chart.member_bars.reserve(chart.bars.size());
        for (std::size_t i = 0; i < chart.bars.size(); ++i) chart.member_bars.push_back(member_parts(i, chart.bars[i].open_time_us, members));
    }
    chart.generation = chart_.generation + 1;
    chart.series_revision = chart_.series_revision + 1;
    for (Bar& bar : chart.bars) bar.revision = chart.series_revision;
    source_revision_ = series.revision();
    const std::size_t keep = std::min(recent.size(), kRecentTradeLimit);
    std::deque<Trade> newest(recent.end() - static_cast<std::ptrdiff_t>(keep), recent.end());
    {
        std::lock_guard lock(mutex_);
        std::swap(chart_, chart);
        std::swap(recent_, newest);
        counters_ = {};
        counters_.trades = trades_so_far;
        if (!recent_.empty()) counters_.last_exchange_time_us = recent_.back().exchange_time_us;
    }
    if (const auto w = watcher()) w->chart_replaced(series, reading_bucket_units_);
    // `chart` now holds the old bars: freed here, after the lock.
}

void ChartStore::set_reading_bucket(std::int64_t units) { reading_bucket_units_ = units; }

void ChartStore::publish(const BarSeries& series, std::span<const Trade> trades, bool every_bar,
                         std::span<const MemberSeries> members) {
    if (series.revision() == source_revision_ && trades.empty() && !every_bar) return;
    if (const auto w = watcher(); w && !trades.empty()) w->trades_added(trades);
    const auto bars = series.bars();
    const std::uint64_t revision = chart_.series_revision + 1;
    std::vector<std::pair<std::size_t, Bar>> changed;  // series index, bar as shown
    // Every member's trade is one of the series' too: the members' parts change with its bars.
    const bool split = !members.empty() && !chart_.members.empty();
    std::vector<std::vector<Bar>> changed_parts;
    const auto take = [&](std::size_t i) {
        if (series_copy_.size() <= i) series_copy_.resize(i + 1);
        series_copy_[i] = bars[i];
        changed.emplace_back(i, shown(bars[i], i));
        changed.back().second.revision = revision;
        if (split) changed_parts.push_back(member_parts(i, bars[i].open_time_us, members));
    };
    if (every_bar) {
        for (std::size_t i = 0; i < bars.size(); ++i) take(i);
    } else {
        // A bar that stops being the last may lose a gap mark to the new one (tick and volume bars).
        if (!gaps_.empty() && !series_copy_.empty() && bars.size() > series_copy_.size() &&
            series_copy_.size() - 1 < bars.size())
            take(series_copy_.size() - 1);
        for_each_changed_bar(bars, series_copy_, source_revision_, take);
    }
    series_copy_.resize(bars.size());
    source_revision_ = series.revision();
    // Series bar i is chart bar i + offset (the prefix's bars before it, one fewer when merged).
    const bool merged = !prefix_.empty() && !bars.empty() && prefix_.back().open_time_us == bars.front().open_time_us;
    const std::size_t offset = prefix_.size() - (merged ? 1 : 0);
    std::lock_guard lock(mutex_);
    const std::size_t limit = every_trade_read_ ? kRecentTradeLimit : kUnreadTradeLimit;
    const std::size_t keep = std::min(trades.size(), limit);
    chart_.bars.resize(offset + bars.size());
    for (auto& [i, bar] : changed) std::swap(chart_.bars[offset + i], bar);
    if (split) {
        chart_.member_bars.resize(chart_.bars.size());
        for (std::size_t k = 0; k < changed.size(); ++k) std::swap(chart_.member_bars[offset + changed[k].first], changed_parts[k]);
    }
    chart_.series_revision = revision;
    recent_.insert(recent_.end(), trades.end() - static_cast<std::ptrdiff_t>(keep), trades.end());
    counters_.untaken_dropped += trades.size() - keep;
    while (recent_.size() > limit) {
        recent_.pop_front();
        ++counters_.untaken_dropped;
    }
    if (trades.empty()) return;
    const Trade& last = trades.back();
    counters_.trades += trades.size();
    for (const Trade& t : trades) counters_.non_aggressive += is_aggression(t.print) ? 0 : 1;
    counters_.last_exchange_time_us = last.exchange_time_us;
    if (last.receive_time_us > 0) counters_.last_latency_us = last.receive_time_us - last.exchange_time_us;
}

void ChartStore::set_every_trade_read(bool on) {
    std::lock_guard lock(mutex_);
    every_trade_read_ = on;
}

void ChartStore::set_non_aggressive(std::uint64_t so_far, bool included) {
    std::lock_guard lock(mutex_);
    counters_.non_aggressive = so_far;
    counters_.non_aggressive_included = included;
}

BarSpec ChartStore::spec() const {
    std::lock_guard lock(mutex_);
    return chart_.spec;
}

std::int64_t ChartStore::bucket_units() const {
    std::lock_guard lock(mutex_);
    return chart_.bucket_units;
}

FeedCounters ChartStore::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

bool ChartStore::update(ChartBars& into, std::vector<Trade>& new_trades, std::size_t max_trades) {
    std::lock_guard lock(mutex_);
    const std::size_t take = std::min(max_trades, recent_.size());
    new_trades.insert(new_trades.end(), recent_.end() - static_cast<std::ptrdiff_t>(take), recent_.end());
    recent_.clear();

    if (into.generation != chart_.generation) {
        into = chart_;
        return true;
    }
    if (into.series_revision == chart_.series_revision) return false;
    const std::span<const Bar> bars(chart_.bars);
    const std::uint64_t seen = into.series_revision;
    std::vector<std::size_t> changed;
    for_each_changed_bar(bars, into.bars, seen, [&](std::size_t i) { changed.push_back(i); });
    into.bars.resize(bars.size());
    for (std::size_t i : changed) into.bars[i] = bars[i];
    if (!chart_.member_bars.empty()) {
        into.member_bars.resize(bars.size());
        for (std::size_t i : changed)
            if (i < chart_.member_bars.size()) into.member_bars[i] = chart_.member_bars[i];
    }
    into.series_revision = chart_.series_revision;
    return true;
}

}  // namespace flowscope::ui
