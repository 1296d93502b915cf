#include "chart/chart_store.hpp"

namespace flowscope::ui {

namespace {
// Time & sales shows a few hundred rows; older untaken trades are not worth keeping.
constexpr std::size_t kRecentTradeLimit = 2000;
}  // namespace

ChartStore::ChartStore() { series_ = &aggregator_.add_series(BarSpec::time(60), kDecimalScale); }

void ChartStore::reset(BarSpec spec, std::int64_t bucket_units, Price tick, std::string symbol) {
    std::lock_guard lock(mutex_);
    aggregator_ = Aggregator{};
    series_ = &aggregator_.add_series(spec, bucket_units);
    tick_ = tick;
    symbol_ = std::move(symbol);
    ++generation_;
    recent_.clear();
    counters_ = {};
}

void ChartStore::replace(Aggregator aggregation, Price tick, std::string symbol, std::span<const Trade> recent) {
    if (aggregation.series().empty()) aggregation.add_series(BarSpec::time(60), kDecimalScale);
    const std::size_t keep = std::min(recent.size(), kRecentTradeLimit);
    std::deque<Trade> newest(recent.end() - static_cast<std::ptrdiff_t>(keep), recent.end());
    {
        std::lock_guard lock(mutex_);
        std::swap(aggregator_, aggregation);
        series_ = &aggregator_.series().front();
        tick_ = tick;
        std::swap(symbol_, symbol);
        ++generation_;
        std::swap(recent_, newest);
        counters_ = {};
        counters_.trades = aggregator_.trades();
        if (!recent_.empty()) counters_.last_exchange_time_us = recent_.back().exchange_time_us;
    }
    // `aggregation` now holds the old bars: freed here, after the lock.
}

void ChartStore::add(std::span<const Trade> trades) {
    if (trades.empty()) return;
    std::lock_guard lock(mutex_);
    for (const Trade& t : trades) aggregator_.add(t);
    const std::size_t keep = std::min(trades.size(), kRecentTradeLimit);
    recent_.insert(recent_.end(), trades.end() - static_cast<std::ptrdiff_t>(keep), trades.end());
    while (recent_.size() > kRecentTradeLimit) recent_.pop_front();
    const Trade& last = trades.back();
    counters_.trades += trades.size();
    counters_.last_exchange_time_us = last.exchange_time_us;
    if (last.receive_time_us > 0) counters_.last_latency_us = last.receive_time_us - last.exchange_time_us;
}

BarSpec ChartStore::spec() const {
    std::lock_guard lock(mutex_);
    return series_->spec();
}

std::int64_t ChartStore::bucket_units() const {
    std::lock_guard lock(mutex_);
    return series_->bucket_units();
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

    const auto bars = series_->bars();
    if (into.generation != generation_) {
        into.spec = series_->spec();
        into.bucket_units = series_->bucket_units();
        into.tick = tick_;
        into.symbol = symbol_;
        into.bars.assign(bars.begin(), bars.end());
        into.generation = generation_;
        into.series_revision = series_->revision();
        return true;
    }
    if (into.series_revision == series_->revision()) return false;
    const std::uint64_t seen = into.series_revision;
    const std::size_t old_size = into.bars.size();
    into.bars.resize(bars.size());
    // Newest bars change most; a late trade may also touch older bars, which carry its revision.
    for (std::size_t i = 0; i < bars.size(); ++i) {
        if (i >= old_size || bars[i].revision > seen || bars[i].open_time_us != into.bars[i].open_time_us)
            into.bars[i] = bars[i];
    }
    into.series_revision = series_->revision();
    return true;
}

}  // namespace flowscope::ui
