#include "footprint_plottable.hpp"

#include <algorithm>
#include <cmath>

#include "aggregate/footprint_analysis.hpp"
#include "quantity_text.hpp"

namespace flowscope::ui {

namespace {
QColor with_alpha(QColor c, int alpha) {
    c.setAlpha(std::clamp(alpha, 0, 255));
    return c;
}
// Cells snap to whole pixels: crisp edges, and integer rectangles are the raster engine's fastest fill.
void fill(QPainter* p, const QRectF& r, const QColor& colour) {
    const QRect pixels(QPoint(static_cast<int>(std::lround(r.left())), static_cast<int>(std::lround(r.top()))),
                       QPoint(static_cast<int>(std::lround(r.right())) - 1, static_cast<int>(std::lround(r.bottom())) - 1));
    if (pixels.isValid()) p->fillRect(pixels, colour);
}
// The colour `top` at `alpha` over the plot background, as an opaque colour: opaque fills take
// the raster engine's fast path, which is most of a full-screen repaint.
QColor over(const QColor& base, const QColor& top, int alpha) {
    const double a = std::clamp(alpha, 0, 255) / 255.0;
    auto mix = [a](int b, int t) { return static_cast<int>(b + (t - b) * a + 0.5); };
    return QColor(mix(base.red(), top.red()), mix(base.green(), top.green()), mix(base.blue(), top.blue()));
}
// How far a stacked-imbalance zone reaches to the right when price never returns to it.
constexpr int kZoneReachBars = 40;
}  // namespace

FootprintPlottable::FootprintPlottable(QCPAxis* key_axis, QCPAxis* value_axis)
    : QCPAbstractPlottable(key_axis, value_axis) {
    setSelectable(QCP::stNone);
    setAntialiasedFill(false);
    cell_font_ = QFont(QStringLiteral("DejaVu Sans"));
    cell_font_.setPixelSize(10);
    cell_font_.setStyleHint(QFont::SansSerif);
}

FootprintPlottable::SlotLayout FootprintPlottable::slot_layout(FootprintDetail detail) {
    if (detail == FootprintDetail::Candles) return {-0.32, 0.32, 0, 0};
    return {-0.46, -0.38, -0.34, 0.46};
}

double FootprintPlottable::selectTest(const QPointF&, bool, QVariant*) const { return -1; }

QCPRange FootprintPlottable::getKeyRange(bool& found, QCP::SignDomain) const {
    found = bars_ && !bars_->bars.empty();
    if (!found) return {};
    return {-0.5, static_cast<double>(bars_->bars.size()) - 0.5};
}

QCPRange FootprintPlottable::getValueRange(bool& found, QCP::SignDomain, const QCPRange& key_range) const {
    found = false;
    if (!bars_ || bars_->bars.empty()) return {};
    const bool all = key_range == QCPRange();
    const int n = static_cast<int>(bars_->bars.size());
    const int first = all ? 0 : std::clamp(static_cast<int>(std::ceil(key_range.lower - 0.5)), 0, n - 1);
    const int last = all ? n - 1 : std::clamp(static_cast<int>(std::floor(key_range.upper + 0.5)), 0, n - 1);
    double low = 0, high = 0;
    for (int i = first; i <= last; ++i) {
        const Bar& b = bars_->bars[static_cast<std::size_t>(i)];
        if (b.trades == 0) continue;
        const double lo = bars_->price_of_bucket(b.footprint.lowest_bucket());
        const double hi = bars_->price_of_bucket(b.footprint.highest_bucket() + 1);
        low = found ? std::min(low, lo) : lo;
        high = found ? std::max(high, hi) : hi;
        found = true;
    }
    return {low, high};
}

FootprintDetail FootprintPlottable::choose_detail(double slot_pixels, double level_pixels,
                                                  const QFontMetricsF& metrics) const {
    if (slot_pixels < kMinCellBarPixels || level_pixels < 1.5) return FootprintDetail::Candles;
    const SlotLayout s = slot_layout(FootprintDetail::Cells);
    const double cell_pixels = (s.cells_right - s.cells_left) * slot_pixels;
    const double number = metrics.horizontalAdvance(QStringLiteral("88.88"));
    const double needed = options_.mode == FootprintMode::BidAsk ? 2 * number + metrics.horizontalAdvance('x') + 8
                                                                 : number + 6;
    if (level_pixels >= kMinTextHeightPixels && cell_pixels >= needed) return FootprintDetail::Numbers;
    return FootprintDetail::Cells;
}

QRectF FootprintPlottable::cell_rect(int index, std::int64_t bucket, double left, double right) const {
    const QCPAxis* key = mKeyAxis.data();
    const QCPAxis* value = mValueAxis.data();
    const double x0 = key->coordToPixel(index + left);
    const double x1 = key->coordToPixel(index + right);
    const double y0 = value->coordToPixel(bars_->price_of_bucket(bucket + 1));
    const double y1 = value->coordToPixel(bars_->price_of_bucket(bucket));
    return QRectF(QPointF(std::min(x0, x1), std::min(y0, y1)), QPointF(std::max(x0, x1), std::max(y0, y1)));
}

void FootprintPlottable::draw(QCPPainter* painter) {
    if (!bars_ || bars_->bars.empty() || !mKeyAxis || !mValueAxis) return;
    const QCPAxis* key = mKeyAxis.data();
    const QCPAxis* value = mValueAxis.data();
    const int n = static_cast<int>(bars_->bars.size());
    const int first = std::clamp(static_cast<int>(std::floor(key->range().lower)), 0, n - 1);
    const int last = std::clamp(static_cast<int>(std::ceil(key->range().upper)), 0, n - 1);
    if (key->range().upper < -0.5 || key->range().lower > n - 0.5) return;

    const double slot_pixels = std::fabs(key->coordToPixel(1) - key->coordToPixel(0));
    const double level_pixels = std::fabs(value->coordToPixel(bars_->bucket_price()) - value->coordToPixel(0));
    painter->setFont(cell_font_);
    const FootprintDetail detail = choose_detail(slot_pixels, level_pixels, QFontMetricsF(cell_font_));
    last_detail_ = detail;

    const double bucket = bars_->bucket_price();
    const auto low_bucket = static_cast<std::int64_t>(std::floor(value->range().lower / bucket)) - 1;
    const auto high_bucket = static_cast<std::int64_t>(std::ceil(value->range().upper / bucket)) + 1;

    painter->setAntialiasing(false);
    if (detail != FootprintDetail::Candles && options_.show_stacked_zones)
        draw_stacked_zones(painter, first, last, detail);
    for (int i = first; i <= last; ++i) {
        const Bar& bar = bars_->bars[static_cast<std::size_t>(i)];
        if (bar.trades == 0) continue;
        if (detail != FootprintDetail::Candles) draw_bar_cells(painter, bar, i, detail, low_bucket, high_bucket);
        draw_candle(painter, bar, i, detail);
    }
}

void FootprintPlottable::draw_stacked_zones(QCPPainter* p, int first, int last, FootprintDetail detail) {
    const SlotLayout s = slot_layout(detail);
    const int n = static_cast<int>(bars_->bars.size());
    p->setPen(Qt::NoPen);
    // Zones from bars just left of the view can still reach into it.
    for (int i = std::max(0, first - kZoneReachBars); i <= last; ++i) {
        const Bar& bar = bars_->bars[static_cast<std::size_t>(i)];
        for (const StackedImbalance& zone : stacked_imbalances(bar.footprint, options_.imbalance)) {
            const double bottom = bars_->price_of_bucket(zone.low);
            const double top = bars_->price_of_bucket(zone.high + 1);
            // The zone lasts until a later bar trades back into it.
            int end = std::min(n - 1, i + kZoneReachBars);
            for (int j = i + 1; j <= end; ++j) {
                const Bar& later = bars_->bars[static_cast<std::size_t>(j)];
                if (to_double(later.low) < top && to_double(later.high) >= bottom) {
                    end = j;
                    break;
                }
            }
            const QColor colour = zone.side == Side::Buy ? theme_.buy : theme_.sell;
            const QRectF band = cell_rect(i, zone.low, s.cells_right, end - i + s.cells_left - 0.04)
                                    .united(cell_rect(i, zone.high, s.cells_right, end - i + s.cells_left - 0.04));
            p->setBrush(with_alpha(colour, 40));
            p->drawRect(band);
            // A bracket on the bar itself marks where the stack sits.
            const QRectF bracket = cell_rect(i, zone.low, s.cells_right - 0.035, s.cells_right)
                                       .united(cell_rect(i, zone.high, s.cells_right - 0.035, s.cells_right));
            p->setBrush(colour);
            p->drawRect(bracket);
        }
    }
}

void FootprintPlottable::draw_bar_cells(QCPPainter* p, const Bar& bar, int index, FootprintDetail detail,
                                        std::int64_t low_bucket, std::int64_t high_bucket) {
    const Footprint& fp = bar.footprint;
    if (fp.empty()) return;
    const SlotLayout s = slot_layout(detail);
    const std::int64_t lo = std::max(fp.lowest_bucket(), low_bucket);
    const std::int64_t hi = std::min(fp.highest_bucket(), high_bucket);
    if (lo > hi) return;

    double max_total = 0, max_delta = 0;
    for (std::int64_t b = fp.lowest_bucket(); b <= fp.highest_bucket(); ++b) {
        max_total = std::max(max_total, to_double(fp.at(b).total()));
        max_delta = std::max(max_delta, std::fabs(to_double(fp.at(b).delta())));
    }
    if (max_total <= 0) return;
    const bool numbers = detail == FootprintDetail::Numbers;
    const FootprintMode mode = options_.mode;
    const auto poc = point_of_control(fp);

    p->setPen(Qt::NoPen);
    QFont bold = cell_font_;
    bold.setBold(true);
    for (std::int64_t b = lo; b <= hi; ++b) {
        const FootprintCell& cell = fp.at(b);
        QRectF r = cell_rect(index, b, s.cells_left, s.cells_right);
        if (r.height() > 6) r.adjust(0, 0.5, 0, -0.5);  // a hairline between levels
        const double total = to_double(cell.total());
        const double delta = to_double(cell.delta());

        if (mode == FootprintMode::Profile) {
            fill(p, r, over(theme_.background, theme_.neutral_cell, 28));
            const double width = r.width() * total / max_total;
            const double sell_width = total > 0 ? width * to_double(cell.bid) / total : 0;
            fill(p, QRectF(r.left(), r.top(), sell_width, r.height()), over(theme_.background, theme_.sell, 190));
            fill(p, QRectF(r.left() + sell_width, r.top(), width - sell_width, r.height()), over(theme_.background, theme_.buy, 190));
        } else if (!cell.empty()) {
            const bool by_delta = options_.shading == CellShading::Delta || mode == FootprintMode::Delta;
            const QColor shade = by_delta ? over(theme_.background, delta >= 0 ? theme_.buy : theme_.sell,
                                                 25 + static_cast<int>(170 * std::fabs(delta) / std::max(max_delta, 1e-12)))
                                          : over(theme_.background, theme_.neutral_cell, 30 + static_cast<int>(190 * total / max_total));
            fill(p, r, shade);
        }

        const auto imbalance = static_cast<std::uint8_t>(level_imbalance(fp, b, options_.imbalance));
        const bool buy_imbalance = (imbalance & static_cast<std::uint8_t>(LevelImbalance::Buy)) != 0;
        const bool sell_imbalance = (imbalance & static_cast<std::uint8_t>(LevelImbalance::Sell)) != 0;
        const double half = r.width() / 2;
        const bool tint_halves = numbers && mode == FootprintMode::BidAsk;
        // Buy imbalances are on the ask (right) side, sell imbalances on the bid (left) side.
        if (buy_imbalance) {
            fill(p, tint_halves ? QRectF(r.left() + half, r.top(), half, r.height())
                                : QRectF(r.right() - std::max(3.0, r.width() * 0.12), r.top(), std::max(3.0, r.width() * 0.12), r.height()),
                 tint_halves ? over(theme_.background, theme_.buy, 150) : theme_.buy);
        }
        if (sell_imbalance) {
            fill(p, tint_halves ? QRectF(r.left(), r.top(), half, r.height())
                                : QRectF(r.left(), r.top(), std::max(3.0, r.width() * 0.12), r.height()),
                 tint_halves ? over(theme_.background, theme_.sell, 150) : theme_.sell);
        }

        if (!numbers) continue;
        auto text_pen = [&](Quantity q, QColor strong) {
            p->setPen(q.is_zero() ? theme_.text_dim : strong);
        };
        const QRectF text_rect = r.adjusted(3, 0, -3, 0);
        switch (mode) {
        case FootprintMode::BidAsk: {
            const QRectF left(text_rect.left(), r.top(), half - 8, r.height());
            const QRectF right(r.left() + half + 5, r.top(), half - 8, r.height());
            p->setFont(sell_imbalance ? bold : cell_font_);
            text_pen(cell.bid, sell_imbalance ? QColor(Qt::white) : theme_.text);
            p->drawText(left, Qt::AlignRight | Qt::AlignVCenter, compact_number(to_double(cell.bid)));
            p->setFont(buy_imbalance ? bold : cell_font_);
            text_pen(cell.ask, buy_imbalance ? QColor(Qt::white) : theme_.text);
            p->drawText(right, Qt::AlignLeft | Qt::AlignVCenter, compact_number(to_double(cell.ask)));
            p->setFont(cell_font_);
            p->setPen(theme_.text_dim);
            p->drawText(QRectF(r.left() + half - 4, r.top(), 8, r.height()), Qt::AlignCenter, QStringLiteral("x"));
            break;
        }
        case FootprintMode::Delta:
            text_pen(cell.delta(), theme_.text);
            p->drawText(text_rect, Qt::AlignCenter, compact_number(delta));
            break;
        case FootprintMode::Volume:
        case FootprintMode::Profile:
            text_pen(cell.total(), theme_.text);
            p->drawText(text_rect, mode == FootprintMode::Volume ? Qt::AlignCenter : Qt::AlignRight | Qt::AlignVCenter,
                        compact_number(total));
            break;
        }
        p->setPen(Qt::NoPen);
    }

    if (poc && *poc >= lo && *poc <= hi) {
        const QRectF r = cell_rect(index, *poc, s.cells_left, s.cells_right);
        p->setBrush(Qt::NoBrush);
        p->setPen(QPen(theme_.poc, numbers ? 2.0 : 1.5));
        p->drawRect(r.adjusted(1, 1, -1, -1));
        p->setPen(Qt::NoPen);
    }
}

void FootprintPlottable::draw_candle(QCPPainter* p, const Bar& bar, int index, FootprintDetail detail) {
    const QCPAxis* key = mKeyAxis.data();
    const QCPAxis* value = mValueAxis.data();
    const SlotLayout s = slot_layout(detail);
    const bool up = bar.close >= bar.open;
    const QColor colour = up ? theme_.buy : theme_.sell;
    double x0 = key->coordToPixel(index + s.candle_left);
    double x1 = key->coordToPixel(index + s.candle_right);
    if (x1 - x0 < 1) x1 = x0 + 1;
    const double centre = std::round((x0 + x1) / 2);
    const double y_high = value->coordToPixel(to_double(bar.high));
    const double y_low = value->coordToPixel(to_double(bar.low));
    const double y_open = value->coordToPixel(to_double(bar.open));
    const double y_close = value->coordToPixel(to_double(bar.close));
    p->setPen(QPen(colour, 1));
    p->drawLine(QPointF(centre, y_high), QPointF(centre, y_low));
    p->setPen(Qt::NoPen);
    p->setBrush(colour);
    const double top = std::min(y_open, y_close);
    const double height = std::max(1.0, std::fabs(y_open - y_close));
    p->drawRect(QRectF(std::round(x0), top, std::max(1.0, std::round(x1) - std::round(x0)), height));
}

void FootprintPlottable::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    painter->setPen(Qt::NoPen);
    painter->setBrush(theme_.neutral_cell);
    painter->drawRect(rect);
}

}  // namespace flowscope::ui
