#include "chart/time_pane.hpp"

#include <cmath>
#include <limits>

#include "chart/bar_time_ticker.hpp"

namespace flowscope::ui {

QCPRange zoomed_range(const QCPRange& range, double factor, double anchor, double min_bars) {
    double lower = anchor + (range.lower - anchor) * factor;
    double upper = anchor + (range.upper - anchor) * factor;
    if (upper - lower < min_bars) {
        const double centre = (upper + lower) / 2;
        lower = centre - min_bars / 2;
        upper = centre + min_bars / 2;
    }
    return {lower, upper};
}

TimePane::TimePane(QWidget* parent) : QCustomPlot(parent) {
    setNoAntialiasingOnDrag(true);
    setPlottingHint(QCP::phCacheLabels, true);
    setMouseTracking(true);
    ticker_ = QSharedPointer<BarTimeTicker>::create();
    ticker_->setTickCount(8);
    xAxis->setTicker(ticker_);
    xAxis->setTickLabels(false);
    xAxis->setSubTicks(false);
    yAxis->setVisible(false);
    yAxis2->setVisible(true);
    yAxis2->setSubTicks(false);
    yAxis2->grid()->setVisible(true);
    yAxis->grid()->setVisible(false);
    axisRect()->setAutoMargins(QCP::msNone);
    axisRect()->setRangeDrag(Qt::Orientations());
    axisRect()->setRangeZoom(Qt::Orientations());

    // The crosshair goes on QCustomPlot's own "overlay" layer, which gets a paint buffer of its
    // own only while something is on it (replot_overlay): then hovering repaints just that buffer,
    // and when nothing is, a repaint clears and composes one full-window buffer fewer.
    overlay_ = layer(QStringLiteral("overlay"));
    overlay_->setMode(QCPLayer::lmLogical);
    hover_line_ = new QCPItemStraightLine(this);
    hover_line_->setLayer(overlay_);
    hover_line_->setClipAxisRect(axisRect());
    hover_line_->point1->setAxes(xAxis, yAxis2);
    hover_line_->point2->setAxes(xAxis, yAxis2);
    hover_line_->setVisible(false);
    hover_line_->setSelectable(false);
    update_margins();
    apply_theme(theme_);
}

void TimePane::set_bars(const ChartBars* bars) {
    bars_ = bars;
    ticker_->set_bars(bars);
}

void TimePane::update_margins() {
    axisRect()->setMargins(QMargins(4, 4, kValueAxisWidth, time_labels_ ? 20 : 1));
}

void TimePane::set_time_labels_visible(bool visible) {
    time_labels_ = visible;
    xAxis->setTickLabels(visible);
    xAxis->setTicks(visible);
    update_margins();
}

void TimePane::apply_theme(const Theme& theme) {
    theme_ = theme;
    setBackground(theme.background);
    axisRect()->setBackground(theme.background);
    for (QCPAxis* axis : {xAxis, yAxis2}) {
        axis->setBasePen(QPen(theme.axis));
        axis->setTickPen(QPen(theme.axis));
        axis->setTickLabelColor(theme.text_dim);
        axis->setLabelColor(theme.text_dim);
        axis->grid()->setPen(QPen(theme.grid, 1, Qt::SolidLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
        QFont f = font();
        f.setPixelSize(11);
        axis->setTickLabelFont(f);
    }
    xAxis2->setVisible(false);
    hover_line_->setPen(QPen(theme.crosshair, 1, Qt::DashLine));
}

double TimePane::hover_key() const {
    return hover_line_->visible() ? hover_line_->point1->coords().x() : std::numeric_limits<double>::quiet_NaN();
}

void TimePane::set_hover_key(double key) {
    const bool visible = !std::isnan(key);
    hover_line_->setVisible(visible);
    if (visible) {
        hover_line_->point1->setCoords(key, 0);
        hover_line_->point2->setCoords(key, 1);
    }
    replot_overlay();
}

void TimePane::replot_overlay() {
    const QCPLayer::LayerMode mode = overlay_in_use() ? QCPLayer::lmBuffered : QCPLayer::lmLogical;
    if (overlay_->mode() != mode) {
        overlay_->setMode(mode);  // the crosshair appears or goes: one full repaint
        replot(QCustomPlot::rpQueuedReplot);
    } else if (mode == QCPLayer::lmBuffered) {
        overlay_->replot();
    }
}

int TimePane::bar_at_pixel(double x) const {
    if (!bars_) return -1;
    const auto index = static_cast<long long>(std::llround(xAxis->pixelToCoord(x)));
    return index >= 0 && index < static_cast<long long>(bars_->bars.size()) ? static_cast<int>(index) : -1;
}

void TimePane::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    const double factor = std::pow(0.85, steps);
    const QPointF pos = event->position();
    const bool over_value_axis = pos.x() > axisRect()->right();
    if (over_value_axis || event->modifiers() & Qt::ControlModifier) {
        zoom_values(factor, pos.y());
    } else {
        xAxis->setRange(zoomed_range(xAxis->range(), factor, xAxis->pixelToCoord(pos.x())));
        emit user_moved_time();
    }
    replot(QCustomPlot::rpQueuedReplot);
    event->accept();
}

void TimePane::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        dragging_ = true;
        drag_last_ = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
    event->accept();
}

void TimePane::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (dragging_) {
        const double dx = xAxis->pixelToCoord(drag_last_.x()) - xAxis->pixelToCoord(pos.x());
        if (dx != 0) {
            xAxis->setRange(xAxis->range().lower + dx, xAxis->range().upper + dx);
            emit user_moved_time();
        }
        pan_values(pos.y() - drag_last_.y());
        drag_last_ = pos;
        replot(QCustomPlot::rpQueuedReplot);
    }
    const bool inside = axisRect()->rect().contains(pos.toPoint());
    emit hovered(inside ? xAxis->pixelToCoord(pos.x()) : std::numeric_limits<double>::quiet_NaN());
    hover_changed(pos);
    event->accept();
}

void TimePane::mouseReleaseEvent(QMouseEvent* event) {
    dragging_ = false;
    unsetCursor();
    event->accept();
}

void TimePane::leaveEvent(QEvent* event) {
    emit hovered(std::numeric_limits<double>::quiet_NaN());
    QCustomPlot::leaveEvent(event);
}

void TimePane::mark_gaps() {
    QString key;
    std::vector<std::pair<std::size_t, std::uint64_t>> marked;
    if (bars_)
        for (std::size_t i = 0; i < bars_->bars.size(); ++i)
            if (const std::uint64_t n = bars_->bars[i].missing_trades; n > 0) {
                marked.emplace_back(i, n);
                key += QString::number(i) + QLatin1Char(':') + QString::number(n) + QLatin1Char(';');
            }
    if (key == gap_key_) return;
    gap_key_ = key;
    for (QCPAbstractItem* item : gap_marks_) removeItem(item);
    gap_marks_.clear();
    QColor colour = theme_.sell;
    colour.setAlpha(110);
    for (const auto& [index, trades] : marked) {
        auto* band = new QCPItemRect(this);
        band->setLayer(QStringLiteral("grid"));  // behind the bars
        band->setClipAxisRect(axisRect());
        band->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->topLeft->setAxes(xAxis, yAxis2);
        band->bottomRight->setAxes(xAxis, yAxis2);
        band->topLeft->setCoords(static_cast<double>(index) - 0.5, 0);
        band->bottomRight->setCoords(static_cast<double>(index) + 0.5, 1);
        band->setPen(Qt::NoPen);
        band->setBrush(QBrush(colour, Qt::BDiagPattern));
        gap_marks_.push_back(band);
        if (!gap_labels_) continue;
        auto* label = new QCPItemText(this);
        label->setClipAxisRect(axisRect());
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setAxes(xAxis, yAxis2);
        label->position->setCoords(static_cast<double>(index), 0.01);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setText(QStringLiteral("⚠ %1 trades missing").arg(trades));
        label->setColor(theme_.text);
        QColor veil = theme_.background;
        veil.setAlpha(220);
        label->setBrush(veil);
        label->setPadding(QMargins(3, 1, 3, 1));
        gap_marks_.push_back(label);
    }
}

}  // namespace flowscope::ui
