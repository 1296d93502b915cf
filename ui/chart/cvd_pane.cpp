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
    // The legend names a group's member lines only; the total is the pane's own.
    line_->removeFromLegend();
    candles_->removeFromLegend();
    legend->setVisible(false);
    // One row in the title's strip at the top right, which the values never reach (fit_values).
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(0);
    legend->setIconSize(14, 6);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(10);
    legend->setMargins(QMargins(3, 0, 3, 0));
    legend->setFont(title_->font());
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    axisRect()->insetLayout()->setMargins(QMargins(0, 0, 0, 0));
    apply_theme(theme_);
}


void CvdPane::style_member_lines() {
    for (std::size_t m = 0; m < member_lines_.size(); ++m) member_lines_[m]->setPen(QPen(theme_.member_colour(m), 1.0));
    legend->setBrush(theme_.background);
    legend->setBorderPen(Qt::NoPen);
    legend->setTextColor(theme_.text_dim);
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
    style_member_lines();
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
    refresh_members();
    refresh_title();
}

void CvdPane::refresh_members() {
    const ChartBars& chart = *bars_;
    const std::size_t members = chart.member_bars.size() == chart.bars.size() && !chart.bars.empty() ? chart.members.size() : 0;
    while (member_lines_.size() > members) {
        removeGraph(member_lines_.back());
        member_lines_.pop_back();
    }
    while (member_lines_.size() < members) {
        QCPGraph* g = addGraph(xAxis, yAxis2);
        g->setAdaptiveSampling(true);
        member_lines_.push_back(g);
        style_member_lines();
    }
    member_values_.assign(members, {});
    legend->setVisible(members > 0);
    if (members == 0) return;
    // A member's bars as cvd_candles reads them: times, volumes and the CVD (no cells).
    std::vector<Bar> own(chart.bars.size());
    for (std::size_t m = 0; m < members; ++m) {
        for (std::size_t i = 0; i < own.size(); ++i) {
            const Bar& part = chart.member_bars[i][m];
            own[i].open_time_us = chart.bars[i].open_time_us;
            own[i].buy_volume = part.buy_volume;
            own[i].sell_volume = part.sell_volume;
            own[i].cvd = part.cvd;
        }
        const std::vector<CvdCandle> candles = cvd_candles(own, reset_);
        QVector<QCPGraphData> points;
        points.reserve(static_cast<qsizetype>(candles.size()));
        member_values_[m].reserve(candles.size());
        for (std::size_t i = 0; i < candles.size(); ++i) {
            member_values_[m].push_back(candles[i].close);
            points.append(QCPGraphData(static_cast<double>(i), to_double(candles[i].close)));
        }
        member_lines_[m]->data()->set(points, true);
        member_lines_[m]->setName(QString::fromStdString(chart.members[m]));
    }
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
        for (const auto& member : member_values_) {
            // A member's CVD can run the other way from the total's: its line stays in view too.
            const double v = to_double(member[static_cast<std::size_t>(i)]);
            low = std::min(low, v);
            high = std::max(high, v);
        }
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
