#include "record/replayer.hpp"

#include <algorithm>

#include "record/batch_pipeline.hpp"
#include "record/control_frame.hpp"

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

std::size_t Replayer::SequenceState::memory_bytes() const {
    std::size_t n = sizeof(*this);
    for (const Stream& s : streams) n += sizeof(Stream) + s.symbol.capacity() + s.sequence.memory_bytes();
    return n;
}

// BackfillAhead for the frame being played: looks at the frames after it.
class Replayer::Ahead final : public BackfillAhead {
public:
    Ahead(Replayer& replayer, std::size_t stream, std::int64_t from_us) : replayer_(replayer), stream_(stream), from_us_(from_us) {}
    bool announced(std::uint64_t first, std::uint64_t last) override {
        return replayer_.announced_ahead(stream_, from_us_, first, last);
    }

private:
    Replayer& replayer_;
    std::size_t stream_;
    std::int64_t from_us_;
};

std::size_t Replayer::stream_of(Exchange exchange, std::string_view symbol) {
    auto& streams = sequence_.streams;
    const auto is = [&](std::size_t i) { return streams[i].exchange == exchange && streams[i].symbol == symbol; };
    if (last_stream_ < streams.size() && is(last_stream_)) return last_stream_;
    for (std::size_t i = 0; i < streams.size(); ++i)
        if (is(i)) return last_stream_ = i;
    const auto adapter = make_adapter(exchange);
    streams.push_back({exchange, std::string(symbol), StreamSequence(adapter && adapter->trade_ids_are_sequential())});
    return last_stream_ = streams.size() - 1;
}

bool Replayer::read_frame(FrameInfo& info, std::vector<Trade>& trades) {
    RecordedFrame frame;
    const NextFrame got = session_->next_decoded(frame, trades);
    if (got == NextFrame::End) return false;
    info.receive_time_us = frame.receive_time_us;
    info.stream = stream_of(frame.exchange, frame.symbol);
    info.kind = FrameInfo::Kind::Trades;
    info.ack = false;
    if (got == NextFrame::Trade) return true;  // exactly what the adapter would have made of its text
    if (is_control_frame(frame.text)) {
        info.kind = FrameInfo::Kind::Control;
        info.control = parse_control_frame(frame.text).value_or(ControlFrame{});
        return true;
    }
    auto& adapter = adapters_[frame.exchange];
    if (!adapter) adapter = make_adapter(frame.exchange);
    if (!adapter) {
        info.kind = FrameInfo::Kind::Malformed;  // a stream of an exchange this build cannot parse
        info.problem = "no parser for " + std::string(exchange_name(frame.exchange));
        return true;
    }
    FrameResult result = adapter->parse(frame.text, frame.receive_time_us, trades);
    info.ack = result.kind == FrameKind::Ack || result.kind == FrameKind::Heartbeat;
    if (result.kind == FrameKind::Malformed) info.kind = FrameInfo::Kind::Malformed;
    else if (result.kind == FrameKind::Error) info.kind = FrameInfo::Kind::ExchangeError;
    else if (result.kind != FrameKind::Trades) info.kind = FrameInfo::Kind::Ignored;
    if (info.kind == FrameInfo::Kind::Malformed || info.kind == FrameInfo::Kind::ExchangeError)
        info.problem = std::move(result.message);
    return true;
}

bool Replayer::load_next() {
    if (ahead_.empty()) return read_frame(next_, pending_);
    next_ = ahead_.front().info;
    pending_.swap(ahead_.front().trades);
    ahead_.pop_front();
    if (!ahead_backfills_.empty() && next_.kind == FrameInfo::Kind::Control) ahead_backfills_.pop_front();
    return true;
}

bool Replayer::announced_ahead(std::size_t stream, std::int64_t from_us, std::uint64_t first, std::uint64_t last) {
    const std::int64_t until = from_us + StreamSequence::kAnnounceWindowUs;
    const auto announces = [&](const FrameInfo& f) {
        return f.receive_time_us <= until && f.stream == stream && f.control.kind == ControlFrame::Kind::Backfill &&
               f.control.first <= last && f.control.last >= first;
    };
    for (const FrameInfo& f : ahead_backfills_)
        if (announces(f)) return true;
    // Read on until the window has passed (the frames read are played from ahead_ later).
    while (ahead_.empty() || ahead_.back().info.receive_time_us <= until) {
        AheadFrame frame;
        if (!read_frame(frame.info, frame.trades)) return false;
        ahead_.push_back(std::move(frame));
        const FrameInfo& f = ahead_.back().info;
        if (f.kind != FrameInfo::Kind::Control) continue;
        ahead_backfills_.push_back(f);
        if (announces(f)) return true;
    }
    return false;
}

void Replayer::play_next() {
    next_loaded_ = false;
    ++stats_.frames;
    played_until_us_ = next_.receive_time_us;
    pending_receive_time_us_ = next_.receive_time_us;
    StreamSequence& stream = sequence_.streams[next_.stream].sequence;
    const std::uint64_t duplicates_before = stream.sequencer().counters().duplicates;
    Ahead ahead(*this, next_.stream, next_.receive_time_us);
    switch (next_.kind) {
        case FrameInfo::Kind::Trades: break;
        case FrameInfo::Kind::Control:
            ++stats_.control;
            stream.control(next_.control, next_.receive_time_us, pending_, ahead);
            return;
        case FrameInfo::Kind::Ignored:
            ++stats_.ignored;
            stats_.acks += next_.ack;
            break;
        case FrameInfo::Kind::Malformed:
        case FrameInfo::Kind::ExchangeError: {
            const bool malformed = next_.kind == FrameInfo::Kind::Malformed;
            ++(malformed ? stats_.malformed : stats_.exchange_errors);
            if (stats_.problems.size() < ReplayStats::kProblemsDescribed)
                stats_.problems.push_back("frame " + std::to_string(stats_.frames) + ": " +
                                          (malformed ? "malformed frame: " : "exchange error: ") + next_.problem);
            next_.problem.clear();
            break;
        }
    }
    if (pending_.empty()) return;
    stream.sequence(pending_, 0, next_.receive_time_us, ahead);
    stats_.duplicates += stream.sequencer().counters().duplicates - duplicates_before;
}

bool Replayer::fill_pending(std::int64_t up_to) {
    for (;;) {
        if (next_loaded_) {
            if (next_.receive_time_us > up_to) return false;
            play_next();
        }
        if (ready()) return true;
        pending_.clear();
        pending_at_ = 0;
        if (load_next()) {
            next_loaded_ = true;
            continue;
        }
        if (ended_) break;
        // The recording ends inside a repair: what it held goes on, at the last frame's time.
        ended_ = true;
        if (release_held_at_end_)
            for (auto& s : sequence_.streams) s.sequence.finish(pending_);
        pending_receive_time_us_ = played_until_us_;
    }
    finished_ = true;
    return false;
}

std::size_t Replayer::advance_to(std::int64_t time_us, std::vector<Trade>& out, std::size_t max_trades) {
    std::size_t n = 0;
    while (n < max_trades) {
        if (!ready() && !fill_pending(time_us)) break;
        if (pending_time_us() > time_us) break;  // played by an earlier call that went further
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
    constexpr std::int64_t kAll = std::numeric_limits<std::int64_t>::max();
    if (!ready() && !fill_pending(kAll)) return 0;
    const BarSpec& spec = series.spec();
    const auto bars = series.bars();
    std::size_t n = 0;
    auto next = [&]() -> const Trade* {
        if (!ready() && !fill_pending(kAll)) return nullptr;
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
    if (played_until_us_ >= time_us) {
        sequence_.streams.clear();
        played_until_us_ = std::numeric_limits<std::int64_t>::min();
    }
    session_->seek(time_us);
    pending_.clear();
    pending_at_ = 0;
    next_loaded_ = false;
    ahead_.clear();
    ahead_backfills_.clear();
    ended_ = false;
    finished_ = false;
    clock_us_ = time_us;
}

void Replayer::seek(std::int64_t time_us, SequenceState state) {
    sequence_ = std::move(state);
    last_stream_ = 0;
    played_until_us_ = std::numeric_limits<std::int64_t>::min();
    seek(time_us);
    played_until_us_ = time_us - 1;  // as if every frame before time_us had been played
}

}  // namespace flowscope::record
