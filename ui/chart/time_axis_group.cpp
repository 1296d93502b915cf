#include "chart/time_axis_group.hpp"

#include "chart/time_pane.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::ui {

TimeAxisGroup::TimeAxisGroup(QObject* parent) : QObject(parent) {}

void TimeAxisGroup::add(TimePane* pane) {
    panes_.append(pane);
    connect(pane->time_axis(), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            [this, pane](const QCPRange& r) { on_pane_range(pane, r); });
    connect(pane, &TimePane::user_moved_time, this, &TimeAxisGroup::on_user_moved);
    connect(pane, &TimePane::hovered, this, [this](double key) {
        for (TimePane* p : panes_) p->set_hover_key(key);
    });
}

QCPRange TimeAxisGroup::range() const { return panes_.isEmpty() ? QCPRange() : panes_.front()->time_axis()->range(); }

void TimeAxisGroup::set_range(const QCPRange& range) {
    if (!panes_.isEmpty()) panes_.front()->time_axis()->setRange(range);
}

QCPRange TimeAxisGroup::bounded(const QCPRange& range) const {
    QCPRange r = range;
    const double width = std::clamp(r.size(), kMinWidthBars, std::max(kMinWidthBars, max_width_));
    if (width != r.size()) {
        const double centre = r.center();
        r = QCPRange(centre - width / 2, centre + width / 2);
    }
    if (bar_count_ > 0) {
        // Bar i spans i ± 0.5: the first bar whole at the right edge, or the newest at the left.
        const double first_bar_right = 0.5, newest_bar_left = bar_count_ - 1.5;
        if (r.upper < first_bar_right) r += first_bar_right - r.upper;
        if (r.lower > newest_bar_left) r -= r.lower - newest_bar_left;
        // Wide enough for every bar there is: all of them, the newest at the right as when following.
        if (r.size() >= whole_range_width() - 1e-9) {
            const double upper = bar_count_ - 1 + kMinRightRoomBars;
            r = QCPRange(upper - r.size(), upper);
        }
    }
    return r;
}

void TimeAxisGroup::on_pane_range(TimePane* source, const QCPRange& range) {
    if (syncing_) return;
    syncing_ = true;
    const QCPRange r = bounded(range);
    for (TimePane* p : panes_)
        if (p != source || r != range) p->time_axis()->setRange(r);
    syncing_ = false;
    emit range_changed(r);
}

void TimeAxisGroup::on_user_moved() {
    // Still following while the newest bar stays at or inside the right edge.
    set_following(bar_count_ > 0 && range().upper >= bar_count_ - 0.5);
}

void TimeAxisGroup::set_following(bool following) {
    if (following_ == following) return;
    following_ = following;
    emit following_changed(following);
}

void TimeAxisGroup::show_latest(int bar_count) {
    bar_count_ = bar_count;
    const double width = range().size();
    // The left edge on a boundary between two bars, so no bar shows cut in half with clipped
    // numbers; the room right of the newest bar is whatever that leaves, at least kMinRightRoomBars.
    double upper = bar_count - 1 + kMinRightRoomBars;
    const double lower = upper - width;
    const double to_boundary = std::ceil(lower - 0.5) + 0.5 - lower;  // in [0, 1)
    upper += to_boundary;
    set_range(QCPRange(upper - width, upper));
}

void TimeAxisGroup::zoom(double factor, int bar_count) {
    bar_count_ = bar_count;
    const QCPRange r = range();
    const double anchor = following_ ? r.upper : r.center();
    set_range(zoomed_range(r, factor, anchor));
}

}  // namespace flowscope::ui
