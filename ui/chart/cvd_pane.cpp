#include "chart/cvd_pane.hpp"

#include <cmath>

namespace flowscope::ui {

CvdPane::CvdPane(QWidget* parent) : TimePane(parent) {
    line_ = addGraph(xAxis, yAxis2);
    line_->setAdaptiveSampling(true);
    zero_ = new QCPItemStraightLine(this);
    zero_->point1->setAxes(xAxis, yAxis2);
    zero_->point2->setAxes(xAxis, yAxis2);
    zero_->point1->setCoords(0, 0);
    zero_->point2->setCoords(1, 0);
    zero_->setClipAxisRect(axisRect());
    title_ = new QCPItemText(this);
    title_->position->setType(QCPItemPosition::ptAxisRectRatio);
    title_->position->setCoords(0.005, 0.04);
    title_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    title_->setText(QStringLiteral("CVD"));
    yAxis2->ticker()->setTickCount(4);
    apply_theme(theme_);
}

void CvdPane::apply_theme(const Theme& theme) {
    TimePane::apply_theme(theme);
    if (!line_) return;
    QColor line_colour = theme.name == "light" ? QColor(0x29, 0x62, 0xff) : QColor(0x5b, 0x9c, 0xf6);
    line_->setPen(QPen(line_colour, 1.6));
    QColor fill = line_colour;
    fill.setAlpha(28);
    line_->setBrush(fill);
    zero_->setPen(QPen(theme.axis, 1, Qt::DashLine));
    title_->setColor(theme.text_dim);
    QColor veil = theme.background;  // the line may pass under the title
    veil.setAlpha(210);
    title_->setBrush(veil);
    title_->setPen(Qt::NoPen);
    title_->setPadding(QMargins(3, 1, 3, 1));
}

void CvdPane::bars_changed() {
    if (!bars_) return;
    QVector<QCPGraphData> points;
    points.reserve(static_cast<qsizetype>(bars_->bars.size()));
    std::uint64_t missing = 0;
    for (std::size_t i = 0; i < bars_->bars.size(); ++i) {
        points.append(QCPGraphData(static_cast<double>(i), to_double(bars_->bars[i].cvd)));
        missing += bars_->bars[i].missing_trades;
    }
    line_->data()->set(points, true);
    // After a hole the exchange did not serve, the running sum is short by what it held.
    title_->setText(missing > 0 ? QStringLiteral("CVD · short by %1 missing trades after the marked gap").arg(missing)
                                : QStringLiteral("CVD"));
}

void CvdPane::fit_values() {
    bool found = false;
    QCPRange r = line_->getValueRange(found, QCP::sdBoth, xAxis->range());
    if (!found) return;
    const double pad = std::max(r.size() * 0.08, 1e-6);
    yAxis2->setRange(r.lower - pad, r.upper + pad);
}

}  // namespace flowscope::ui
