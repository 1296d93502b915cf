#include "record/live_chart.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "aggregate/bar_rollup.hpp"
#include "record/replay_engine.hpp"

namespace flowscope::record {

LiveChart::LiveChart(BarSpec spec, std::int64_t bucket_units, Price tick, bool include_non_aggressive) {
    aggregation_.set_include_non_aggressive(include_non_aggressive);
    aggregation_.add_series(spec, bucket_units);
    has_base_ = tick.units > 0;
    if (has_base_) aggregation_.add_series(BarSpec::time(kBaseSeconds), tick.units);
}

void LiveChart::add(std::span<const Trade> trades) {
    if (trades.empty()) return;
    if (!first_price_) first_price_ = trades.front().price;
    for (const Trade& t : trades) aggregation_.add(t);
    const std::size_t keep = std::min(trades.size(), kRecentTrades);
    recent_.insert(recent_.end(), trades.end() - static_cast<std::ptrdiff_t>(keep), trades.end());
    if (recent_.size() > kRecentTrades)
        recent_.erase(recent_.begin(), recent_.begin() + static_cast<std::ptrdiff_t>(recent_.size() - kRecentTrades));
}

Result<LiveChart::Change> LiveChart::change(BarSpec spec, std::int64_t bucket_units, const OpenRecording& open_recording) {
    BarSeries& chart = aggregation_.series().front();
    if (chart.spec() == spec && chart.bucket_units() == bucket_units) return Change::Same;
    if (aggregation_.trades() == 0 && aggregation_.non_aggressive_trades() == 0) {
        chart = BarSeries(spec, bucket_units);  // nothing to rebuild from yet
        return Change::RolledUp;
    }
    if (auto rolled = roll_up(chart, spec, bucket_units)) {
        chart = std::move(*rolled);
        return Change::RolledUp;
    }
    if (has_base_) {
        if (auto rolled = roll_up(aggregation_.series()[1], spec, bucket_units)) {
            chart = std::move(*rolled);
            return Change::FromBase;
        }
    }
    if (auto replayed = replay(spec, bucket_units, open_recording); !replayed) return Failure{replayed.error()};
    return Change::Replayed;
}

Result<void> LiveChart::replay(BarSpec spec, std::int64_t bucket_units, const OpenRecording& open_recording) {
    auto session = open_recording();
    if (!session) return Failure{"cannot read the session's recording: " + session.error()};
    ReplayEngineOptions options;
    options.include_non_aggressive = aggregation_.include_non_aggressive();
    ReplayEngine engine(std::move(*session), options);
    engine.replayer().set_release_held_at_end(false);  // a repair under way holds them on the chart too
    engine.aggregator().add_series(spec, bucket_units);
    engine.play_to(std::numeric_limits<std::int64_t>::max() / 2);
    const Aggregator& got = engine.aggregator();
    const Aggregator& want = aggregation_;
    if (got.trades() != want.trades() || got.volume() != want.volume() || got.cvd() != want.cvd() ||
        got.non_aggressive_trades() != want.non_aggressive_trades())
        return Failure{"the session's recording holds " + std::to_string(got.trades()) + " of the " +
                       std::to_string(want.trades()) + " trades on the chart (frames were lost on the way to disk)"};
    aggregation_.series().front() = std::move(engine.aggregator().series().front());
    return {};
}

}  // namespace flowscope::record
