#include "chart/naked_poc_lines.hpp"

#include <cmath>

#include "chart/axis_map.hpp"
#include "chart/chart_studies.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

void NakedPocLines::draw(QCPPainter* p) {
    labels_.clear();
    drawn_.clear();
    const ChartBars& chart = studies_->bars();
    const BarRange shown = visible_bars(mKeyAxis->range().lower, mKeyAxis->range().upper, chart.bars.size());
    if (shown.last < shown.first) return;
    const Theme& t = theme();
    const QRect rect = mKeyAxis->axisRect()->rect();
    const AxisMap keys(mKeyAxis.data()), values(mValueAxis.data());
    const std::int64_t units = studies_->cache().bucket_units();
    for (const PocLine& l : studies_->cache().poc_lines()) {
        if (l.bar > shown.last) break;  // lines come in bar order
        if (!l.naked() && (l.touched_at < shown.first || l.touched_at == l.bar + 1)) continue;
        const double y = values((static_cast<double>(l.bucket) + 0.5) * to_double(units));
        if (y < rect.top() || y > rect.bottom()) continue;
        const double x0 = std::max<double>(keys(l.bar + 0.5), rect.left());
        const double x1 = l.naked() ? rect.right() : std::min<double>(keys(l.touched_at - 0.5), rect.right());
        if (x1 <= x0) continue;
        drawn_.push_back({l.bar, l.bucket, QLineF(x0, y, x1, y), l.naked()});
    }
    p->setAntialiasing(false);
    QColor touched = t.poc;
    touched.setAlpha(120);
    for (const Drawn& d : drawn_) {
        p->setPen(d.naked ? QPen(t.poc, 1.5) : QPen(touched, 1, Qt::DashLine));
        p->drawLine(d.line);
    }
    // The naked lines' prices at the pane's right edge, where they are not on one another.
    const double height = QFontMetricsF(font_).height() + 3;
    std::vector<double> taken;
    for (const Drawn& d : drawn_) {
        if (!d.naked) continue;
        const double y = d.line.y1();
        if (std::ranges::any_of(taken, [&](double other) { return std::abs(other - y) < height; })) continue;
        if (y - height / 2 < rect.top() || y + height / 2 > rect.bottom()) continue;
        taken.push_back(y);
        draw_label(p, QStringLiteral("nPOC %1").arg(exact_text(Price{d.bucket * units})), {rect.right() - 2.0, y},
                   Qt::AlignRight | Qt::AlignVCenter, t.poc);
    }
}

}  // namespace flowscope::ui
