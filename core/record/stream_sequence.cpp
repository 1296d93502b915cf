#include "record/stream_sequence.hpp"

#include <algorithm>

namespace flowscope::record {

StreamSequence::StreamSequence(bool sequential_ids)
    : sequential_(sequential_ids), sequencer_(history::SequencerOptions{sequential_ids}) {
    // Ids below the first one played are trades this replay has not counted (another channel's
    // ids in the same stream, older trades a reconnect sent), not duplicates: the sequence starts
    // at 0, and the first trade gives that span up like any hole nobody repairs.
    if (sequential_) sequencer_.start_at(0);
}

void StreamSequence::sequence(std::vector<Trade>& trades, std::size_t from, std::int64_t time_us, BackfillAhead& ahead) {
    const std::span<const Trade> batch(trades.data() + from, trades.size() - from);
    const std::size_t passed = sequencer_.pass_through(batch);
    if (passed == batch.size()) return;
    rest_.assign(trades.begin() + static_cast<std::ptrdiff_t>(from + passed), trades.end());
    trades.resize(from + passed);
    if (held() > 0 && time_us - holding_since_us_ > kHoldLimitUs) {
        sequencer_.give_up_before(sequencer_.holes().front().last + 1, trades);
        settle(time_us, trades, ahead);
    }
    for (const Trade& t : rest_) {
        if (sequencer_.pass_through(std::span(&t, 1)) == 1) {
            trades.push_back(t);
            continue;
        }
        sequencer_.push(std::span(&t, 1), trades);
        if (held() > 0) settle(time_us, trades, ahead);
    }
    rest_.clear();
}

void StreamSequence::control(const ControlFrame& frame, std::int64_t time_us, std::vector<Trade>& out, BackfillAhead& ahead) {
    if (!sequential_) return;
    if (frame.kind == ControlFrame::Kind::Backfill) {
        open_.push_back({frame.first, frame.last});
        return;
    }
    if (frame.kind != ControlFrame::Kind::BackfillEnd) return;
    // The end names the ids still missing when a repair is given up: it closes every repair of them.
    std::erase_if(open_, [&](const Marker& m) { return m.first <= frame.last && m.last >= frame.first; });
    // Whatever of the repaired ids did not come stays a hole; the trades after it go on.
    sequencer_.give_up_before(frame.last + 1, out);
    if (held() > 0) settle(time_us, out, ahead);
}

void StreamSequence::finish(std::vector<Trade>& out) {
    sequencer_.give_up_all(out);
    open_.clear();
    holding_for_ = 0;
}

bool StreamSequence::hole_is_repaired(std::uint64_t first, std::uint64_t last, BackfillAhead& ahead) const {
    for (const Marker& m : open_)
        if (m.first <= last && m.last >= first) return true;
    return ahead.announced(first, last);
}

void StreamSequence::settle(std::int64_t time_us, std::vector<Trade>& out, BackfillAhead& ahead) {
    while (held() > 0) {
        const std::uint64_t first = *sequencer_.next_id();
        if (holding_for_ == first) return;  // decided when it became the front hole
        const history::IdHole hole = sequencer_.holes().front();
        if (hole_is_repaired(hole.first, hole.last, ahead)) {
            holding_for_ = first;
            holding_since_us_ = time_us;
            return;
        }
        sequencer_.give_up_before(hole.last + 1, out);
    }
    holding_for_ = 0;
}

}  // namespace flowscope::record
