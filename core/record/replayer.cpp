#include "record/replayer.hpp"

#include <algorithm>

namespace flowscope::record {

Replayer::Replayer(std::unique_ptr<RecordingSession> session) : session_(std::move(session)) {
    clock_us_ = session_->start_time_us();
    anchor_clock_us_ = clock_us_;
}

void Replayer::play(std::int64_t wall_now_us) {
    playing_ = true;
    anchor_wall_us_ = wall_now_us;
    anchor_clock_us_ = clock_us_;
}

void Replayer::pause(std::int64_t wall_now_us) {
    // Replay time stops where the last advance() put it; play() re-anchors from there.
    (void)wall_now_us;
    playing_ = false;
}

void Replayer::set_speed(double speed, std::int64_t wall_now_us) {
    speed_ = speed < 0 ? 1 : speed;
    anchor_wall_us_ = wall_now_us;
    anchor_clock_us_ = clock_us_;
}

bool Replayer::fill_pending() {
    pending_.clear();
    pending_at_ = 0;
    RecordedFrame frame;
    while (session_->next(frame)) {
        ++stats_.frames;
        auto& adapter = adapters_[frame.exchange];
        if (!adapter) adapter = make_adapter(frame.exchange);
        if (!adapter) {
            ++stats_.malformed;  // a stream of an exchange this build cannot parse
            continue;
        }
        const FrameResult result = adapter->parse(frame.text, frame.receive_time_us, pending_);
        if (result.kind == FrameKind::Malformed) ++stats_.malformed;
        else if (result.kind == FrameKind::Error) ++stats_.exchange_errors;
        else if (result.kind != FrameKind::Trades) ++stats_.ignored;
        if (!pending_.empty()) {
            pending_receive_time_us_ = frame.receive_time_us;
            return true;
        }
    }
    finished_ = true;
    return false;
}

std::size_t Replayer::advance_to(std::int64_t time_us, std::vector<Trade>& out, std::size_t max_trades) {
    std::size_t n = 0;
    while (n < max_trades) {
        if (pending_at_ >= pending_.size() && !fill_pending()) break;
        if (pending_time_us() > time_us) break;
        out.push_back(pending_[pending_at_++]);
        clock_us_ = std::max(clock_us_, pending_time_us());
        ++n;
    }
    stats_.trades += n;
    return n;
}

std::size_t Replayer::advance(std::int64_t wall_now_us, std::vector<Trade>& out, std::size_t max_trades) {
    if (!playing_) return 0;
    if (speed_ == kMaxSpeed) {
        const std::size_t n = advance_to(std::numeric_limits<std::int64_t>::max(), out, max_trades);
        anchor_wall_us_ = wall_now_us;
        anchor_clock_us_ = clock_us_;
        return n;
    }
    const auto elapsed = static_cast<double>(wall_now_us - anchor_wall_us_) * speed_;
    const std::int64_t target = anchor_clock_us_ + static_cast<std::int64_t>(elapsed);
    const std::size_t n = advance_to(target, out, max_trades);
    if (n < max_trades) clock_us_ = std::max(clock_us_, std::min(target, session_->end_time_us()));
    return n;
}

std::size_t Replayer::step_bar(const BarSeries& series, std::vector<Trade>& out) {
    playing_ = false;
    if (pending_at_ >= pending_.size() && !fill_pending()) return 0;
    const BarSpec& spec = series.spec();
    const auto bars = series.bars();
    std::size_t n = 0;
    auto next = [&]() -> const Trade* {
        if (pending_at_ >= pending_.size() && !fill_pending()) return nullptr;
        return &pending_[pending_at_];
    };
    auto take = [&] {
        out.push_back(pending_[pending_at_++]);
        clock_us_ = std::max(clock_us_, pending_time_us());
        ++n;
    };
    if (spec.kind == BarKind::Time) {
        const std::int64_t d = spec.duration_us;
        const std::int64_t t = next()->exchange_time_us;
        const bool in_open_bar = !bars.empty() && t < bars.back().open_time_us + d;
        const std::int64_t end = in_open_bar ? bars.back().open_time_us + d : (floor_div(t, d) + 1) * d;
        for (const Trade* tr = next(); tr && tr->exchange_time_us < end; tr = next()) take();
    } else if (spec.kind == BarKind::Tick) {
        const auto per_bar = static_cast<std::uint64_t>(spec.trades_per_bar);
        const std::uint64_t have = bars.empty() || bars.back().trades >= per_bar ? 0 : bars.back().trades;
        for (std::uint64_t left = per_bar - have; left > 0 && next(); --left) take();
    } else {
        Quantity left = spec.volume_per_bar;
        if (!bars.empty() && bars.back().volume < spec.volume_per_bar) left -= bars.back().volume;
        for (const Trade* tr = next(); tr && left.units > 0; tr = next()) {
            left -= tr->quantity;
            take();
        }
    }
    stats_.trades += n;
    return n;
}

void Replayer::seek(std::int64_t time_us, std::int64_t wall_now_us) {
    session_->seek(time_us);
    pending_.clear();
    pending_at_ = 0;
    finished_ = false;
    clock_us_ = time_us;
    anchor_wall_us_ = wall_now_us;
    anchor_clock_us_ = clock_us_;
}

}  // namespace flowscope::record
