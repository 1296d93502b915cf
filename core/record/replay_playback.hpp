#pragma once
// The one clock of a replay: a ReplayEngine (the recorded frames parsed into the chart's bar
// series, with checkpointed seek) played in market time at a chosen speed. Nothing is held in
// memory but the engine's bars and checkpoints: the trades stay in the file.
//
// No threads of its own: the caller (the app's replay source, a test) passes the wall time that
// went by. Its position is always a time: every frame received before market_us() has been
// played and none after. So another engine over the same session (one whose checkpoints were
// prepared in the background) can take over at market_us() with the very same bars (adopt()).
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "record/replay_engine.hpp"

namespace flowscope::record {

// Speeds the controls offer; kMaxSpeed plays as fast as the machine can.
inline constexpr double kMaxSpeed = 0;
inline constexpr std::array<double, 7> kReplaySpeeds{1, 2, 5, 10, 60, 600, kMaxSpeed};

// The app's engines: checkpoints every half hour of a day, within a quarter of a gigabyte (a
// chart of 1 s bars over a long session thins them out instead of eating the machine's memory).
inline ReplayEngineOptions app_engine_options() {
    ReplayEngineOptions options;
    options.checkpoints = 48;
    options.checkpoint_memory_budget = 256'000'000;
    return options;
}

class ReplayPlayback {
public:
    static constexpr double kMaxSpeed = record::kMaxSpeed;  // as fast as the caller takes trades
    static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
    // Time & sales after a seek shows the trades of this much market time before it.
    static constexpr std::int64_t kRecentWindowUs = 120'000'000;

    // Adds the chart's series (spec, bucket) to the engine's aggregator; the engine must not
    // have played yet. Replay starts at the session's first frame, at speed 1.
    ReplayPlayback(std::unique_ptr<ReplayEngine> engine, BarSpec spec, std::int64_t bucket_units);

    void set_speed(double speed) { speed_ = speed < 0 ? 1 : speed; }
    double speed() const { return speed_; }
    // Replay stops there (frames received from then on are not played); 0 for the session's end.
    void set_until(std::int64_t market_us) { until_us_ = market_us; }

    // Plays wall_elapsed_us × speed of market time (at max speed: about max_trades trades, the
    // rest of their moment included) and appends the trades played to `out`. Returns how many.
    std::size_t advance(std::int64_t wall_elapsed_us, std::vector<Trade>& out, std::size_t max_trades);
    // Plays to the end of the bar open at market time, or of the next bar that has trades.
    // Time bars end on their boundary (market time lands there); tick and volume bars at the
    // trade that fills them.
    std::size_t step_bar(std::vector<Trade>& out);
    // Where "step back one bar" seeks to: the start of the newest bar begun before market time.
    std::int64_t previous_bar_start() const;
    // Moves market time to market_us, either way (clamped to the session), with the bars as they
    // were then; `recent` gets the trades of the kRecentWindowUs before it, oldest first.
    void seek(std::int64_t market_us, std::vector<Trade>& recent);
    // Continues on `engine` (the same session, the same single series, positioned anywhere) from
    // market time; the old engine and its checkpoints go.
    void adopt(std::unique_ptr<ReplayEngine> engine);
    // Another chart (timeframe, bucket) at the same market time, on `engine`: a new engine over
    // the same session that has not played. Longer bars are rolled up from the bars played so far
    // (aggregate/bar_rollup.hpp: milliseconds); anything else replays the session to here. `recent`
    // gets the trades of the kRecentWindowUs before market time. True when rolled up.
    bool change_chart(std::unique_ptr<ReplayEngine> engine, BarSpec spec, std::int64_t bucket_units,
                      std::vector<Trade>& recent);

    std::int64_t market_us() const { return market_us_; }
    std::int64_t start_us() const { return start_us_; }
    std::int64_t end_us() const { return end_us_; }  // the last frame's receive time
    bool finished() const { return market_us_ > end_us_; }         // every frame played
    bool at_until() const { return until_us_ > 0 && market_us_ >= until_us_; }
    bool at_end() const { return finished() || at_until(); }
    const Aggregator& aggregator() const { return engine_->aggregator(); }
    const BarSeries& series() const { return engine_->aggregator().series().front(); }
    const ReplayEngine& engine() const { return *engine_; }

private:
    // Plays every frame received at or before `last` (capped at the session's end and the until
    // time), at most about max_trades trades; market time moves past what was played.
    std::size_t play_through(std::int64_t last, std::vector<Trade>& out, std::size_t max_trades);
    // The same without the caps (seek).
    std::size_t play_range(std::int64_t last, std::vector<Trade>& out, std::size_t max_trades);

    std::unique_ptr<ReplayEngine> engine_;
    std::int64_t start_us_ = 0;
    std::int64_t end_us_ = 0;
    std::int64_t market_us_ = 0;
    std::int64_t until_us_ = 0;
    double speed_ = 1;
};

}  // namespace flowscope::record
