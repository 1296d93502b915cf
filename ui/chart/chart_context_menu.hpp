#pragma once
// The footprint's right-click menu: copy the price under the pointer, set an alert there, start a
// fixed-range profile from the bar under it, export that bar's footprint as CSV.
//
// The price is the level under the pointer, as the footprint draws it: the lower edge of its row
// at the bucket in use (the price axis and the CSV exports name levels the same way), exact.
// Alerts and fixed-range profiles belong to other parts of the app: the menu only says what was
// asked (alert_at_price, fixed_range_from_bar); the window connects them.
#include <QObject>
#include <QPoint>
#include <optional>

#include "model/decimal.hpp"

class QMenu;

namespace flowscope::ui {

class FootprintPane;

class ChartContextMenu : public QObject {
    Q_OBJECT
public:
    // Installed on the pane: its right click opens the menu.
    explicit ChartContextMenu(FootprintPane* pane);

    struct Target {
        std::optional<Price> price;  // the level under the pointer; empty outside the plot
        int bar = -1;                // the bar under it, −1 when none
    };
    Target target_at(QPoint pos) const;
    // The menu for a pane position, its actions enabled as they apply there (the caller owns it).
    QMenu* menu_at(QPoint pos);
    // What the export action writes once the user has said where; the error, empty on success.
    QString export_bar_to(int bar, const QString& path);

signals:
    void alert_at_price(flowscope::Price price);
    void fixed_range_from_bar(int bar_index);
    void message(const QString& text);  // what happened, for the status bar

private:
    void export_bar(int bar);  // asks where, then export_bar_to

    FootprintPane* pane_;
};

}  // namespace flowscope::ui
