#pragma once
// A replay with its aggregation: the Replayer's trades go into an Aggregator, and seeking
// anywhere rebuilds the aggregation as it was at that moment of the session.
//
// Seeking back restores the nearest checkpoint (a copy of the Aggregator and of the replayer's
// trade sequences, taken at a fixed grid of recorded times) and re-feeds the trades from there at full speed; prepare_checkpoints()
// makes one pass over the whole session up front so that every seek is that short. When the
// checkpoints would pass the memory budget, every other one is dropped and the grid doubles, so
// they stay spread over the whole session (seeks then re-feed more).
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "record/replayer.hpp"

namespace flowscope::record {

struct ReplayEngineOptions {
    int checkpoints = 48;                                  // over the session's span
    std::size_t checkpoint_memory_budget = 1'000'000'000;  // bytes for all checkpoints together
    bool include_non_aggressive = false;  // Aggregator::set_include_non_aggressive for every engine made with these
};

class ReplayEngine {
public:
    explicit ReplayEngine(std::unique_ptr<RecordingSession> session, ReplayEngineOptions options = {});

    // Add series here before playing; the references stay valid across seeks.
    Aggregator& aggregator() { return aggregator_; }
    Replayer& replayer() { return replayer_; }

    // Feeds the trades of the frames received at or before time_us (at most max_trades) into the
    // aggregator, and appends them to trades_out when given (time & sales). Long runs decode on a
    // second thread (Replayer::play_to). Returns the number of trades. No checkpoints are taken.
    std::size_t play_to(std::int64_t time_us, std::vector<Trade>* trades_out = nullptr,
                        std::size_t max_trades = std::numeric_limits<std::size_t>::max());
    std::size_t step_bar(const BarSeries& series, std::vector<Trade>* trades_out = nullptr);
    // The aggregation as it was once every frame received before time_us had been played.
    void seek(std::int64_t time_us);
    // Plays the whole session once, taking every checkpoint, then seeks back to the start.
    void prepare_checkpoints();

    std::size_t checkpoint_count() const { return checkpoints_.size(); }
    std::size_t checkpoint_memory_bytes() const { return checkpoint_bytes_; }

private:
    // Plays every frame received before time_us into the aggregator, checkpointing on the way.
    void feed_until(std::int64_t time_us);
    void feed_to(std::int64_t time_us);  // frames received at or before time_us
    void thin_out();

    struct Checkpoint {
        Aggregator aggregation;
        Replayer::SequenceState sequence;  // held trades, holes given up: a seek replays as play did
        std::size_t memory_bytes() const { return aggregation.memory_bytes() + sequence.memory_bytes(); }
    };

    Replayer replayer_;
    Aggregator aggregator_;
    ReplayEngineOptions options_;
    std::int64_t grid_start_us_ = 0;
    std::int64_t grid_step_us_ = 1;
    std::map<std::int64_t, Checkpoint> checkpoints_;  // by grid time: state before that time
    std::size_t checkpoint_bytes_ = 0;
    std::vector<Trade> scratch_;
};

}  // namespace flowscope::record
