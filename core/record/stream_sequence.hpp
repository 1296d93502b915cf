#pragma once
// One recorded stream's trades put in the order the live chart took them: no trade twice, and a
// stretch the live session held while it repaired a hole in the trade ids held here too, until the
// repaired trades (backfill frames) or the repair's end marker come. Replaying a recording then
// gives the bars the live chart had, and an old recording (holes, no markers) replays as before.
//
// A hole in consecutive ids shows in the recording before its `backfill` marker (the live session
// sees the hole in the frame after it, then starts the repair), so whether to hold is asked of the
// frames ahead (BackfillAhead): held when a marker for the hole follows within the live session's
// wait, else given up at once and the trades after it go on as recorded. Ids that are not
// consecutive (Bybit, OKX, Coinbase, Kraken) are only de-duplicated. See docs/recording-format.md,
// "Backfill frames".
#include <cstdint>
#include <vector>

#include "history/trade_sequencer.hpp"
#include "record/control_frame.hpp"

namespace flowscope::record {

// Answers, from the frames after the one being played, whether a `backfill` marker of this stream
// for ids overlapping first … last comes within kAnnounceWindowUs.
class BackfillAhead {
public:
    virtual bool announced(std::uint64_t first, std::uint64_t last) = 0;

protected:
    ~BackfillAhead() = default;
};

class StreamSequence {
public:
    // The live session starts a repair when it sees the hole, or once the repair before it is over;
    // it gives a hole up after 30 s (history::LiveSpliceOptions::hold_us). A marker later than this
    // after its hole belongs to no hole the replay is at.
    static constexpr std::int64_t kAnnounceWindowUs = 60'000'000;
    // A held stretch whose repair never ends in the recording (the session closed mid-repair) goes
    // on after this much recorded time, as the live session's own wait would have let it.
    static constexpr std::int64_t kHoldLimitUs = 120'000'000;

    explicit StreamSequence(bool sequential_ids);

    // trades[from …] of a frame received at time_us, sequenced in place: afterwards trades[from …]
    // holds what goes out now, in order. No copy when everything runs on.
    void sequence(std::vector<Trade>& trades, std::size_t from, std::int64_t time_us, BackfillAhead& ahead);
    // A control frame of this stream: trades a `backfill-end` lets go are appended to out.
    void control(const ControlFrame& frame, std::int64_t time_us, std::vector<Trade>& out, BackfillAhead& ahead);
    // The end of the recording: every held trade goes out.
    void finish(std::vector<Trade>& out);

    std::size_t held() const { return sequencer_.held(); }
    const history::TradeSequencer& sequencer() const { return sequencer_; }
    std::size_t memory_bytes() const { return sequencer_.memory_bytes() + open_.capacity() * sizeof(Marker); }

private:
    struct Marker {
        std::uint64_t first = 0, last = 0;
    };
    // With trades held: gives up every front hole nobody repairs, until one is being repaired or
    // nothing is held.
    void settle(std::int64_t time_us, std::vector<Trade>& out, BackfillAhead& ahead);
    bool hole_is_repaired(std::uint64_t first, std::uint64_t last, BackfillAhead& ahead) const;

    bool sequential_ = false;
    history::TradeSequencer sequencer_;
    std::vector<Marker> open_;             // `backfill` markers whose end has not come
    std::uint64_t holding_for_ = 0;        // the first id of the hole the held trades wait for
    std::int64_t holding_since_us_ = 0;
    std::vector<Trade> rest_;              // scratch: the trades after the first that stopped the fast path
};

}  // namespace flowscope::record
