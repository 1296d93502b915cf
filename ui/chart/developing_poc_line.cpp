#include "chart/developing_poc_line.hpp"

#include "chart/axis_map.hpp"
#include "chart/chart_studies.hpp"

namespace flowscope::ui {

QColor DevelopingPocLine::colour(const Theme& theme) {
    // Apart from the POC lines' amber and the buy/sell colours.
    return theme.name == QLatin1String("light") ? QColor(0x7b, 0x3f, 0xc4) : QColor(0xc0, 0x8c, 0xff);
}

void DevelopingPocLine::draw(QCPPainter* p) {
    labels_.clear();
    drawn_.clear();
    const ChartBars& chart = studies_->bars();
    const BarRange shown = visible_bars(mKeyAxis->range().lower, mKeyAxis->range().upper, chart.bars.size());
    const auto& developing = studies_->cache().developing_poc();
    if (shown.last < shown.first || developing.size() != chart.bars.size()) return;
    const AxisMap keys(mKeyAxis.data()), values(mValueAxis.data());
    const double bucket = to_double(studies_->cache().bucket_units());
    QPolygonF run;
    std::vector<QPolygonF> runs;
    const SessionSpec session = studies_->options().session;
    for (int i = shown.first; i <= shown.last; ++i) {
        const auto& poc = developing[static_cast<std::size_t>(i)];
        const bool new_session = i > 0 && session_start(chart.bars[static_cast<std::size_t>(i)].open_time_us, session) !=
                                              session_start(chart.bars[static_cast<std::size_t>(i - 1)].open_time_us, session);
        if (!poc || new_session) {
            if (run.size() > 1) runs.push_back(run);
            run.clear();
            if (!poc) continue;
        }
        const double y = values((static_cast<double>(*poc) + 0.5) * bucket);
        run << QPointF(keys(i - 0.5), y) << QPointF(keys(i + 0.5), y);
        drawn_.push_back({i, *poc, y});
    }
    if (run.size() > 1) runs.push_back(run);
    p->setAntialiasing(false);
    p->setPen(QPen(colour(theme()), 1.5));
    for (const QPolygonF& r : runs) p->drawPolyline(r);
}

}  // namespace flowscope::ui
