#include "record/checkpoint_preparation.hpp"

namespace flowscope::record {

CheckpointPreparation::CheckpointPreparation(std::string path, BarSpec spec, std::int64_t bucket_units,
                                             ReplayEngineOptions options)
    : thread_([this, path = std::move(path), spec, bucket_units, options](std::stop_token stop) {
          run(stop, path, spec, bucket_units, options);
      }) {}

CheckpointPreparation::~CheckpointPreparation() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
}

void CheckpointPreparation::run(std::stop_token stop, std::string path, BarSpec spec, std::int64_t bucket_units,
                                ReplayEngineOptions options) {
    PreparedEngine prepared;
    auto session = RecordingSession::open(path);
    if (!session) prepared.error = session.error();
    if (session) {
        auto engine = std::make_unique<ReplayEngine>(std::move(*session), options);
        engine->aggregator().add_series(spec, bucket_units);
        const std::int64_t start = engine->replayer().session().start_time_us();
        const std::int64_t span = engine->replayer().session().end_time_us() + 1 - start;
        // Forward seeks: each plays on from the last and takes the checkpoints it passes
        // (what ReplayEngine::prepare_checkpoints does in one call, here in cancellable steps).
        for (int step = 1; step <= kSteps; ++step) {
            if (stop.stop_requested()) return;
            engine->seek(start + static_cast<std::int64_t>(static_cast<double>(span) * step / kSteps));
            steps_done_.store(step);
        }
        engine->seek(start + span);  // rounding aside: every frame played
        prepared.stats = engine->replayer().stats();
        prepared.issues = engine->replayer().session().issues();
        prepared.engine = std::move(engine);
    }
    {
        std::lock_guard lock(mutex_);
        result_ = std::move(prepared);
    }
    done_.store(true);
}

PreparedEngine CheckpointPreparation::take() {
    std::lock_guard lock(mutex_);
    return std::move(result_);
}

}  // namespace flowscope::record
