#pragma once
// CSV of the visible bars and their footprint cells, one row per cell, exact decimals.
#include <QString>

#include "chart_bars.hpp"

namespace flowscope::ui {

// Writes bars first..last (inclusive, clamped). Returns an empty string on success, else why not.
QString save_bars_csv(const ChartBars& bars, int first, int last, const QString& path);

}  // namespace flowscope::ui
