#pragma once
// A live market's chart that changes timeframe or bucket without the session's trades in memory.
//
// Every trade is aggregated once (add()) into the chart's series and into a base series of 1 s
// bars at the instrument's tick, in the same Aggregator: the base is what a checkpoint of the
// session kept current at every trade would hold, for every time chart at once. A change is made
// from the first of these that can make it exactly:
//   1. the chart's own bars, when the new bars are longer or coarser (aggregate/bar_rollup.hpp);
//   2. the base series, for any time bars of whole seconds and a bucket of whole ticks, finer
//      than the chart's included (1m → 1s at the end of a 5 M-trade day: tens of milliseconds);
//   3. the session's recording replayed through a ReplayEngine with the same adapter as live:
//      tick and volume bars, an unknown tick, or a stream that took late trades (which cannot be
//      rolled up). Seconds for a busy day; the trades stay in the files.
// Each gives the bars a series fed every trade of the session would hold. A replay is held to the
// aggregation's own totals (trades, volume, CVD, prints that are not aggression) and refused when
// the recording does not hold every trade of the chart (frames lost by a failing disk): a chart
// with a wrong number is worse than a change refused.
//
// Memory: the base holds one bar a second, most with 1–3 levels inline (footprint.hpp): a day is
// 86,400 bars, tens of MB, where the trades themselves were 144 B each (0.7 GB for 5 M trades).
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/aggregator.hpp"
#include "model/result.hpp"
#include "record/recording_session.hpp"

namespace flowscope::record {

class LiveChart {
public:
    static constexpr std::size_t kRecentTrades = 2000;  // time & sales after a change
    static constexpr std::int64_t kBaseSeconds = 1;     // the finest time bars a chart offers

    // tick: the instrument's price step, the base series' bucket; zero when unknown (then every
    // change that the chart's own bars cannot make replays the recording).
    // include_non_aggressive: Aggregator::set_include_non_aggressive, for the whole session.
    LiveChart(BarSpec spec, std::int64_t bucket_units, Price tick, bool include_non_aggressive);

    // The one step every trade of the stream goes through, in stream order. A replay holds the
    // recording to what went through here: trades that reach the chart by another way (history
    // fetched at launch, repaired gaps) must be in the recording too, in the same order (as
    // backfill frames), or a change that needs the replay is refused.
    void add(std::span<const Trade> trades);

    enum class Change { Same, RolledUp, FromBase, Replayed };
    // Opens the session's recording as it stands, every frame whose trades were added so far on
    // disk (called only when a replay is needed).
    using OpenRecording = std::function<Result<std::unique_ptr<RecordingSession>>()>;
    // The chart becomes (spec, bucket_units); on failure it stays as it was and the error says why.
    Result<Change> change(BarSpec spec, std::int64_t bucket_units, const OpenRecording& open_recording);

    const Aggregator& aggregation() const { return aggregation_; }
    const BarSeries& series() const { return aggregation_.series().front(); }
    const BarSeries* base() const { return has_base_ ? &aggregation_.series()[1] : nullptr; }
    // The last kRecentTrades trades, oldest first.
    std::vector<Trade> recent_trades() const { return {recent_.begin(), recent_.end()}; }
    std::optional<Price> first_price() const { return first_price_; }

private:
    Result<void> replay(BarSpec spec, std::int64_t bucket_units, const OpenRecording& open_recording);

    Aggregator aggregation_;  // [0] the chart, [1] the base (when the tick is known)
    bool has_base_ = false;
    std::deque<Trade> recent_;
    std::optional<Price> first_price_;
};

}  // namespace flowscope::record
