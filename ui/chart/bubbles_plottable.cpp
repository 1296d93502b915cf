#include "chart/bubbles_plottable.hpp"

#include <QPainter>
#include <initializer_list>
#include <cmath>

#include "chart/axis_map.hpp"
#include "chart/chart_studies.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

double BubblesPlottable::radius_for(double quote, double threshold) {
    if (!(threshold > 0)) return kMinRadius;
    return std::min(kMaxRadius, kMinRadius * std::sqrt(std::max(quote, 0.0) / threshold));
}

const QPixmap& BubblesPlottable::circle(Side side, double radius) {
    const Theme& t = theme();
    if (sprite_theme_ != t.name || texts_.size() > 2048) {
        circles_.clear();
        texts_.clear();
        sprite_theme_ = t.name;
    }
    const int quarters = static_cast<int>(std::lround(radius * 4));
    auto [it, fresh] = circles_.try_emplace({side == Side::Buy ? 0 : 1, quarters});
    if (!fresh) return it->second;
    const double r = quarters / 4.0;
    const int half = static_cast<int>(std::ceil(r)) + 1;
    QImage image(2 * half, 2 * half, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = side == Side::Buy ? t.buy : t.sell;
    QColor fill = colour;
    fill.setAlpha(kFillAlpha);
    p.setPen(QPen(colour.darker(t.name == QLatin1String("light") ? 130 : 80), 1));
    p.setBrush(fill);
    p.drawEllipse(QPointF(half, half), r, r);
    p.end();
    it->second = QPixmap::fromImage(image);
    return it->second;
}

const QPixmap& BubblesPlottable::size_text(Side side, const QString& text) {
    auto [it, fresh] = texts_.try_emplace({side == Side::Buy ? 0 : 1, text});
    if (!fresh) return it->second;
    const Theme& t = theme();
    const QRgb ink = readable_text_on(composite(t.background, side == Side::Buy ? t.buy : t.sell, kFillAlpha));
    const QRgb halo = ink == qRgb(255, 255, 255) ? qRgb(0, 0, 0) : qRgb(255, 255, 255);
    // Bold: full-strength strokes at 10 px read on any fill.
    QFont bold = font_;
    bold.setBold(true);
    const QFontMetricsF metrics(bold);
    const QSize size(static_cast<int>(std::ceil(metrics.horizontalAdvance(text))) + 4, static_cast<int>(std::ceil(metrics.height())) + 2);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setFont(bold);
    const QRectF box(0, 0, size.width(), size.height());
    QColor h(halo);
    h.setAlpha(170);
    p.setPen(h);
    for (const QPointF d : {QPointF(-1, 0), QPointF(1, 0), QPointF(0, -1), QPointF(0, 1)}) p.drawText(box.translated(d), Qt::AlignCenter, text);
    p.setPen(QColor(ink));
    p.drawText(box, Qt::AlignCenter, text);
    p.end();
    it->second = QPixmap::fromImage(image);
    return it->second;
}

void BubblesPlottable::draw(QCPPainter* p) {
    labels_.clear();
    drawn_.clear();
    const ChartBars& chart = studies_->bars();
    const BarRange shown = visible_bars(mKeyAxis->range().lower, mKeyAxis->range().upper, chart.bars.size());
    if (shown.last < shown.first) return;
    const Theme& t = theme();
    const QRect rect = mKeyAxis->axisRect()->rect();
    const AxisMap keys(mKeyAxis.data()), values(mValueAxis.data());
    const std::int64_t threshold = std::max(studies_->options().big_trade_quote, kBigPrintFloorQuote);
    const Key key{studies_->cache().stamp(), shown.first, shown.last, threshold};
    if (!(key == key_)) {
        key_ = key;
        auto trades = big_trades(chart.bars, shown.first, shown.last, Quantity{static_cast<int128>(threshold) * kDecimalScale});
        in_view_ = trades.size();
        auto larger = [](const BigTrade& a, const BigTrade& b) { return a.print.notional > b.print.notional; };
        if (trades.size() > kMaxBubbles) {
            std::ranges::nth_element(trades, trades.begin() + kMaxBubbles, larger);
            trades.resize(kMaxBubbles);
        }
        std::ranges::stable_sort(trades, larger);  // the largest drawn first, under the smaller
        // What does not depend on the axes: the radius and the size written (when it fits).
        QFont bold = font_;
        bold.setBold(true);
        const QFontMetricsF metrics(bold);
        chosen_.clear();
        for (const BigTrade& b : trades) {
            const double r = radius_for(to_double(b.print.quote_value()), static_cast<double>(threshold));
            QString text;
            if (2 * r - 1 >= metrics.height()) {
                text = compact_number(to_double(b.print.quantity));
                if (metrics.horizontalAdvance(text) > 2 * r - 3) text.clear();
            }
            chosen_.push_back({b, r, text});
        }
    }
    QVector<QLineF> ranges[2];  // buy, sell
    for (const Chosen& c : chosen_) {
        const BigTrade& b = c.trade;
        const Bar& bar = chart.bars[static_cast<std::size_t>(b.bar)];
        // Its time inside the bar's slot: time bars by their duration, others between their first and last trades.
        double at = 0.5;
        if (chart.spec.kind == BarKind::Time && chart.spec.duration_us > 0)
            at = static_cast<double>(b.print.time_us - bar.open_time_us) / static_cast<double>(chart.spec.duration_us);
        else if (bar.last_trade_time_us > bar.first_trade_time_us)
            at = static_cast<double>(b.print.time_us - bar.first_trade_time_us) /
                 static_cast<double>(bar.last_trade_time_us - bar.first_trade_time_us);
        const QPointF centre(keys(b.bar - 0.5 + std::clamp(at, 0.0, 1.0)), values(to_double(b.print.vwap())));
        if (centre.y() + c.radius < rect.top() || centre.y() - c.radius > rect.bottom()) continue;
        drawn_.push_back({b, centre, c.radius, c.text});
        if (b.print.high > b.print.low)
            ranges[b.print.side == Side::Buy ? 0 : 1].append(
                QLineF(centre.x(), values(to_double(b.print.high)), centre.x(), values(to_double(b.print.low))));
    }
    p->setAntialiasing(false);
    p->setPen(QPen(t.buy, 1));
    p->drawLines(ranges[0]);
    p->setPen(QPen(t.sell, 1));
    p->drawLines(ranges[1]);
    for (const Drawn& d : drawn_) {
        const QPixmap& c = circle(d.trade.print.side, d.radius);
        const double half = c.width() / 2.0;
        p->drawPixmap(QPointF(std::round(d.centre.x() - half), std::round(d.centre.y() - half)), c);
    }
    // Sizes after every circle, so that no bubble covers another's; the larger bubble's size where
    // two would overlap.
    for (Drawn& d : drawn_) {
        if (d.text.isEmpty()) continue;
        const QPixmap& s = size_text(d.trade.print.side, d.text);
        const QRectF box(QPointF(std::round(d.centre.x() - s.width() / 2.0), std::round(d.centre.y() - s.height() / 2.0)), QSizeF(s.size()));
        if (std::ranges::any_of(labels_, [&](const Label& l) { return l.rect.intersects(box); })) {
            d.text.clear();
            continue;
        }
        p->drawPixmap(box.topLeft(), s);
        labels_.push_back({d.text, box});
    }
    if (in_view_ > chosen_.size())
        draw_label(p, QStringLiteral("Largest %1 of %2 big trades ≥ %3 in view").arg(chosen_.size()).arg(in_view_).arg(quote_threshold_text(threshold)),
                   {rect.center().x() + 0.0, rect.bottom() - 2.0}, Qt::AlignHCenter | Qt::AlignBottom, t.text_dim);
}

}  // namespace flowscope::ui
