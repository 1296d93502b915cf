#pragma once
// What the user can take away: CSV of the visible bars and their footprint cells (one row per
// cell, exact decimals), one bar's footprint with its POC and value area, and PNG pictures of the
// window or of one pane as shown; and where they are offered to go.
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

// One bar's footprint, one row per traded level low to high: its price (the level's lower edge),
// bid, ask, delta, trades, "POC" on the point of control and VAH / VAL / VA for the value area.
extern const char* const kBarCsvHeader;
QString save_bar_csv(const ChartBars& chart, int bar, const QString& path);

// Where an export is offered: the folder saved into last, else <fallback>/flowscope (Pictures for
// pictures, Documents for tables), created on the way; never the working directory.
QString export_folder(const QString& last_folder, bool picture);
// "BTCUSDT_1m_2020-02-22_010000": the market, the timeframe and the market time shown (UTC).
QString export_file_stem(const QString& symbol, const QString& timeframe, std::int64_t time_us);

}  // namespace flowscope::ui
