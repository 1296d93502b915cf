#include "window/alerts_feed.hpp"

#include <algorithm>

#include "chart/display_bars.hpp"
#include "model/wall_clock.hpp"

namespace flowscope::ui {

void AlertsFeed::set_rules(std::vector<AlertRule> rules) {
    std::lock_guard lock(engine_mutex_);
    rules_ = rules;
    // Rules come checked: a refusal here would be a bug, and leaves the old ones running.
    if (engine_) (void)engine_->set_rules(std::move(rules));
}

void AlertsFeed::set_include_non_aggressive(bool include) {
    std::lock_guard lock(engine_mutex_);
    include_non_aggressive_ = include;
}

void AlertsFeed::set_wake(std::function<void()> wake) {
    std::lock_guard lock(waiting_mutex_);
    wake_ = std::move(wake);
}

void AlertsFeed::take(std::vector<AlertEvent>& into) {
    std::lock_guard lock(waiting_mutex_);
    into.insert(into.end(), std::make_move_iterator(waiting_.begin()), std::make_move_iterator(waiting_.end()));
    waiting_.clear();
}

void AlertsFeed::chart_replaced(const BarSeries& series, std::int64_t reading_bucket_units) {
    std::lock_guard lock(engine_mutex_);
    const std::int64_t chart_bucket = series.bucket_units();
    // Stacks are read at the bucket the trader reads (ChartStore::set_reading_bucket), when it is a
    // whole multiple of the chart's: its cells are then exact sums of the chart's.
    const bool own_bucket = reading_bucket_units > chart_bucket && chart_bucket > 0 && reading_bucket_units % chart_bucket == 0;
    auto engine = AlertEngine::create(rules_, series.spec(), own_bucket ? reading_bucket_units : chart_bucket, include_non_aggressive_);
    if (!engine) {
        engine_.reset();  // a chart of no bars alerts can read (none is made today)
        return;
    }
    engine_ = std::move(*engine);
    const std::span<const Bar> bars = series.bars();
    if (!own_bucket || bars.empty()) {
        engine_->start_from(bars);
        return;
    }
    // The engine reads the closed bars a divergence can look back on and the open bar's levels:
    // those bars, the open one at the engine's bucket.
    const std::size_t tail = std::min<std::size_t>(bars.size(), static_cast<std::size_t>(kMaxDivergenceBars) + 1);
    std::vector<Bar> rebucketed_bars(bars.end() - static_cast<std::ptrdiff_t>(tail), bars.end() - 1);
    rebucketed_bars.push_back(rebucketed(bars.back(), reading_bucket_units / chart_bucket));
    engine_->start_from(rebucketed_bars);
}

void AlertsFeed::trades_added(std::span<const Trade> trades) {
    {
        std::lock_guard lock(engine_mutex_);
        if (!engine_) return;
        fired_.clear();
        engine_->add(trades, fired_);
    }
    if (fired_.empty()) return;
    if (live_) {
        const std::int64_t quiet_before = wall_now_us() - kStaleUs;
        const auto history = std::remove_if(fired_.begin(), fired_.end(),
                                            [&](const AlertEvent& e) { return e.exchange_time_us < quiet_before; });
        history_quieted_ += static_cast<std::uint64_t>(fired_.end() - history);
        fired_.erase(history, fired_.end());
        if (fired_.empty()) return;
    }
    std::lock_guard lock(waiting_mutex_);
    const bool was_empty = waiting_.empty();
    for (AlertEvent& e : fired_) {
        if (waiting_.size() >= kMaxWaiting) {
            ++dropped_;
            continue;
        }
        waiting_.push_back(std::move(e));
    }
    if (was_empty && !waiting_.empty() && wake_) wake_();
}

}  // namespace flowscope::ui
