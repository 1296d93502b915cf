#pragma once
// Plays a recording session at a chosen speed, through the same exchange parser as live.
//
// No clocks of its own: the caller (the UI's replay worker, the CLI, a test) passes the
// wall-clock time to advance() and gets the trades whose recorded time has come. Replay time is
// the recorded receive time, so bars, clocks and time & sales show market time. Trades come out
// in recorded order with their recorded receive time, so whatever is built from them equals
// what the live session built from the same frames.
//
// The sink versions (play_to, advance with a TradeSink) decode and parse a long run on a second
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

// Speeds the controls offer; kMaxSpeed plays as fast as the machine can.
inline constexpr double kMaxSpeed = 0;
inline constexpr std::array<double, 7> kReplaySpeeds{1, 2, 5, 10, 60, 600, kMaxSpeed};

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

    void play(std::int64_t wall_now_us);
    void pause(std::int64_t wall_now_us);
    bool playing() const { return playing_; }
    // 1, 2, 5, 10, 60, 600 … or kMaxSpeed. Takes effect from now without a jump in replay time.
    void set_speed(double speed, std::int64_t wall_now_us);
    double speed() const { return speed_; }

    // Appends the trades whose recorded time has come at wall_now_us; at kMaxSpeed, at most
    // max_trades per call so the caller stays responsive. Returns the number of trades added.
    std::size_t advance(std::int64_t wall_now_us, std::vector<Trade>& out,
                        std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    // Appends every remaining trade up to and including recorded time time_us.
    std::size_t advance_to(std::int64_t time_us, std::vector<Trade>& out,
                           std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    // The same trades as advance_to(time_us, out, max_trades), handed to sink in batches instead;
    // the replayer ends in the same state. A long run (many trades allowed over more than a
    // minute of recorded time) is decoded and parsed on a second thread while sink works here.
    std::size_t play_to(std::int64_t time_us, const TradeSink& sink,
                        std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    // advance() into a sink, through play_to.
    std::size_t advance(std::int64_t wall_now_us, const TradeSink& sink,
                        std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    // Appends the trades that complete the open bar of `series` (the first bar when it has
    // none), then pauses. Time bars end at their UTC boundary, tick and volume bars at their size.
    std::size_t step_bar(const BarSeries& series, std::vector<Trade>& out);
    // Positions replay at recorded time time_us (the first frame at or after it). The caller
    // rebuilds what it built from earlier trades (see ReplayEngine). Keeps play/pause.
    void seek(std::int64_t time_us, std::int64_t wall_now_us = 0);

    // The recorded time replay has reached.
    std::int64_t clock_us() const { return clock_us_; }
    bool finished() const { return finished_ && pending_.empty(); }
    const RecordingSession& session() const { return *session_; }
    RecordingSession& session() { return *session_; }
    const ReplayStats& stats() const { return stats_; }

private:
    // Where advance() at wall_now_us plays to; sets max_speed when the speed has no limit.
    std::int64_t target_time(std::int64_t wall_now_us, bool& max_speed) const;
    void finish_advance(std::int64_t wall_now_us, std::int64_t target, bool max_speed, bool all_taken);
    bool fill_pending();  // parses the next frame with trades into pending_; false at the end
    std::int64_t pending_time_us() const { return pending_receive_time_us_; }

    std::unique_ptr<RecordingSession> session_;
    std::map<Exchange, std::unique_ptr<ExchangeAdapter>> adapters_;
    std::vector<Trade> pending_;  // trades of the current frame not yet delivered
    std::size_t pending_at_ = 0;
    std::int64_t pending_receive_time_us_ = 0;
    bool finished_ = false;
    bool playing_ = false;
    double speed_ = 1;
    std::int64_t clock_us_ = 0;
    std::int64_t anchor_wall_us_ = 0;   // wall time at which replay time was anchor_clock_us_
    std::int64_t anchor_clock_us_ = 0;
    ReplayStats stats_;
};

}  // namespace flowscope::record
