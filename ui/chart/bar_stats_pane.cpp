#include "chart/bar_stats_pane.hpp"

#include <cmath>

#include "chart/quantity_text.hpp"

namespace flowscope::ui {

// Draws every visible bar's four numbers in one pass (one plottable, not one item per number).
class BarStatsRows : public QCPAbstractPlottable {
public:
    BarStatsRows(QCPAxis* key, QCPAxis* value, const BarStatsPane* pane)
        : QCPAbstractPlottable(key, value), pane_(pane) {
        setSelectable(QCP::stNone);
        font_ = QFont(QStringLiteral("DejaVu Sans"));
        font_.setPixelSize(10);
    }
    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
        found = false;
        return {};
    }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        found = true;
        return {0, BarStatsPane::kRowCount};
    }

protected:
    void drawLegendIcon(QCPPainter*, const QRectF&) const override {}
    void draw(QCPPainter* p) override {
        const ChartBars* chart = pane_->bars();
        if (!chart || chart->bars.empty()) return;
        const Theme& theme = pane_->theme();
        const QCPAxis* key = mKeyAxis.data();
        const QCPAxis* value = mValueAxis.data();
        const int n = static_cast<int>(chart->bars.size());
        const int first = std::clamp(static_cast<int>(std::floor(key->range().lower)), 0, n - 1);
        const int last = std::clamp(static_cast<int>(std::ceil(key->range().upper)), 0, n - 1);
        double max_volume = 0, max_delta = 0;
        for (int i = first; i <= last; ++i) {
            const Bar& b = chart->bars[static_cast<std::size_t>(i)];
            max_volume = std::max(max_volume, to_double(b.volume));
            max_delta = std::max(max_delta, std::fabs(to_double(b.delta())));
        }
        const double slot = std::fabs(key->coordToPixel(1) - key->coordToPixel(0));
        const bool text = slot >= 34;
        p->setFont(font_);
        p->setAntialiasing(false);
        for (int i = first; i <= last; ++i) {
            const Bar& b = chart->bars[static_cast<std::size_t>(i)];
            const double x0 = key->coordToPixel(i - 0.46);
            const double x1 = key->coordToPixel(i + 0.46);
            const double volume = to_double(b.volume);
            const double delta = to_double(b.delta());
            const double cvd = to_double(b.cvd);
            struct Cell { double row; QColor fill; QString label; QColor pen; };
            const Cell cells[] = {
                {3, QColor(theme.neutral_cell.red(), theme.neutral_cell.green(), theme.neutral_cell.blue(),
                           static_cast<int>(30 + 170 * volume / std::max(max_volume, 1e-12))),
                 compact_number(volume), theme.text},
                {2, QColor((delta >= 0 ? theme.buy : theme.sell).red(), (delta >= 0 ? theme.buy : theme.sell).green(),
                           (delta >= 0 ? theme.buy : theme.sell).blue(),
                           static_cast<int>(30 + 170 * std::fabs(delta) / std::max(max_delta, 1e-12))),
                 compact_number(delta), theme.text},
                {1, Qt::transparent, compact_number(cvd), cvd >= 0 ? theme.buy : theme.sell},
                {0, Qt::transparent, QString::number(b.trades), theme.text_dim},
            };
            for (const Cell& c : cells) {
                const double y0 = value->coordToPixel(c.row + 1);
                const double y1 = value->coordToPixel(c.row);
                const QRectF r(QPointF(x0, y0 + 1), QPointF(x1, y1 - 1));
                if (c.fill.alpha() > 0) p->fillRect(r, c.fill);
                if (!text) continue;
                p->setPen(c.pen);
                p->drawText(r, Qt::AlignCenter, c.label);
            }
        }
    }

private:
    const BarStatsPane* pane_;
    QFont font_;
};

BarStatsPane::BarStatsPane(QWidget* parent) : TimePane(parent) {
    rows_ = new BarStatsRows(xAxis, yAxis2, this);
    auto labels = QSharedPointer<QCPAxisTickerText>::create();
    labels->addTick(3.5, QStringLiteral("Volume"));
    labels->addTick(2.5, QStringLiteral("Delta"));
    labels->addTick(1.5, QStringLiteral("CVD"));
    labels->addTick(0.5, QStringLiteral("Trades"));
    yAxis2->setTicker(labels);
    yAxis2->setTickLength(0, 0);
    yAxis2->grid()->setVisible(false);
    yAxis2->setRange(0, kRowCount);
    xAxis->grid()->setVisible(false);
    setFixedHeight(kRowCount * kRowHeightPixels + 2);
    apply_theme(theme_);
}

void BarStatsPane::apply_theme(const Theme& theme) {
    TimePane::apply_theme(theme);
    yAxis2->setTickLabelColor(theme.text_dim);
}

}  // namespace flowscope::ui
