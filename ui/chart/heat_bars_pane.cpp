#include "chart/heat_bars_pane.hpp"

#include <cmath>

namespace flowscope::ui {

class HeatBars : public QCPAbstractPlottable {
public:
    HeatBars(QCPAxis* key, QCPAxis* value, const HeatBarsPane* pane) : QCPAbstractPlottable(key, value), pane_(pane) {
        setSelectable(QCP::stNone);
    }
    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
        found = false;
        return {};
    }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange& key_range) const override {
        const ChartBars* chart = pane_->bars();
        found = chart && !chart->bars.empty();
        if (!found) return {};
        const BarRange shown = visible_bars(key_range.lower, key_range.upper, chart->bars.size());
        double high = 0;
        for (int i = shown.first; i <= shown.last; ++i) high = std::max(high, to_double(chart->bars[static_cast<std::size_t>(i)].volume));
        return {0, high};
    }

protected:
    void drawLegendIcon(QCPPainter*, const QRectF&) const override {}
    void draw(QCPPainter* p) override {
        const ChartBars* chart = pane_->bars();
        const Theme& theme = pane_->theme();
        p->setAntialiasing(false);
        if (chart && !chart->bars.empty()) {
            const QCPAxis* key = mKeyAxis.data();
            const QCPAxis* value = mValueAxis.data();
            const int n = static_cast<int>(chart->bars.size());
            const int first = std::clamp(static_cast<int>(std::floor(key->range().lower)), 0, n - 1);
            const int last = std::clamp(static_cast<int>(std::ceil(key->range().upper)), 0, n - 1);
            const double base = value->coordToPixel(0);
            for (int i = first; i <= last; ++i) {
                const Bar& b = chart->bars[static_cast<std::size_t>(i)];
                if (b.trades == 0) continue;
                double x0 = key->coordToPixel(i - 0.42);
                double x1 = key->coordToPixel(i + 0.42);
                if (x1 - x0 < 1) x1 = x0 + 1;
                const double top = std::min(value->coordToPixel(to_double(b.volume)), base - 1);
                p->fillRect(QRectF(QPointF(x0, top), QPointF(x1, base)), theme.imbalance_colour(b.imbalance()));
            }
        }
        draw_legend(p, theme);
    }

private:
    // A small gradient strip from −1 to +1 in the top-left corner of the pane.
    void draw_legend(QCPPainter* p, const Theme& theme) const {
        const QRect area = mKeyAxis->axisRect()->rect();
        const QRectF strip(area.left() + 40, area.top() + 6, 120, 7);
        // On a veil of the background, so bars that reach the corner never make it unreadable.
        QColor veil = theme.background;
        veil.setAlpha(210);
        p->fillRect(QRectF(area.left() + 1, area.top() + 1, strip.right() + 30 - area.left(), strip.bottom() + 13 - area.top()), veil);
        QLinearGradient g(strip.topLeft(), strip.topRight());
        for (double s : {-1.0, -0.5, 0.0, 0.5, 1.0}) g.setColorAt((s + 1) / 2, theme.imbalance_colour(s));
        p->fillRect(strip, g);
        QFont f(QStringLiteral("DejaVu Sans"));
        f.setPixelSize(10);
        p->setFont(f);
        p->setPen(theme.text_dim);
        p->drawText(QRectF(area.left() + 4, strip.top() - 4, 34, 14), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Sell"));
        p->drawText(QRectF(strip.right() + 4, strip.top() - 4, 40, 14), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Buy"));
        p->drawText(QRectF(strip.left() - 2, strip.bottom() + 1, 20, 12), Qt::AlignLeft, QStringLiteral("−1"));
        p->drawText(QRectF(strip.center().x() - 10, strip.bottom() + 1, 20, 12), Qt::AlignHCenter, QStringLiteral("0"));
        p->drawText(QRectF(strip.right() - 18, strip.bottom() + 1, 20, 12), Qt::AlignRight, QStringLiteral("+1"));
    }

    const HeatBarsPane* pane_;
};

HeatBarsPane::HeatBarsPane(QWidget* parent) : TimePane(parent) {
    heat_ = new HeatBars(xAxis, yAxis2, this);
    yAxis2->ticker()->setTickCount(3);
    apply_theme(theme_);
}

void HeatBarsPane::apply_theme(const Theme& theme) { TimePane::apply_theme(theme); }

void HeatBarsPane::fit_values() {
    bool found = false;
    const QCPRange r = heat_->getValueRange(found, QCP::sdBoth, xAxis->range());
    // Head room above the tallest bar keeps the legend clear of it.
    yAxis2->setRange(0, found && r.upper > 0 ? r.upper * 1.6 : 1);
}

}  // namespace flowscope::ui
