#pragma once
// Reads a recording session's trades in recorded order, through the same exchange parser as
// live, up to a recorded time: pacing in market time is ReplayPlayback's alone. Replay time is the
// recorded receive time, so bars, clocks and time & sales show market time. Trades come out with
// their recorded receive time, so whatever is built from them equals what the live session built
// from the same frames.
//
// Trades go through a StreamSequence per stream (stream_sequence.hpp) before they come out: no
// trade twice, and a stretch the live session held while it repaired a hole in the ids held until
// its backfill frames come, so a replay gives the bars the live chart had. flowscope's own control
// frames (control_frame.hpp) are read here, before any adapter, and counted apart.
//
// play_to decodes and parses a long run on a second
// thread while the sink consumes on the caller's: a replay then takes about as long as the
// slower of the two. That thread lives only inside the call, so between calls the replayer is
// as single-threaded as ever (pause, seek, session() and stats() need no care).
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/bar_series.hpp"
#include "net/exchange_adapter.hpp"
#include "record/recording_session.hpp"
#include "record/stream_sequence.hpp"

namespace flowscope::record {

// Receives trades in recorded order, in batches, on the thread that called the replayer. It
// must not call the replayer (which is busy on the other thread meanwhile).
using TradeSink = std::function<void(std::span<const Trade>)>;

struct ReplayStats {
    std::uint64_t frames = 0;     // frames read from the session
    std::uint64_t trades = 0;     // trades delivered
    std::uint64_t ignored = 0;    // acks, heartbeats, unknown frames
    std::uint64_t acks = 0;       // of those: acks and heartbeats
    std::uint64_t malformed = 0;  // frames the parser rejected (counted, never trades)
    std::uint64_t exchange_errors = 0;
    std::uint64_t control = 0;     // flowscope's own frames (backfill markers), never an exchange's
    std::uint64_t duplicates = 0;  // trades recorded twice (a reconnect sends recent ones again), dropped
    // The first kProblemsDescribed malformed and error frames: "frame N: malformed frame: why".
    static constexpr std::size_t kProblemsDescribed = 10;
    std::vector<std::string> problems;
};

class Replayer {
public:
    explicit Replayer(std::unique_ptr<RecordingSession> session);

    // Appends every remaining trade up to and including recorded time time_us (at most max_trades).
    std::size_t advance_to(std::int64_t time_us, std::vector<Trade>& out,
                           std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    // The same trades as advance_to(time_us, out, max_trades), handed to sink in batches instead;
    // the replayer ends in the same state. A long run (many trades allowed over more than a
    // minute of recorded time) is decoded and parsed on a second thread while sink works here.
    std::size_t play_to(std::int64_t time_us, const TradeSink& sink,
                        std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    // Appends the trades that complete the open bar of `series` (the first bar when it has
    // none). Time bars end at their UTC boundary, tick and volume bars at their size.
    std::size_t step_bar(const BarSeries& series, std::vector<Trade>& out);
    // What the streams' sequences hold (held trades, holes given up, ids seen): the part of a
    // replay's position that is not a time. ReplayEngine keeps one with each checkpoint.
    struct SequenceState {
        struct Stream {
            Exchange exchange = Exchange::Unknown;
            std::string symbol;
            StreamSequence sequence;
        };
        std::deque<Stream> streams;  // a deque: a stream met while reading ahead must not move the one being sequenced
        std::size_t memory_bytes() const;
    };

    // Positions replay at recorded time time_us (the first frame at or after it). The caller
    // rebuilds what it built from earlier trades (see ReplayEngine). The sequences go on when
    // every frame played so far was received before time_us (a seek forward) and start afresh
    // otherwise, as if the replay began there.
    void seek(std::int64_t time_us);
    // The same, with the sequences as they were at time_us (a checkpoint's sequence_state()).
    void seek(std::int64_t time_us, SequenceState state);
    // Meaningful between calls, when every trade played has been handed out (after play_to or
    // advance_to without a max_trades cut).
    const SequenceState& sequence_state() const { return sequence_; }
    // Trades held for a repair when the recording ends go out then (a recording closed in the
    // middle of one), unless the recording is still being written: a live session replayed to
    // rebuild its chart holds them as the chart does.
    void set_release_held_at_end(bool release) { release_held_at_end_ = release; }

    // The recorded time replay has reached.
    std::int64_t clock_us() const { return clock_us_; }
    bool finished() const { return finished_ && !ready(); }
    const RecordingSession& session() const { return *session_; }
    RecordingSession& session() { return *session_; }
    const ReplayStats& stats() const { return stats_; }

private:
    // A frame read and parsed; played (sequenced, counted) only once replay reaches its time.
    struct FrameInfo {
        enum class Kind : std::uint8_t { Trades, Control, Ignored, Malformed, ExchangeError };
        std::int64_t receive_time_us = 0;
        std::size_t stream = 0;  // in sequence_.streams
        Kind kind = Kind::Trades;
        bool ack = false;      // Ignored: an ack or heartbeat
        ControlFrame control;
        std::string problem;   // Malformed, ExchangeError: the parser's words
    };
    struct AheadFrame {
        FrameInfo info;
        std::vector<Trade> trades;
    };
    class Ahead;

    // Plays frames due by up_to until pending_ holds trades to hand out; false when none is due
    // (or at the end).
    bool fill_pending(std::int64_t up_to);
    bool load_next();  // the next frame into next_ and pending_, from ahead_ or the session
    bool read_frame(FrameInfo& info, std::vector<Trade>& trades);
    void play_next();
    bool announced_ahead(std::size_t stream, std::int64_t from_us, std::uint64_t first, std::uint64_t last);
    std::size_t stream_of(Exchange exchange, std::string_view symbol);
    std::int64_t pending_time_us() const { return pending_receive_time_us_; }
    bool ready() const { return !next_loaded_ && pending_at_ < pending_.size(); }  // trades played, not handed out

    std::unique_ptr<RecordingSession> session_;
    std::map<Exchange, std::unique_ptr<ExchangeAdapter>> adapters_;
    // The trades of the last frame played (not yet delivered from pending_at_ on), or of the frame
    // loaded and not yet due (next_loaded_).
    std::vector<Trade> pending_;
    std::size_t pending_at_ = 0;
    std::int64_t pending_receive_time_us_ = 0;
    FrameInfo next_;
    bool next_loaded_ = false;
    // Frames read after next_ to answer BackfillAhead (only at a hole in the ids): played from here first.
    std::deque<AheadFrame> ahead_;
    std::deque<FrameInfo> ahead_backfills_;  // the control frames among them, in order
    SequenceState sequence_;
    std::size_t last_stream_ = 0;
    std::int64_t played_until_us_ = std::numeric_limits<std::int64_t>::min();  // the last frame played
    bool ended_ = false;  // the session has no frame left; held trades were let go
    bool release_held_at_end_ = true;
    bool finished_ = false;
    std::int64_t clock_us_ = 0;
    ReplayStats stats_;
};

}  // namespace flowscope::record
