#pragma once
// Colours of every pane in one place, so the dark and light themes stay consistent.
#include <QColor>
#include <QString>

class QApplication;

namespace flowscope::ui {

struct Theme {
    QString name;            // "dark" or "light"
    QColor background;       // plot area
    QColor panel;            // widgets around the plots
    QColor text;
    QColor text_dim;
    QColor grid;
    QColor axis;
    QColor buy;              // aggressive buying, up candles, positive delta
    QColor sell;             // aggressive selling, down candles, negative delta
    QColor neutral_cell;     // cell shading by volume
    QColor poc;              // point of control outline, value-area bracket
    QColor crosshair;
    QColor highlight;        // large trades in time & sales
    QColor heat_mid;         // the centre of the diverging imbalance scale

    static Theme dark();
    static Theme light();
    static Theme by_name(const QString& name);  // unknown names give the dark theme

    // Interpolates the diverging scale: −1 sell … 0 heat_mid … +1 buy.
    QColor imbalance_colour(double imbalance) const;
    // A group's members (source/group_source.hpp), one hue each, apart from the buy/sell colours
    // and the CVD total's blue: the CVD pane's member lines and the footprint's exchange split.
    QColor member_colour(std::size_t member) const;
};

// Palette and style sheet for the whole application.
void apply_theme(QApplication& app, const Theme& theme);

}  // namespace flowscope::ui
