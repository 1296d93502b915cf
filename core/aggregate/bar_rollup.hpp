#pragma once
// Bars of a longer timeframe (and a coarser bucket) made from the bars of a shorter one, equal to
// what a series fed the same trades would hold: a chart can change from 1m to 5m, 15m, 1h … (or
// from a 0.5 to a 1.0 bucket) in milliseconds instead of replaying every trade again.
//
// Exact when every boundary of the longer timeframe is one of the shorter's (its duration a whole
// multiple, both UTC-aligned), the bucket a whole multiple of the shorter's, and the shorter
// series took no late trade: then its bars hold their trades in arrival order, one after the
// other, and a merged bar's open, close, running-delta extremes and CVD follow from its parts;
// its big prints are theirs one after the other (a sweep has one exchange time: one time bar).
// A late trade (one that went back into an earlier bar) would interleave arrival order across
// the parts, so such a series is not rolled up.
#include <cstdint>
#include <optional>

#include "aggregate/bar_series.hpp"

namespace flowscope {

bool can_roll_up(const BarSeries& from, BarSpec to, std::int64_t to_bucket_units);
// The longer bars; nothing when can_roll_up is false.
std::optional<BarSeries> roll_up(const BarSeries& from, BarSpec to, std::int64_t to_bucket_units);

}  // namespace flowscope
