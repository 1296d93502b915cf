#pragma once
// One crosshair across chart panes: the time under the pointer in one pane, and the bar that holds
// that time in another (a 12:03 in a 1m pane is the 12:00 bar of a 5m pane beside it). Keys are
// bar indices, as on every time axis of the app.
#include <cstdint>
#include <optional>
#include <vector>

#include "aggregate/bar.hpp"
#include "aggregate/bar_spec.hpp"

namespace flowscope::ui {

// The open time of the bar under `key`; empty when no bar is there.
std::optional<std::int64_t> time_at_key(const std::vector<Bar>& bars, double key);
// The key of the bar that holds `time_us`: the last bar opened at or before it, while the time is
// within that bar (its duration for time bars, its last trade otherwise, or the next bar's open);
// empty outside the bars.
std::optional<double> key_at_time(const std::vector<Bar>& bars, const BarSpec& spec, std::int64_t time_us);

}  // namespace flowscope::ui
