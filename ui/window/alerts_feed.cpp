#include "window/alerts_feed.hpp"

#include <algorithm>

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

void AlertsFeed::chart_replaced(const BarSeries& series) {
    std::lock_guard lock(engine_mutex_);
    auto engine = AlertEngine::create(rules_, series.spec(), series.bucket_units(), include_non_aggressive_);
    if (!engine) {
        engine_.reset();  // a chart of no bars alerts can read (none is made today)
        return;
    }
    engine_ = std::move(*engine);
    engine_->start_from(series.bars());
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
