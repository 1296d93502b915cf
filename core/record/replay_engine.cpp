#include "record/replay_engine.hpp"

#include <algorithm>

namespace flowscope::record {

ReplayEngine::ReplayEngine(std::unique_ptr<RecordingSession> session, ReplayEngineOptions options)
    : replayer_(std::move(session)), options_(options) {
    aggregator_.set_include_non_aggressive(options_.include_non_aggressive);
    grid_start_us_ = replayer_.session().start_time_us();
    const std::int64_t span = replayer_.session().end_time_us() - grid_start_us_;
    grid_step_us_ = std::max<std::int64_t>(1, span / std::max(1, options_.checkpoints) + 1);
}

std::size_t ReplayEngine::play_to(std::int64_t time_us, std::vector<Trade>* trades_out, std::size_t max_trades) {
    return replayer_.play_to(
        time_us,
        [&](std::span<const Trade> trades) {
            for (const Trade& t : trades) aggregator_.add(t);
            if (trades_out) trades_out->insert(trades_out->end(), trades.begin(), trades.end());
        },
        max_trades);
}

std::size_t ReplayEngine::step_bar(const BarSeries& series, std::vector<Trade>* trades_out) {
    scratch_.clear();
    const std::size_t n = replayer_.step_bar(series, scratch_);
    for (const Trade& t : scratch_) aggregator_.add(t);
    if (trades_out) trades_out->insert(trades_out->end(), scratch_.begin(), scratch_.end());
    return n;
}

void ReplayEngine::feed_to(std::int64_t time_us) { play_to(time_us); }

void ReplayEngine::feed_until(std::int64_t time_us) {
    // The next grid time after `after`, on the current grid (thin_out() may double the step).
    const auto next_grid = [&](std::int64_t after) {
        return grid_start_us_ + (std::max<std::int64_t>(0, after - grid_start_us_) / grid_step_us_ + 1) * grid_step_us_;
    };
    for (std::int64_t grid = next_grid(replayer_.clock_us()); grid <= time_us; grid = next_grid(grid)) {
        feed_to(grid - 1);
        if (checkpoints_.count(grid)) continue;
        // Measured on the copy: the live aggregator's vectors hold spare capacity, copies do not.
        const auto added = checkpoints_.emplace(grid, Checkpoint{aggregator_, replayer_.sequence_state()}).first;
        checkpoint_bytes_ += added->second.memory_bytes();
        while (checkpoint_bytes_ > options_.checkpoint_memory_budget && checkpoints_.size() > 1) thin_out();
        if (checkpoint_bytes_ > options_.checkpoint_memory_budget) {
            checkpoint_bytes_ = 0;
            checkpoints_.clear();
        }
    }
    feed_to(time_us - 1);
}

void ReplayEngine::thin_out() {
    // Every other checkpoint goes and the grid doubles: the rest stay spread over the session.
    grid_step_us_ *= 2;
    for (auto it = checkpoints_.begin(); it != checkpoints_.end();) {
        if ((it->first - grid_start_us_) % grid_step_us_ != 0) {
            checkpoint_bytes_ -= it->second.memory_bytes();
            it = checkpoints_.erase(it);
        } else {
            ++it;
        }
    }
}

void ReplayEngine::seek(std::int64_t time_us) {
    // The newest checkpoint at or before time_us, unless playing forward from here is shorter.
    auto cp = checkpoints_.upper_bound(time_us);
    const bool forward = time_us >= replayer_.clock_us() && replayer_.clock_us() > grid_start_us_ &&
                         (cp == checkpoints_.begin() || std::prev(cp)->first <= replayer_.clock_us());
    if (!forward) {
        if (cp == checkpoints_.begin()) {
            aggregator_.clear();
            replayer_.seek(grid_start_us_, {});
        } else {
            --cp;
            aggregator_ = cp->second.aggregation;  // assigns series in place: references stay valid
            replayer_.seek(cp->first, cp->second.sequence);
        }
    }
    feed_until(time_us);
    replayer_.seek(time_us);
}

void ReplayEngine::prepare_checkpoints() {
    seek(replayer_.session().end_time_us() + 1);
    seek(grid_start_us_);
}

}  // namespace flowscope::record
