#pragma once
// What the user can take away: CSV of the visible bars and their footprint cells (one row per
// cell, exact decimals), and PNG pictures of the window or of one pane as shown.
#include <QString>

#include "chart/chart_bars.hpp"

class QWidget;
struct QCPRange;

namespace flowscope::ui {

// The CSV's first line.
extern const char* const kBarsCsvHeader;

// Writes bars first..last (inclusive, clamped). Returns an empty string on success, else why not.
QString save_bars_csv(const ChartBars& bars, int first, int last, const QString& path);

// A PNG of what the widget shows now, at the screen's pixel density. Empty string on success.
QString save_png(QWidget& widget, const QString& path);

}  // namespace flowscope::ui
