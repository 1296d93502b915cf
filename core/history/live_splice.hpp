#pragma once
// A live market made whole: the live stream's trades, the history before its first trade, and
// every hole a reconnect or a dropped frame leaves, fetched and put in its place, so that what
// comes out (to a chart, a CSV) is the exchange's trade sequence with no trade twice and none
// missing that the exchange can serve.
//
// The stream is opened first and its trades wait while history is fetched up to its first trade
// (by id where ids are consecutive, else by time, de-duplicated by id). Afterwards a hole in the
// ids makes the trades after it wait while the hole is fetched by id; a hole that cannot be filled
// within hold_us is given up (reported, the waiting trades go on) and whatever of it still comes
// goes out late, once. Exchanges without consecutive ids are repaired by time after a reconnect:
// those trades go out after the live trades already out (reported as late).
//
// The fetching runs on a thread of its own; push_live() and take() never wait for the network.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "history/history_chain.hpp"
#include "history/trade_sequencer.hpp"

namespace flowscope::history {

struct LiveSpliceOptions {
    HistoryRequest history;            // exchange, symbol, where to read/keep history, endpoints, budget
    std::int64_t backfill_us = 0;      // history before the first live trade (0: none)
    // Or: history from this time on (0: backfill_us before the first live trade decides).
    std::int64_t backfill_from_us = 0;
    // The start is rounded down to a multiple of this (a chart's bar), so that the first bar of
    // trades is whole; 0: not rounded.
    std::int64_t align_us = 0;
    bool repair = true;                // fetch holes (needs REST)
    std::int64_t hold_us = 30'000'000; // a hole waits this long for its repair
    std::function<std::int64_t()> now_us;       // tests and benches; null: the wall clock
    std::function<void(std::int64_t)> sleep_us;
};

struct SpliceEvent {
    // RepairStarted: ids hole.first … hole.last are being fetched (the trades after them wait).
    enum class Kind { Progress, Note, HistoryDone, HistoryFailed, RepairStarted, Repaired, GivenUp, LateRepair };
    Kind kind = Kind::Note;
    std::string message;     // for people
    IdHole hole;             // Repaired, GivenUp
    HistoryProgress progress;  // Progress
    std::uint64_t trades = 0;  // HistoryDone: history trades; Repaired/LateRepair: trades put back
};

struct SpliceCounters {
    std::uint64_t history_trades = 0, live_trades = 0, repaired_trades = 0, late_trades = 0, duplicates = 0;
    std::uint64_t holes_repaired = 0, holes_given_up = 0, trades_given_up = 0;
};

class LiveSplice {
public:
    explicit LiveSplice(LiveSpliceOptions options);
    ~LiveSplice();
    LiveSplice(const LiveSplice&) = delete;
    LiveSplice& operator=(const LiveSplice&) = delete;

    // The live stream's trades, as drained from the feed (any number of calls, in order).
    void push_live(std::span<const Trade> trades);
    // The feed lost its connection: on exchanges without consecutive ids, the time between the
    // last trade before and the first after is fetched again once the stream is back.
    void connection_lost();
    // What is ready, in sequence, appended to out; what happened, appended to events. Trades that
    // came from history or a repair (not the live stream) are also appended to fetched, when
    // given: a recorder keeps them as backfill frames.
    void take(std::vector<Trade>& out, std::vector<SpliceEvent>& events, std::vector<Trade>* fetched = nullptr);

    bool history_done() const;
    // Where the history begins (0 until the first live trade decides it, or without history).
    std::int64_t history_from_us() const { return history_from_us_; }
    // Nothing waits: history done, no repair under way, no trade held.
    bool settled() const;
    // At the end of a session: every waiting trade goes out as it is, its holes reported.
    void release_all(std::vector<Trade>& out, std::vector<SpliceEvent>& events);
    std::size_t waiting() const;  // trades held for history or a repair
    SpliceCounters counters() const;
    const TradeSequencer& sequencer() const { return sequencer_; }

private:
    struct Job {
        enum class Kind { History, Ids, Time } kind = Kind::History;
        std::uint64_t first = 0, last = 0;
        std::int64_t from_us = 0, to_us = 0;
        std::optional<std::uint64_t> until_id;  // History: the first live trade's id
    };
    void worker();
    void schedule(Job job);
    void release_live(std::vector<Trade>& out);
    std::int64_t now() const;

    LiveSpliceOptions options_;
    bool sequential_ = false;
    TradeSequencer sequencer_;
    // Owner's side (push_live / take).
    std::vector<Trade> live_waiting_;   // live trades before history is done
    bool history_started_ = false, history_done_ = false;
    std::optional<std::uint64_t> first_live_id_;
    std::int64_t first_live_time_us_ = 0;
    std::int64_t history_from_us_ = 0;
    std::int64_t last_live_time_us_ = 0;
    bool lost_ = false;                 // a time repair is due at the next live trade
    std::int64_t lost_after_us_ = 0;
    std::optional<std::uint64_t> repairing_first_;  // the hole a repair job is fetching
    std::int64_t hole_seen_us_ = 0;     // when the oldest hole was first seen
    std::uint64_t hole_seen_first_ = 0;
    SpliceCounters counters_;
    std::vector<Trade> ready_;          // out of the sequencer, not yet taken
    std::vector<Trade> fetched_ready_;  // the history and repair trades among them

    // Shared with the worker.
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    struct Delivery {
        Job::Kind kind = Job::Kind::History;
        std::vector<Trade> trades;
        std::vector<SpliceEvent> events;
        bool finished = false;  // the job is over
        bool failed = false;
        std::string events_message;         // why it failed
        std::uint64_t first = 0, last = 0;  // Ids jobs
    };
    std::deque<Delivery> inbox_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace flowscope::history
