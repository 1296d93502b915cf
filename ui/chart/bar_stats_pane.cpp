#include "chart/bar_stats_pane.hpp"

#include <cmath>

#include "aggregate/cvd_candles.hpp"
#include "chart/quantity_text.hpp"
#include "chart/study_plottable.hpp"

namespace flowscope::ui {

namespace {
enum class Row { Volume, Delta, MaxDelta, MinDelta, DeltaChange, Cvd, Trades };
constexpr Row kAllRows[] = {Row::Volume, Row::Delta, Row::MaxDelta, Row::MinDelta, Row::DeltaChange, Row::Cvd, Row::Trades};
constexpr Row kBaseRows[] = {Row::Volume, Row::Delta, Row::Cvd, Row::Trades};

QString row_name(Row r) {
    switch (r) {
        case Row::Volume: return QStringLiteral("Volume");
        case Row::Delta: return QStringLiteral("Delta");
        case Row::MaxDelta: return QStringLiteral("Max Δ");
        case Row::MinDelta: return QStringLiteral("Min Δ");
        case Row::DeltaChange: return QStringLiteral("Δ change");
        case Row::Cvd: return QStringLiteral("CVD");
        case Row::Trades: return QStringLiteral("Trades");
    }
    return {};
}
std::span<const Row> rows_of(bool delta_rows) {
    return delta_rows ? std::span<const Row>(kAllRows) : std::span<const Row>(kBaseRows);
}
}  // namespace

// Draws every visible bar's numbers in one pass (one plottable, not one item per number).
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
        return {0, static_cast<double>(pane_->row_count())};
    }

    // The text of one row for one bar ("—" where the bar cannot know it).
    static QString text(Row row, std::span<const Bar> bars, std::size_t i) {
        const Bar& b = bars[i];
        const BarDeltaStats s = bar_delta_stats(bars, i);
        auto or_dash = [](const std::optional<Quantity>& q) { return q ? compact_number(to_double(*q)) : QStringLiteral("—"); };
        switch (row) {
            case Row::Volume: return compact_number(to_double(b.volume));
            case Row::Delta: return compact_number(to_double(b.delta()));
            case Row::MaxDelta: return or_dash(s.max_delta);
            case Row::MinDelta: return or_dash(s.min_delta);
            case Row::DeltaChange: return or_dash(s.delta_change);
            case Row::Cvd: return compact_number(to_double(b.cvd));
            case Row::Trades: return QString::number(b.trades);
        }
        return {};
    }

protected:
    void drawLegendIcon(QCPPainter*, const QRectF&) const override {}
    void draw(QCPPainter* p) override {
        const ChartBars* chart = pane_->bars();
        if (!chart || chart->bars.empty()) return;
        const Theme& theme = pane_->theme();
        const QCPAxis* key = mKeyAxis.data();
        const QCPAxis* value = mValueAxis.data();
        const std::span<const Bar> bars = chart->bars;
        const int n = static_cast<int>(bars.size());
        const int first = std::clamp(static_cast<int>(std::floor(key->range().lower)), 0, n - 1);
        const int last = std::clamp(static_cast<int>(std::ceil(key->range().upper)), 0, n - 1);
        double max_volume = 0, max_delta = 0, max_change = 0;
        for (int i = first; i <= last; ++i) {
            const Bar& b = bars[static_cast<std::size_t>(i)];
            max_volume = std::max(max_volume, to_double(b.volume));
            max_delta = std::max(max_delta, std::fabs(to_double(b.delta())));
            if (const auto c = bar_delta_stats(bars, static_cast<std::size_t>(i)).delta_change)
                max_change = std::max(max_change, std::fabs(to_double(*c)));
        }
        const double slot = std::fabs(key->coordToPixel(1) - key->coordToPixel(0));
        const bool text = slot >= 34;
        p->setFont(font_);
        p->setAntialiasing(false);
        auto shade = [](const QColor& c, double share) {
            return QColor(c.red(), c.green(), c.blue(), static_cast<int>(30 + 170 * std::clamp(share, 0.0, 1.0)));
        };
        const auto rows = rows_of(pane_->delta_rows());
        const int count = static_cast<int>(rows.size());
        // Numbers in the buy/sell colours as dark (light theme) or light as they must be to read.
        const QColor buy_text = legible_on(theme.buy, theme.background), sell_text = legible_on(theme.sell, theme.background);
        for (int i = first; i <= last; ++i) {
            const std::size_t index = static_cast<std::size_t>(i);
            const Bar& b = bars[index];
            const double x0 = key->coordToPixel(i - 0.46);
            const double x1 = key->coordToPixel(i + 0.46);
            const BarDeltaStats s = bar_delta_stats(bars, index);
            for (int r = 0; r < count; ++r) {
                const Row row = rows[static_cast<std::size_t>(r)];
                QColor fill = Qt::transparent, pen = theme.text;
                switch (row) {
                    case Row::Volume: fill = shade(theme.neutral_cell, to_double(b.volume) / std::max(max_volume, 1e-12)); break;
                    case Row::Delta: {
                        const double d = to_double(b.delta());
                        fill = shade(d >= 0 ? theme.buy : theme.sell, std::fabs(d) / std::max(max_delta, 1e-12));
                        break;
                    }
                    case Row::MaxDelta: pen = s.max_delta ? buy_text : theme.text_dim; break;
                    case Row::MinDelta: pen = s.min_delta ? sell_text : theme.text_dim; break;
                    case Row::DeltaChange:
                        if (s.delta_change) {
                            const double c = to_double(*s.delta_change);
                            fill = shade(c >= 0 ? theme.buy : theme.sell, 0.45 * std::fabs(c) / std::max(max_change, 1e-12));
                        } else {
                            pen = theme.text_dim;
                        }
                        break;
                    case Row::Cvd: pen = b.cvd >= Quantity{} ? buy_text : sell_text; break;
                    case Row::Trades: pen = theme.text_dim; break;
                }
                const double row_top = count - r;  // rows top to bottom: value count−r … count−r−1
                const double y0 = value->coordToPixel(row_top);
                const double y1 = value->coordToPixel(row_top - 1);
                const QRectF rect(QPointF(x0, y0 + 1), QPointF(x1, y1 - 1));
                if (fill.alpha() > 0) p->fillRect(rect, fill);
                if (!text) continue;
                p->setPen(pen);
                p->drawText(rect, Qt::AlignCenter, BarStatsRows::text(row, bars, index));
            }
        }
    }

private:
    const BarStatsPane* pane_;
    QFont font_;
};

BarStatsPane::BarStatsPane(QWidget* parent) : TimePane(parent) {
    rows_ = new BarStatsRows(xAxis, yAxis2, this);
    yAxis2->setTickLength(0, 0);
    yAxis2->grid()->setVisible(false);
    xAxis->grid()->setVisible(false);
    delta_rows_ = true;  // so that set_delta_rows(false) lays the rows out
    set_delta_rows(false);
    apply_theme(theme_);
}

void BarStatsPane::set_delta_rows(bool on) {
    if (on == delta_rows_) return;
    delta_rows_ = on;
    const auto rows = rows_of(on);
    const int count = static_cast<int>(rows.size());
    auto labels = QSharedPointer<QCPAxisTickerText>::create();
    for (int r = 0; r < count; ++r) labels->addTick(count - r - 0.5, row_name(rows[static_cast<std::size_t>(r)]));
    yAxis2->setTicker(labels);
    yAxis2->setRange(0, count);
    setFixedHeight(count * (on ? kCompactRowHeightPixels : kRowHeightPixels) + 2);
    replot(QCustomPlot::rpQueuedReplot);
}

QStringList BarStatsPane::row_names() const {
    QStringList names;
    for (Row r : rows_of(delta_rows_)) names << row_name(r);
    return names;
}

QString BarStatsPane::cell_text(int row, std::size_t bar) const {
    const auto rows = rows_of(delta_rows_);
    if (!bars_ || row < 0 || row >= static_cast<int>(rows.size()) || bar >= bars_->bars.size()) return {};
    return BarStatsRows::text(rows[static_cast<std::size_t>(row)], bars_->bars, bar);
}

void BarStatsPane::apply_theme(const Theme& theme) {
    TimePane::apply_theme(theme);
    yAxis2->setTickLabelColor(theme.text_dim);
}

}  // namespace flowscope::ui
