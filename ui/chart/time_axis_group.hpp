#pragma once
// Keeps every pane on one time axis: a range change in any pane moves all of them, and the group
// follows the newest bar until the user pans away from it (Home brings it back). Whatever moves
// the range, it stays between kMinWidthBars and the widest view wide, and at least one bar stays
// in view.
#include <QObject>
#include <QVector>
#include <qcustomplot.h>

namespace flowscope::ui {

class TimePane;

class TimeAxisGroup : public QObject {
    Q_OBJECT
public:
    explicit TimeAxisGroup(QObject* parent = nullptr);

    void add(TimePane* pane);
    QCPRange range() const;
    void set_range(const QCPRange& range);
    bool following() const { return following_; }
    void set_following(bool following);
    // Shows the newest bar at the right edge (with a little room), keeping the visible width.
    void show_latest(int bar_count);
    // Zoom in time by factor (< 1 zooms in): around the newest bar when following, else the centre.
    void zoom(double factor, int bar_count);
    void set_bar_count(int bar_count) { bar_count_ = bar_count; }
    // The widest view, in bars (whole_range_width(), or more when few bars are loaded).
    void set_max_width(double bars) { max_width_ = bars; }
    // Every bar and the room right of the newest.
    double whole_range_width() const { return bar_count_ - 0.5 + kMinRightRoomBars; }
    double max_width() const { return max_width_; }
    // `range` brought within the bounds: its width clamped about its centre, then moved until at
    // least one whole bar shows.
    QCPRange bounded(const QCPRange& range) const;

    // Space right of the newest bar's centre: its own half slot and a little more.
    static constexpr double kMinRightRoomBars = 0.62;
    // The narrowest view: bars wider than a third of the pane say nothing more.
    static constexpr double kMinWidthBars = 3;

signals:
    void range_changed(const QCPRange& range);
    void following_changed(bool following);

private:
    void on_pane_range(TimePane* source, const QCPRange& range);
    void on_user_moved();

    QVector<TimePane*> panes_;
    bool syncing_ = false;
    bool following_ = true;
    int bar_count_ = 0;
    double max_width_ = 1e9;
};

}  // namespace flowscope::ui
