#include "record/replayer.hpp"

#include <algorithm>

#include "record/batch_pipeline.hpp"

namespace flowscope::record {

namespace {
// Batches of the replay pipeline (see play_to): large enough that handing one over costs little
// next to making it; enough of them in flight (~2 ms of aggregation) that the aggregating thread
// keeps working while the other decodes a whole block at once.
constexpr std::size_t kPipelineBatch = 1024;
constexpr std::size_t kPipelineBatchesInFlight = 16;
constexpr std::int64_t kPipelineMinSpanUs = 60'000'000;  // of recorded time
}  // namespace

Replayer::Replayer(std::unique_ptr<RecordingSession> session) : session_(std::move(session)) {
    clock_us_ = session_->start_time_us();
}

bool Replayer::fill_pending() {
    pending_.clear();
    pending_at_ = 0;
    RecordedFrame frame;
    for (NextFrame got; (got = session_->next_decoded(frame, pending_)) != NextFrame::End;) {
        ++stats_.frames;
        if (got == NextFrame::Trade) {  // exactly what the adapter would have made of its text
            pending_receive_time_us_ = frame.receive_time_us;
            return true;
        }
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

std::size_t Replayer::play_to(std::int64_t time_us, const TradeSink& sink, std::size_t max_trades) {
    std::size_t n = 0;
    // advance_to in batches: every batch continues exactly where the previous one stopped.
    const auto produce = [&](std::vector<Trade>& batch) {
        const std::size_t want = std::min(kPipelineBatch, max_trades - n);
        const std::size_t got = advance_to(time_us, batch, want);
        n += got;
        return got == want && n < max_trades;
    };
    // A thread costs tens of microseconds: only worth it for a long run.
    const bool long_run = max_trades >= 4 * kPipelineBatch &&
                          clock_us_ < std::numeric_limits<std::int64_t>::max() - kPipelineMinSpanUs &&
                          time_us > clock_us_ + kPipelineMinSpanUs;
    if (long_run) {
        run_batch_pipeline(produce, sink, BatchPipelineOptions{kPipelineBatch, kPipelineBatchesInFlight});
        return n;
    }
    std::vector<Trade> batch;
    for (bool more = n < max_trades; more;) {
        batch.clear();
        more = produce(batch);
        if (!batch.empty()) sink(batch);
    }
    return n;
}

std::size_t Replayer::step_bar(const BarSeries& series, std::vector<Trade>& out) {
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

void Replayer::seek(std::int64_t time_us) {
    session_->seek(time_us);
    pending_.clear();
    pending_at_ = 0;
    finished_ = false;
    clock_us_ = time_us;
}

}  // namespace flowscope::record
