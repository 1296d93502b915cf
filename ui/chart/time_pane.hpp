#pragma once
// Common ground of every pane under the shared time axis: keys are bar indices, values on the
// right-hand axis, fixed margins so all panes line up to the pixel, user pan and zoom in time,
// and a buffered overlay layer for the crosshair so hovering never repaints the data.
#include <qcustomplot.h>

#include "chart/chart_bars.hpp"
#include "window/theme.hpp"

namespace flowscope::ui {

class BarTimeTicker;

class TimePane : public QCustomPlot {
    Q_OBJECT
public:
    explicit TimePane(QWidget* parent = nullptr);

    // Width of the value axis on the right; identical in every pane so bars line up.
    static constexpr int kValueAxisWidth = 78;

    virtual void set_bars(const ChartBars* bars);
    const ChartBars* bars() const { return bars_; }
    virtual void bars_changed() {}                 // the bars were updated: refresh derived data
    virtual void fit_values() = 0;                 // fit the value axis to the visible bars
    virtual void apply_theme(const Theme& theme);
    void set_time_labels_visible(bool visible);
    void set_hover_key(double key);                // the shared crosshair's bar (NaN hides it)
    double hover_key() const;                      // where the crosshair is, NaN when hidden

    QCPAxis* time_axis() const { return xAxis; }
    QCPAxis* value_axis() const { return yAxis2; }
    const Theme& theme() const { return theme_; }
    // Index of the visible bar under an x pixel, or −1.
    int bar_at_pixel(double x) const;
    // Bars the exchange did not serve every trade of (Bar::missing_trades): a hatched band behind
    // them, so that short numbers are never read as whole; labelled where gap_labels is set.
    void mark_gaps();

signals:
    void user_moved_time();            // pan or zoom by the user (ends auto-follow)
    void hovered(double key);          // mouse over a key (NaN when it leaves)

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    // Vertical drag and wheel over the value axis: panes that support it override these.
    virtual void pan_values(double /*pixels*/) {}
    virtual void zoom_values(double /*factor*/, double /*pixel*/) {}
    virtual void hover_changed(QPointF /*pos*/) {}
    // Whether anything is shown on the overlay layer (the crosshair and its labels).
    virtual bool overlay_in_use() const { return hover_line_->visible(); }
    // Repaints the overlay after a crosshair change; the layer has its own buffer only while in use.
    void replot_overlay();
    bool gap_labels_ = false;

    const ChartBars* bars_ = nullptr;
    Theme theme_ = Theme::dark();
    QCPLayer* overlay_ = nullptr;
    QCPItemStraightLine* hover_line_ = nullptr;
    QSharedPointer<BarTimeTicker> ticker_;

private:
    std::vector<QCPAbstractItem*> gap_marks_;
    QString gap_key_;  // the bars marked now, to redo the items only when they change
    void update_margins();
    bool dragging_ = false;
    QPointF drag_last_;
    bool time_labels_ = false;
};

// Zooms a key range by factor around the key at `anchor`, keeping it at least min_bars wide.
QCPRange zoomed_range(const QCPRange& range, double factor, double anchor, double min_bars = 3);

}  // namespace flowscope::ui
