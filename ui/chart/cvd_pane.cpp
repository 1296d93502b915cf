#include "chart/cvd_pane.hpp"

#include <cmath>

#include "aggregate/session.hpp"
#include "chart/study_options.hpp"

namespace flowscope::ui {

CvdPane::CvdPane(QWidget* parent) : TimePane(parent) {
    line_ = addGraph(xAxis, yAxis2);
    line_->setAdaptiveSampling(true);
    candles_ = new QCPFinancial(xAxis, yAxis2);
    candles_->setChartStyle(QCPFinancial::csCandlestick);
    candles_->setTwoColored(true);
    candles_->setWidth(0.62);
    candles_->setVisible(false);
    zero_ = new QCPItemStraightLine(this);
    zero_->point1->setAxes(xAxis, yAxis2);
    zero_->point2->setAxes(xAxis, yAxis2);
    zero_->point1->setCoords(0, 0);
    zero_->point2->setCoords(1, 0);
    zero_->setClipAxisRect(axisRect());
    title_ = new QCPItemText(this);
    title_->position->setType(QCPItemPosition::ptAxisRectRatio);
    title_->position->setCoords(0.005, 0.0);
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
    candles_->setBrushPositive(theme.buy);
    candles_->setBrushNegative(theme.sell);
    candles_->setPenPositive(QPen(theme.buy, 1));
    candles_->setPenNegative(QPen(theme.sell, 1));
    zero_->setPen(QPen(theme.axis, 1, Qt::DashLine));
    title_->setColor(theme.text_dim);
    title_->setBrush(theme.background);  // opaque: nothing shows through the title
    title_->setPen(Qt::NoPen);
    title_->setPadding(QMargins(3, 1, 3, 1));
}

void CvdPane::set_candles(bool on) {
    candles_->setVisible(on);
    line_->setVisible(!on);
    fit_values();
    replot(QCustomPlot::rpQueuedReplot);
}

void CvdPane::set_session_reset(const std::optional<SessionSpec>& reset) {
    if (reset == reset_) return;
    reset_ = reset;
    bars_changed();
    fit_values();
    replot(QCustomPlot::rpQueuedReplot);
}

void CvdPane::bars_changed() {
    if (!bars_) return;
    values_ = cvd_candles(bars_->bars, reset_);
    QVector<QCPGraphData> points;
    QVector<QCPFinancialData> candles;
    points.reserve(static_cast<qsizetype>(values_.size()));
    candles.reserve(static_cast<qsizetype>(values_.size()));
    missing_ = 0;
    for (std::size_t i = 0; i < values_.size(); ++i) {
        const CvdCandle& c = values_[i];
        const double key = static_cast<double>(i);
        points.append(QCPGraphData(key, to_double(c.close)));
        candles.append(QCPFinancialData(key, to_double(c.open), to_double(c.high), to_double(c.low), to_double(c.close)));
        missing_ += bars_->bars[i].missing_trades;
    }
    line_->data()->set(points, true);
    candles_->data()->set(candles, true);
    refresh_title();
}

void CvdPane::refresh_title() {
    QString text = QStringLiteral("CVD");
    if (reset_)
        text += QStringLiteral(" · from each session's start (%1)")
                    .arg(reset_->start_of_day_us == 0 ? QStringLiteral("00:00 UTC") : session_start_name(*reset_));
    // After a hole the exchange did not serve, the running sum is short by what it held.
    if (missing_ > 0) text += QStringLiteral(" · short by %1 missing trades after the marked gap").arg(missing_);
    title_->setText(text);
}

void CvdPane::fit_values() {
    if (!bars_ || values_.empty()) return;
    const BarRange shown = visible_bars(xAxis->range().lower, xAxis->range().upper, values_.size());
    if (shown.last < shown.first) return;
    const bool candles = candles_->visible();
    double low = 0, high = 0;
    for (int i = shown.first; i <= shown.last; ++i) {
        const CvdCandle& c = values_[static_cast<std::size_t>(i)];
        const double lo = to_double(candles ? c.low : c.close), hi = to_double(candles ? c.high : c.close);
        low = i == shown.first ? lo : std::min(low, lo);
        high = i == shown.first ? hi : std::max(high, hi);
    }
    // A flat run (one bar, or no delta) still spans a few distinct axis labels.
    const double min_span = std::max(0.01, 2e-3 * std::max(std::fabs(low), std::fabs(high)));
    if (high - low < min_span) {
        const double mid = (high + low) / 2;
        low = mid - min_span / 2;
        high = mid + min_span / 2;
    }
    // Room for the title above the highest value: the top `reserve` pixels hold only the title.
    const double height = std::max(1, axisRect()->height());
    const double reserve = std::min(0.45, (QFontMetricsF(title_->font()).height() + 6) / height);
    const double lower = low - (high - low) * 0.06;
    const double upper = (high - reserve * lower) / (1 - reserve);
    yAxis2->setRange(lower, upper);
}

}  // namespace flowscope::ui
