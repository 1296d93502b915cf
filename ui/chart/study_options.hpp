#pragma once
// Which studies the chart draws and how: each one on or off, the session they reset at, the
// big-trade threshold. Kept in settings (window/app_settings) and set from the Studies menu.
#include <QSettings>
#include <QString>
#include <array>
#include <cstdint>

#include "aggregate/big_prints.hpp"
#include "aggregate/session.hpp"

namespace flowscope::ui {

// Off by default: whatever draws over the cells (profiles, lines, bubbles), so that the default
// view's numbers stay whole; on: what has a pane of its own (CVD candles, the delta rows).
struct StudyOptions {
    bool session_profile = false;   // the session's volume profile at the right edge
    bool visible_profile = false;   // the visible bars' profile at the left edge
    bool fixed_profile = true;      // the range the user drags with Alt (nothing until there is one)
    bool naked_pocs = false;        // each bar's POC to the right until price trades through it
    bool developing_poc = false;    // the session profile's POC after each bar, as a step line
    bool big_trades = false;        // bubbles at the price and time of big prints
    bool cvd_candles = true;        // the CVD pane draws candles (else a line through closes)
    bool cvd_session_reset = false; // the CVD starts at zero at each session's start
    bool delta_rows = true;         // bar statistics: max delta, min delta, delta change rows
    bool exchange_split = true;     // a group's cells show each exchange's share (a strip at their foot)
    SessionSpec session;            // UTC day by default
    std::int64_t big_trade_quote = kBigPrintFloorQuote;  // bubble threshold, quote currency (≥ the floor)

    friend bool operator==(const StudyOptions&, const StudyOptions&) = default;
};

// The thresholds the menu offers, the floor first: the bars keep nothing under it.
inline constexpr std::array<std::int64_t, 6> kBigTradeThresholds{kBigPrintFloorQuote, 100'000, 250'000, 500'000,
                                                                 1'000'000, 5'000'000};
// Session starts the menu offers, hours after 00:00 UTC: the UTC day, Globex (17:00 Chicago),
// New York's and London's opens.
inline constexpr std::array<int, 4> kSessionStartMinutes{0, 22 * 60, 13 * 60 + 30, 8 * 60};

QString session_start_name(const SessionSpec& session);    // "UTC day", "22:00 UTC"
// Kept under studies/ in the app's settings (window/app_settings); missing keys give the defaults.
StudyOptions read_study_options(const QSettings& settings);
void write_study_options(QSettings& settings, const StudyOptions& options);
QString quote_threshold_text(std::int64_t quote);          // "50k", "1M"

}  // namespace flowscope::ui
