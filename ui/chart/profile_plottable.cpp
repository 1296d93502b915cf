#include "chart/profile_plottable.hpp"

#include <cmath>

#include "chart/axis_map.hpp"
#include "chart/chart_studies.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

namespace {
// Rows inside the value area are drawn stronger than the rest; both let the cells show through.
constexpr int kValueAreaAlpha = 165, kOutsideAlpha = 80;
}  // namespace

ProfilePlottable::ProfilePlottable(QCPAxis* key, QCPAxis* value, ChartStudies* studies, Kind kind)
    : StudyPlottable(key, value, studies), kind_(kind) {}

const VolumeProfile* ProfilePlottable::profile_to_draw(int& first, int& last) {
    const ChartBars& chart = studies_->bars();
    const BarRange shown = visible_bars(mKeyAxis->range().lower, mKeyAxis->range().upper, chart.bars.size());
    switch (kind_) {
        case Kind::Session: {
            if (shown.last < shown.first) return nullptr;
            const VolumeProfile& p = studies_->cache().session_profile(chart, shown.last);
            first = p.first;
            last = p.last;
            return &p;
        }
        case Kind::Visible:
            if (shown.last < shown.first) return nullptr;
            first = shown.first;
            last = shown.last;
            return &studies_->cache().range_profile(chart, 0, first, last);
        case Kind::Fixed: {
            const auto range = studies_->fixed_range();
            if (!range) return nullptr;
            first = std::max(range->first, 0);
            last = std::min(range->second, static_cast<int>(chart.bars.size()) - 1);
            if (last < first) return nullptr;
            return &studies_->cache().range_profile(chart, 1, first, last);
        }
    }
    return nullptr;
}

void ProfilePlottable::draw(QCPPainter* p) {
    labels_.clear();
    drawn_ = {};
    const ChartBars& chart = studies_->bars();
    if (chart.bars.empty()) return;
    int first = 0, last = -1;
    const VolumeProfile* profile = profile_to_draw(first, last);
    if (!profile || !profile->value_area) return;
    drawn_.profile = profile;
    const Theme& t = theme();
    const QRect rect = mKeyAxis->axisRect()->rect();
    const AxisMap keys(mKeyAxis.data()), values(mValueAxis.data());
    const std::int64_t units = profile->bucket_units;
    auto y_of = [&](std::int64_t bucket) { return values(to_double(Price{bucket * units})); };  // a bucket's lower edge

    // Where the rows start (edge) and which way they grow (+1 right, −1 left).
    double edge = 0, width = 0;
    int dir = 1;
    const double share = std::min(rect.width() * kWidthShare, kMaxWidthPixels);
    switch (kind_) {
        case Kind::Session:
            edge = rect.right() + 1;
            width = share;
            dir = -1;
            break;
        case Kind::Visible:
            edge = rect.left();
            width = share;
            break;
        case Kind::Fixed:
            edge = keys(first - 0.5);
            width = std::clamp(keys(last + 0.5) - edge, 60.0, std::max(60.0, rect.width() * 0.3));
            break;
    }
    Quantity top;
    profile->levels.for_each_level([&](const FootprintCell& c) { top = std::max(top, c.total()); });
    if (top.is_zero()) return;
    const ValueArea& va = *profile->value_area;
    const double top_volume = to_double(top);

    p->setAntialiasing(false);
    if (kind_ == Kind::Fixed) {
        // The range it covers: its bars, over the prices they traded.
        const double x0 = keys(first - 0.5), x1 = keys(last + 0.5);
        const double y0 = y_of(profile->levels.highest_bucket() + 1), y1 = y_of(profile->levels.lowest_bucket());
        QColor fill = t.crosshair;
        fill.setAlpha(18);
        p->setPen(QPen(t.crosshair, 1, Qt::DashLine));
        p->setBrush(fill);
        p->drawRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)));
    }
    profile->levels.for_each_level([&](const FootprintCell& c) {
        const double y_top = y_of(c.bucket + 1), y_bottom = y_of(c.bucket);
        if (y_bottom < rect.top() || y_top > rect.bottom()) return;
        const double h = y_bottom - y_top;
        const double top_px = std::round(y_top);
        const double bottom_px = std::max(top_px + 1, std::round(y_bottom) - (h >= 4 ? 1 : 0));
        const double length = width * to_double(c.total()) / top_volume;
        const double sells = c.total().is_zero() ? 0 : length * to_double(c.bid) / to_double(c.total());
        const bool inside = c.bucket >= va.low && c.bucket <= va.high;
        QColor sell = t.sell, buy = t.buy;
        sell.setAlpha(inside ? kValueAreaAlpha : kOutsideAlpha);
        buy.setAlpha(inside ? kValueAreaAlpha : kOutsideAlpha);
        auto span = [&](double from, double to) {
            const double a = edge + dir * from, b = edge + dir * to;
            return QRectF(QPointF(std::round(std::min(a, b)), top_px), QPointF(std::round(std::max(a, b)), bottom_px));
        };
        if (sells > 0) p->fillRect(span(0, sells), sell);
        if (length > sells) p->fillRect(span(sells, length), buy);
        drawn_.rows.emplace_back(c.bucket, span(0, std::max(length, 1.0)));
    });

    // POC at its row's middle; VAH at the top of the value area's highest row, VAL at the bottom
    // of its lowest.
    drawn_.poc_y = (y_of(va.poc) + y_of(va.poc + 1)) / 2;
    drawn_.vah_y = y_of(va.high + 1);
    drawn_.val_y = y_of(va.low);
    const double far = edge + dir * width;
    p->setAntialiasing(true);
    p->setPen(QPen(t.poc, 2));
    p->drawLine(QPointF(edge, drawn_.poc_y), QPointF(far, drawn_.poc_y));
    p->setPen(QPen(t.text_dim, 1, Qt::DashLine));
    p->drawLine(QPointF(edge, drawn_.vah_y), QPointF(far, drawn_.vah_y));
    p->drawLine(QPointF(edge, drawn_.val_y), QPointF(far, drawn_.val_y));

    // Prices at the histogram's far side, where the rows are shortest; VAH/VAL only where they
    // do not sit on the POC's label.
    const Qt::Alignment side = dir < 0 ? Qt::AlignLeft : Qt::AlignRight;
    const double label_x = far - dir * 2;
    const QFontMetricsF metrics(font_);
    const double clear = metrics.height() + 3;
    auto in_view = [&](double y) { return y >= rect.top() + clear / 2 && y <= rect.bottom() - clear / 2; };
    const QString price_of = QStringLiteral("%1 %2");
    if (in_view(drawn_.poc_y))
        draw_label(p, price_of.arg(QStringLiteral("POC"), exact_text(Price{va.poc * units})), {label_x, drawn_.poc_y},
                   side | Qt::AlignVCenter, t.poc);
    if (in_view(drawn_.vah_y) && std::abs(drawn_.vah_y - drawn_.poc_y) >= clear)
        draw_label(p, price_of.arg(QStringLiteral("VAH"), exact_text(Price{va.high * units})), {label_x, drawn_.vah_y},
                   side | Qt::AlignVCenter, t.text);
    if (in_view(drawn_.val_y) && std::abs(drawn_.val_y - drawn_.poc_y) >= clear)
        draw_label(p, price_of.arg(QStringLiteral("VAL"), exact_text(Price{va.low * units})), {label_x, drawn_.val_y},
                   side | Qt::AlignVCenter, t.text);
    // What it is, under its column (a fixed range's above its box).
    QString title;
    switch (kind_) {
        case Kind::Session: title = QStringLiteral("Session"); break;
        case Kind::Visible: title = QStringLiteral("Visible range"); break;
        case Kind::Fixed:
            title = QStringLiteral("%1–%2").arg(time_text(chart.bars[static_cast<std::size_t>(first)].open_time_us).left(5),
                                                 time_text(chart.bars[static_cast<std::size_t>(last)].open_time_us).left(5));
            break;
    }
    title += QStringLiteral(" · vol %1").arg(compact_number(to_double(profile->volume)));
    if (profile->bars_without_cells > 0) title += QStringLiteral(" · %1 bars without cells").arg(profile->bars_without_cells);
    if (kind_ == Kind::Fixed) {
        const double above = y_of(profile->levels.highest_bucket() + 1) - clear - 1;
        draw_label(p, title, {edge + 2, std::max<double>(rect.top() + 2, above)}, Qt::AlignLeft | Qt::AlignTop, t.text_dim);
    } else {
        // At the bottom: the pane's top corners hold its hint and the gap marks.
        draw_label(p, title, {label_x, rect.bottom() - 2.0}, side | Qt::AlignBottom, t.text_dim);
    }
}

}  // namespace flowscope::ui
