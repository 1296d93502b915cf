#pragma once
// Reads a recording session's trades in recorded order, through the same exchange parser as
// live, up to a recorded time: pacing in market time is ReplayPlayback's alone. Replay time is the
// recorded receive time, so bars, clocks and time & sales show market time. Trades come out with
// their recorded receive time, so whatever is built from them equals what the live session built
// from the same frames.
//
// play_to decodes and parses a long run on a second
// thread while the sink consumes on the caller's: a replay then takes about as long as the
// slower of the two. That thread lives only inside the call, so between calls the replayer is
// as single-threaded as ever (pause, seek, session() and stats() need no care).
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "aggregate/bar_series.hpp"
#include "net/exchange_adapter.hpp"
#include "record/recording_session.hpp"

namespace flowscope::record {

// Receives trades in recorded order, in batches, on the thread that called the replayer. It
// must not call the replayer (which is busy on the other thread meanwhile).
using TradeSink = std::function<void(std::span<const Trade>)>;

struct ReplayStats {
    std::uint64_t frames = 0;     // frames read from the session
    std::uint64_t trades = 0;     // trades delivered
    std::uint64_t ignored = 0;    // acks, heartbeats, unknown frames
    std::uint64_t malformed = 0;  // frames the parser rejected (counted, never trades)
    std::uint64_t exchange_errors = 0;
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
    // Positions replay at recorded time time_us (the first frame at or after it). The caller
    // rebuilds what it built from earlier trades (see ReplayEngine). Keeps play/pause.
    void seek(std::int64_t time_us);

    // The recorded time replay has reached.
    std::int64_t clock_us() const { return clock_us_; }
    bool finished() const { return finished_ && pending_.empty(); }
    const RecordingSession& session() const { return *session_; }
    RecordingSession& session() { return *session_; }
    const ReplayStats& stats() const { return stats_; }

private:
    bool fill_pending();  // parses the next frame with trades into pending_; false at the end
    std::int64_t pending_time_us() const { return pending_receive_time_us_; }

    std::unique_ptr<RecordingSession> session_;
    std::map<Exchange, std::unique_ptr<ExchangeAdapter>> adapters_;
    std::vector<Trade> pending_;  // trades of the current frame not yet delivered
    std::size_t pending_at_ = 0;
    std::int64_t pending_receive_time_us_ = 0;
    bool finished_ = false;
    std::int64_t clock_us_ = 0;
    ReplayStats stats_;
};

}  // namespace flowscope::record
