#pragma once
// Prepares a second ReplayEngine over the same session in a thread of its own: plays the whole
// session once with the chart's series, taking every checkpoint, so that the playing engine can
// hand over to it (ReplayPlayback::adopt) and every seek after that is short. Playback goes on
// meanwhile: the two engines share nothing but the files they read.
//
// The pass is made of many short forward seeks, so it reports its progress and stops soon after
// it is cancelled (the destructor cancels and waits).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aggregate/bar_spec.hpp"
#include "record/replay_engine.hpp"

namespace flowscope::record {

struct PreparedEngine {
    std::unique_ptr<ReplayEngine> engine;  // null when the session could not be opened
    std::string error;
    ReplayStats stats;                     // of the whole session: trades, malformed frames
    std::vector<RecordingIssue> issues;    // damaged blocks found on the way
};

class CheckpointPreparation {
public:
    static constexpr int kSteps = 200;

    // path: what RecordingSession::open plays (a recording or a folder of them).
    CheckpointPreparation(std::string path, BarSpec spec, std::int64_t bucket_units, ReplayEngineOptions options);
    ~CheckpointPreparation();
    CheckpointPreparation(const CheckpointPreparation&) = delete;
    CheckpointPreparation& operator=(const CheckpointPreparation&) = delete;

    double progress() const { return static_cast<double>(steps_done_.load()) / kSteps; }  // 0 … 1
    bool done() const { return done_.load(); }
    // The result, once done() (then only once).
    PreparedEngine take();

private:
    void run(std::stop_token stop, std::string path, BarSpec spec, std::int64_t bucket_units,
             ReplayEngineOptions options);

    std::atomic<int> steps_done_{0};
    std::atomic<bool> done_{false};
    std::mutex mutex_;
    PreparedEngine result_;
    std::jthread thread_;  // last: joined before the members it uses go
};

}  // namespace flowscope::record
