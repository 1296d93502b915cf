#include "record/replay_playback.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "aggregate/bar_rollup.hpp"

namespace flowscope::record {

ReplayPlayback::ReplayPlayback(std::unique_ptr<ReplayEngine> engine, BarSpec spec, std::int64_t bucket_units)
    : engine_(std::move(engine)) {
    engine_->aggregator().add_series(spec, bucket_units);
    const RecordingSession& session = engine_->replayer().session();
    start_us_ = session.start_time_us();
    end_us_ = session.end_time_us();
    market_us_ = start_us_;
}

std::size_t ReplayPlayback::play_range(std::int64_t last, std::vector<Trade>& out, std::size_t max_trades) {
    last = std::min(last, end_us_);
    if (last < market_us_) return 0;
    std::size_t n = engine_->play_to(last, &out, max_trades);
    if (n >= max_trades) {
        // Cut inside the stream: the frames of the last trade's moment are played too, so the
        // position is a time again (every frame received before market_us_, none after).
        const std::int64_t moment = engine_->replayer().clock_us();
        n += engine_->play_to(moment, &out);
        market_us_ = moment + 1;
    } else {
        market_us_ = last + 1;
    }
    return n;
}

std::size_t ReplayPlayback::play_through(std::int64_t last, std::vector<Trade>& out, std::size_t max_trades) {
    if (until_us_ > 0) last = std::min(last, until_us_ - 1);
    return play_range(last, out, max_trades);
}

std::size_t ReplayPlayback::advance(std::int64_t wall_elapsed_us, std::vector<Trade>& out, std::size_t max_trades) {
    if (at_end()) return 0;
    if (speed_ == kMaxSpeed) return play_through(std::numeric_limits<std::int64_t>::max(), out, max_trades);
    const auto step = static_cast<std::int64_t>(std::llround(static_cast<double>(wall_elapsed_us) * speed_));
    if (step <= 0) return 0;
    return play_through(market_us_ + step - 1, out, max_trades);
}

std::size_t ReplayPlayback::step_bar(std::vector<Trade>& out) {
    if (at_end()) return 0;
    const BarSpec& spec = series().spec();
    if (spec.kind == BarKind::Time) {
        const std::int64_t d = spec.duration_us;
        const auto bars = series().bars();
        const bool in_open_bar = !bars.empty() && market_us_ < bars.back().open_time_us + d;
        std::int64_t end = in_open_bar ? bars.back().open_time_us + d : (floor_div(market_us_, d) + 1) * d;
        // Bars without trades (a gap in the session) are stepped over.
        std::size_t n = 0;
        for (; n == 0 && !at_end(); end += d) n = play_through(end - 1, out, kUnlimited);
        return n;
    }
    std::size_t n = engine_->step_bar(series(), &out);
    if (n == 0) {
        market_us_ = end_us_ + 1;
        return 0;
    }
    // The rest of the filling trade's moment, so the position is a time again.
    return n + play_range(engine_->replayer().clock_us(), out, kUnlimited);
}

std::int64_t ReplayPlayback::previous_bar_start() const {
    const auto bars = series().bars();
    for (auto it = bars.rbegin(); it != bars.rend(); ++it)
        if (it->open_time_us < market_us_) return std::max(start_us_, it->open_time_us);
    return start_us_;
}

void ReplayPlayback::seek(std::int64_t market_us, std::vector<Trade>& recent) {
    const std::int64_t target = std::clamp(market_us, start_us_, end_us_ + 1);
    // The engine restores its nearest checkpoint; the last stretch is played here to keep its
    // trades for time & sales.
    const std::int64_t from = std::max(start_us_, target - kRecentWindowUs);
    engine_->seek(from);
    market_us_ = from;
    play_range(target - 1, recent, kUnlimited);
    market_us_ = target;
}

void ReplayPlayback::adopt(std::unique_ptr<ReplayEngine> engine) {
    assert(engine->aggregator().series().size() == 1);
    engine->seek(market_us_);
    engine_ = std::move(engine);
}

bool ReplayPlayback::change_chart(std::unique_ptr<ReplayEngine> engine, BarSpec spec, std::int64_t bucket_units,
                                  std::vector<Trade>& recent) {
    auto rolled = roll_up(series(), spec, bucket_units);
    if (!rolled) {
        engine->aggregator().add_series(spec, bucket_units);
        engine_ = std::move(engine);
        seek(market_us_, recent);
        return false;
    }
    // The old engine goes: its aggregation moves over (running CVD and counts), with the longer bars.
    Aggregator aggregation = std::move(engine_->aggregator());
    aggregation.series().front() = std::move(*rolled);
    engine->aggregator() = std::move(aggregation);
    // The new engine stands at market time: the last stretch is read for time & sales only.
    Replayer& replayer = engine->replayer();
    replayer.seek(std::max(start_us_, market_us_ - kRecentWindowUs));
    replayer.advance_to(market_us_ - 1, recent);
    // It goes on with the old engine's trade sequences (trades held for a repair stay held).
    replayer.seek(market_us_, engine_->replayer().sequence_state());
    engine_ = std::move(engine);
    return true;
}

}  // namespace flowscope::record
