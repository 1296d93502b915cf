#include "chart/footprint_pane.hpp"

#include <QToolTip>
#include <cmath>

#include "aggregate/footprint_analysis.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

FootprintPane::FootprintPane(QWidget* parent) : TimePane(parent) {
    gap_labels_ = true;
    footprint_ = new FootprintPlottable(xAxis, yAxis2);
    price_line_ = new QCPItemStraightLine(this);
    price_line_->setLayer(overlay_);
    price_line_->setClipAxisRect(axisRect());
    price_line_->point1->setAxes(xAxis, yAxis2);
    price_line_->point2->setAxes(xAxis, yAxis2);
    price_line_->setVisible(false);
    price_label_ = new QCPItemText(this);
    price_label_->setLayer(overlay_);
    price_label_->setClipToAxisRect(false);
    price_label_->position->setTypeX(QCPItemPosition::ptAbsolute);
    price_label_->position->setAxes(xAxis, yAxis2);
    price_label_->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    price_label_->setPadding(QMargins(4, 2, 4, 2));
    price_label_->setVisible(false);
    yAxis2->ticker()->setTickCount(10);
    apply_theme(theme_);
}

void FootprintPane::apply_theme(const Theme& theme) {
    TimePane::apply_theme(theme);
    if (!footprint_) return;  // called from the base constructor before the plottable exists
    footprint_->set_theme(theme);
    price_line_->setPen(QPen(theme.crosshair, 1, Qt::DashLine));
    price_label_->setBrush(theme.crosshair);
    price_label_->setColor(theme.background);
}

void FootprintPane::set_bars(const ChartBars* bars) {
    TimePane::set_bars(bars);
    footprint_->set_bars(bars);
}

const ChartBars& FootprintPane::display_bars() const {
    static const ChartBars kNone;
    return bars_ ? *bars_ : kNone;
}

void FootprintPane::set_options(const FootprintOptions& options) { footprint_->set_options(options); }

void FootprintPane::fit_values() {
    if (!price_auto_ || !bars_) return;
    bool found = false;
    const QCPRange r = footprint_->getValueRange(found, QCP::sdBoth, xAxis->range());
    if (!found) return;
    const double bucket = bars_->bucket_price();
    const double pad = std::max(bucket, r.size() * 0.04);
    double lower = r.lower - pad;
    double upper = r.upper + pad;
    const double min_span = 8 * bucket;  // a flat market still shows a few levels, not one huge cell
    if (upper - lower < min_span) {
        const double mid = (upper + lower) / 2;
        lower = mid - min_span / 2;
        upper = mid + min_span / 2;
    }
    yAxis2->setRange(lower, upper);
}

void FootprintPane::pan_values(double pixels) {
    if (pixels == 0) return;
    const double d = yAxis2->pixelToCoord(0) - yAxis2->pixelToCoord(pixels);
    yAxis2->setRange(yAxis2->range().lower - d, yAxis2->range().upper - d);
    price_auto_ = false;
}

void FootprintPane::zoom_values(double factor, double pixel) {
    const double anchor = yAxis2->pixelToCoord(pixel);
    const double min_span = bars_ ? 3 * bars_->bucket_price() : 0;
    yAxis2->setRange(zoomed_range(yAxis2->range(), factor, anchor, min_span));
    price_auto_ = false;
}

void FootprintPane::hover_changed(QPointF pos) {
    const bool inside = axisRect()->rect().contains(pos.toPoint());
    price_line_->setVisible(inside);
    price_label_->setVisible(inside);
    if (inside) {
        const double price = yAxis2->pixelToCoord(pos.y());
        price_line_->point1->setCoords(0, price);
        price_line_->point2->setCoords(1, price);
        price_label_->position->setCoords(axisRect()->right() + 1, price);
        const int decimals = bars_ ? std::max(0, static_cast<int>(-std::floor(std::log10(to_double(bars_->tick))))) : 2;
        price_label_->setText(QString::number(price, 'f', decimals));
        const QString tip = tooltip_at(pos);
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(mapToGlobal(pos.toPoint() + QPoint(16, 16)), tip, this);
    } else {
        QToolTip::hideText();
    }
    replot_overlay();
}

QString FootprintPane::tooltip_at(QPointF pos) const {
    const int index = bar_at_pixel(pos.x());
    if (index < 0) return {};
    const Bar& bar = bars_->bars[static_cast<std::size_t>(index)];
    const double price = yAxis2->pixelToCoord(pos.y());
    const auto bucket = static_cast<std::int64_t>(std::floor(price / bars_->bucket_price()));
    QString tip = QStringLiteral("<b>%1</b> UTC<br>O %2  H %3  L %4  C %5<br>Volume %6  Delta %7  Trades %8")
                      .arg(time_text(bar.open_time_us, true), exact_text(bar.open), exact_text(bar.high),
                           exact_text(bar.low), exact_text(bar.close), exact_text(bar.volume),
                           exact_text(bar.delta()), QString::number(bar.trades));
    if (!bar.footprint.empty() && bucket >= bar.footprint.lowest_bucket() && bucket <= bar.footprint.highest_bucket()) {
        const FootprintCell& cell = bar.footprint.at(bucket);
        const Price lower{bucket * bars_->bucket_units};
        const Price upper{(bucket + 1) * bars_->bucket_units};
        tip += QStringLiteral("<hr><b>%1 – %2</b><br>Bid (sells) %3 × Ask (buys) %4<br>Delta %5  Trades %6")
                   .arg(exact_text(lower), exact_text(upper), exact_text(cell.bid), exact_text(cell.ask),
                        exact_text(cell.delta()), QString::number(cell.trades));
        const auto imbalance = level_imbalance(bar.footprint, bucket, footprint_->options().imbalance);
        if (imbalance == LevelImbalance::Buy || imbalance == LevelImbalance::Both) tip += QStringLiteral("<br>Buy imbalance");
        if (imbalance == LevelImbalance::Sell || imbalance == LevelImbalance::Both) tip += QStringLiteral("<br>Sell imbalance");
        if (point_of_control(bar.footprint) == bucket) tip += QStringLiteral("<br>Point of control");
    }
    return tip;
}

}  // namespace flowscope::ui
