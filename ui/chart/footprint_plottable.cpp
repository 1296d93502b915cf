#include "chart/footprint_plottable.hpp"

#include <algorithm>
#include <cmath>

#include "aggregate/footprint_analysis.hpp"
#include "chart/aliased_pixels.hpp"
#include "chart/axis_map.hpp"
#include "chart/cell_text_painter.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

namespace {
QColor with_alpha(QColor c, int alpha) {
    c.setAlpha(std::clamp(alpha, 0, 255));
    return c;
}
// Cells snap to whole pixels: crisp edges, and integer rectangles are the raster engine's fastest fill.
QRect whole_pixels(const QRectF& r) {
    return QRect(QPoint(static_cast<int>(round_half_away(r.left())), static_cast<int>(round_half_away(r.top()))),
                 QPoint(static_cast<int>(round_half_away(r.right())) - 1, static_cast<int>(round_half_away(r.bottom())) - 1));
}
// Fills what drawRect(r) would cover, through the cheap whole-pixel path when that is certain.
void fill_aliased(QPainter* p, const QRectF& r, const QColor& colour) {
    if (const auto pixels = aliased_fill_pixels(r)) {
        if (pixels->isValid()) p->fillRect(*pixels, colour);
        return;
    }
    p->setPen(Qt::NoPen);
    p->setBrush(colour);
    p->drawRect(r);
}
// The colour `top` at `alpha` over the plot background, as an opaque colour: opaque fills take
// the raster engine's fast path, which is most of a full-screen repaint.
QRgb over(const QColor& base, const QColor& top, int alpha) {
    const double a = std::clamp(alpha, 0, 255) / 255.0;
    auto mix = [a](int b, int t) { return static_cast<int>(b + (t - b) * a + 0.5); };
    return qRgb(mix(base.red(), top.red()), mix(base.green(), top.green()), mix(base.blue(), top.blue()));
}
// Every shade of one colour over the background, worked out once per paint, not once per cell.
struct Shades {
    std::array<QRgb, 256> at;
    Shades(const QColor& base, const QColor& top) {
        for (int a = 0; a < 256; ++a) at[static_cast<std::size_t>(a)] = over(base, top, a);
    }
    QRgb operator[](int alpha) const { return at[static_cast<std::size_t>(std::clamp(alpha, 0, 255))]; }
};
// Relative luminance (WCAG) of an opaque colour, and the contrast ratio of two.
double luminance(QRgb c) {
    // Linear light of each 8-bit sRGB value, worked out once: a theme's text colours take ~10^5
    // contrasts.
    static const std::array<double, 256> linear = [] {
        std::array<double, 256> l{};
        for (std::size_t v = 0; v < l.size(); ++v) {
            const double s = static_cast<double>(v) / 255.0;
            l[v] = s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
        }
        return l;
    }();
    auto channel = [](int v) { return linear[static_cast<std::size_t>(v)]; };
    return 0.2126 * channel(qRed(c)) + 0.7152 * channel(qGreen(c)) + 0.0722 * channel(qBlue(c));
}
double contrast(QRgb a, QRgb b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
QRgb mix(QRgb from, QRgb to, double f) {
    auto m = [f](int a, int b) { return static_cast<int>(a + (b - a) * f + 0.5); };
    return qRgb(m(qRed(from), qRed(to)), m(qGreen(from), qGreen(to)), m(qBlue(from), qBlue(to)));
}
// The colour nearest `preferred` that reads at `ratio` against every background: `preferred`
// itself when it does, else mixed step by step towards white or black (whichever gets there
// first); the best of the two extremes when neither does.
QRgb readable_on(std::initializer_list<QRgb> backgrounds, QRgb preferred, double ratio) {
    auto worst = [&](QRgb c) {
        double w = 1e9;
        for (QRgb b : backgrounds) w = std::min(w, contrast(c, b));
        return w;
    };
    if (worst(preferred) >= ratio) return preferred;
    constexpr int kSteps = 32;
    for (int i = 1; i <= kSteps; ++i)
        for (QRgb extreme : {qRgb(255, 255, 255), qRgb(0, 0, 0)}) {
            const QRgb c = mix(preferred, extreme, static_cast<double>(i) / kSteps);
            if (worst(c) >= ratio) return c;
        }
    return worst(qRgb(255, 255, 255)) >= worst(qRgb(0, 0, 0)) ? qRgb(255, 255, 255) : qRgb(0, 0, 0);
}
// How far a stacked-imbalance zone reaches to the right when price never returns to it.
constexpr int kZoneReachBars = 40;
// Shades (alpha over the background): cells by volume from kVolumeShadeMin, an imbalance's half
// of a cell, the profile's rows and bars.
constexpr int kVolumeShadeMin = 30, kVolumeShadeRange = 190;
constexpr int kDeltaShadeMin = 25, kDeltaShadeRange = 170;
constexpr int kTintAlpha = 150;
constexpr int kProfileRowAlpha = 28, kProfileBarAlpha = 190;
// The value-area bracket (2 px wide, 1 px from the cells) needs this much room beside the candle.
constexpr double kValueAreaGapPixels = 4;
}  // namespace

// Everything one paint computes once: the axes' mappings, the layout and the colours.
struct FootprintPlottable::Frame {
    Frame(const QCPAxis* key, const QCPAxis* value, const Theme& theme, FootprintDetail detail)
        : keys(key), values(value), detail(detail), layout(slot_layout(detail)),
          neutral(theme.background, theme.neutral_cell), buy(theme.background, theme.buy),
          sell(theme.background, theme.sell) {}
    AxisMap keys, values;
    FootprintDetail detail;
    SlotLayout layout;
    Shades neutral, buy, sell;
    std::int64_t low_bucket = 0, high_bucket = 0;  // the visible price range, one bucket of margin
    QRect clip;
};

FootprintPlottable::FootprintPlottable(QCPAxis* key_axis, QCPAxis* value_axis)
    : QCPAbstractPlottable(key_axis, value_axis) {
    setSelectable(QCP::stNone);
    setAntialiasedFill(false);
    cell_font_ = QFont(QStringLiteral("DejaVu Sans"));
    cell_font_.setPixelSize(10);
    cell_font_.setStyleHint(QFont::SansSerif);
    hint_font_ = cell_font_;
    hint_font_.setPixelSize(12);
    text_ = std::make_unique<CellTextPainter>(cell_font_);
    set_theme(theme_);
}

FootprintPlottable::~FootprintPlottable() = default;

void FootprintPlottable::set_theme(const Theme& theme) {
    theme_ = theme;
    const QColor& bg = theme.background;
    const QRgb text = theme.text.rgb(), dim = theme.text_dim.rgb();
    auto fill = [&](TextShades& t, const QColor& top) {
        t.max_alpha = 255;
        for (int a = 0; a < 256; ++a) {
            const QRgb under = over(bg, top, a);
            t.strong[static_cast<std::size_t>(a)] = readable_on({under}, text, kTextContrastTarget);
            t.dim[static_cast<std::size_t>(a)] = readable_on({under}, dim, kTextContrastTarget);
            const bool reads = std::max(contrast(qRgb(255, 255, 255), under), contrast(qRgb(0, 0, 0), under)) >= kTextContrastTarget;
            if (!reads && t.max_alpha == 255) t.max_alpha = a - 1;
        }
        t.tint_alpha = std::min(kTintAlpha, t.max_alpha);
    };
    fill(on_neutral_, theme.neutral_cell);
    fill(on_buy_, theme.buy);
    fill(on_sell_, theme.sell);
    profile_alpha_ = std::min({kProfileBarAlpha, on_buy_.max_alpha, on_sell_.max_alpha});
    on_profile_ = readable_on({over(bg, theme.neutral_cell, kProfileRowAlpha), over(bg, theme.buy, profile_alpha_),
                               over(bg, theme.sell, profile_alpha_)},
                              text, kTextContrastTarget);
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
    if (!bars_) return {};
    return price_range(*bars_, key_range, found);
}

QCPRange FootprintPlottable::price_range(const ChartBars& chart, const QCPRange& key_range, bool& found) {
    found = false;
    if (chart.bars.empty()) return {};
    const bool all = key_range == QCPRange();
    const int n = static_cast<int>(chart.bars.size());
    const BarRange shown = visible_bars(key_range.lower, key_range.upper, chart.bars.size());
    const int first = all ? 0 : shown.first;
    const int last = all ? n - 1 : shown.last;
    double low = 0, high = 0;
    for (int i = first; i <= last; ++i) {
        const Bar& b = chart.bars[static_cast<std::size_t>(i)];
        if (b.trades == 0) continue;
        // A bar of totals (klines) has no cells: its candle's range.
        const bool cells = !b.footprint.empty();
        const double lo = cells ? chart.price_of_bucket(b.footprint.lowest_bucket()) : to_double(b.low.units);
        const double hi = cells ? chart.price_of_bucket(b.footprint.highest_bucket() + 1) : to_double(b.high.units);
        low = found ? std::min(low, lo) : lo;
        high = found ? std::max(high, hi) : hi;
        found = true;
    }
    return {low, high};
}

bool FootprintPlottable::numbers_fit_width(double slot_pixels, const QFontMetricsF& metrics) const {
    const SlotLayout s = slot_layout(FootprintDetail::Cells);
    const double cell_pixels = (s.cells_right - s.cells_left) * slot_pixels;
    const double number = metrics.horizontalAdvance(QStringLiteral("88.88"));
    const double needed = options_.mode == FootprintMode::BidAsk ? 2 * number + metrics.horizontalAdvance('x') + 8
                                                                 : number + 6;
    return cell_pixels >= needed;
}

FootprintDetail FootprintPlottable::choose_detail(double slot_pixels, double level_pixels,
                                                  const QFontMetricsF& metrics) const {
    if (slot_pixels < kMinCellBarPixels || level_pixels < 1.5) return FootprintDetail::Candles;
    if (level_pixels >= kMinTextHeightPixels && numbers_fit_width(slot_pixels, metrics)) return FootprintDetail::Numbers;
    return FootprintDetail::Cells;
}

const BarAnalysis& FootprintPlottable::analysis(int index) {
    return analysis_.get(static_cast<std::size_t>(index), bars_->bars[static_cast<std::size_t>(index)],
                         bars_->bucket_units, options_.imbalance);
}

QRectF FootprintPlottable::cell_rect(const Frame& f, int index, std::int64_t bucket, double left, double right) const {
    const double x0 = f.keys(index + left);
    const double x1 = f.keys(index + right);
    const double y0 = f.values(bars_->price_of_bucket(bucket + 1));
    const double y1 = f.values(bars_->price_of_bucket(bucket));
    return QRectF(QPointF(std::min(x0, x1), std::min(y0, y1)), QPointF(std::max(x0, x1), std::max(y0, y1)));
}

void FootprintPlottable::draw(QCPPainter* painter) {
    texts_.clear();
    hint_.clear();
    member_strips_drawn_.clear();
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

    Frame f(key, value, theme_, detail);
    const double bucket = bars_->bucket_price();
    // Buckets in view, kept far inside int64 whatever the axis holds.
    const auto bucket_at = [](double x) {
        constexpr double kBucketLimit = 1e15;
        return std::isfinite(x) ? static_cast<std::int64_t>(std::clamp(x, -kBucketLimit, kBucketLimit)) : std::int64_t{0};
    };
    f.low_bucket = bucket_at(std::floor(value->range().lower / bucket)) - 1;
    f.high_bucket = bucket_at(std::ceil(value->range().upper / bucket)) + 1;
    f.clip = clipRect();

    painter->setAntialiasing(false);
    if (detail != FootprintDetail::Candles && options_.show_stacked_zones) draw_stacked_zones(painter, f, first, last);
    bool cells_in_view = false;
    for (int i = first; i <= last; ++i) {
        const Bar& bar = bars_->bars[static_cast<std::size_t>(i)];
        if (bar.trades == 0) continue;
        cells_in_view = cells_in_view || (!bar.footprint.empty() && bar.footprint.lowest_bucket() <= f.high_bucket &&
                                          bar.footprint.highest_bucket() >= f.low_bucket);
        if (detail != FootprintDetail::Candles) gather_bar_cells(f, bar, i);
        gather_candle(f, bar, i);
    }
    draw_gathered(painter);

    if (detail == FootprintDetail::Numbers || !cells_in_view) return;
    // Why there are no numbers, and what gives them room.
    const QFontMetricsF metrics(cell_font_);
    const bool narrow = slot_pixels < kMinCellBarPixels || !numbers_fit_width(slot_pixels, metrics);
    const bool thin = level_pixels < kMinTextHeightPixels;
    const QString or_auto = auto_bucket_ ? QString() : QStringLiteral(", or pick Auto");
    if (narrow && thin)
        hint_ = QStringLiteral("Numbers need wider bars and taller rows: wheel and Ctrl+wheel to zoom in") + or_auto;
    else if (narrow)
        hint_ = QStringLiteral("Numbers need wider bars: wheel or + to zoom in on time");
    else
        hint_ = QStringLiteral("Numbers need taller rows: Ctrl+wheel to zoom the price") + or_auto;
    draw_hint(painter, f.clip);
}

void FootprintPlottable::draw_hint(QCPPainter* p, const QRect& clip) {
    const QFontMetrics metrics(hint_font_, p->device());
    const QRect text = metrics.boundingRect(hint_);
    const QRect box(clip.left() + 6, clip.top() + 6, text.width() + 12, metrics.height() + 6);
    QColor veil = theme_.panel;
    veil.setAlpha(235);
    p->setPen(QPen(theme_.axis, 1));
    p->setBrush(veil);
    p->drawRect(box);
    p->setFont(hint_font_);
    p->setPen(theme_.text);
    p->drawText(box, Qt::AlignCenter, hint_);
    p->setFont(cell_font_);
}

void FootprintPlottable::draw_stacked_zones(QCPPainter* p, const Frame& f, int first, int last) {
    const SlotLayout& s = f.layout;
    const int n = static_cast<int>(bars_->bars.size());
    p->setPen(Qt::NoPen);
    // Zones from bars just left of the view can still reach into it.
    for (int i = std::max(0, first - kZoneReachBars); i <= last; ++i) {
        const BarAnalysis& a = analysis(i);
        for (const StackedImbalance& zone : a.zones) {
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
            const QRectF band = cell_rect(f, i, zone.low, s.cells_right, end - i + s.cells_left - 0.04)
                                    .united(cell_rect(f, i, zone.high, s.cells_right, end - i + s.cells_left - 0.04));
            fill_aliased(p, band, with_alpha(colour, 40));
            // A bracket on the bar itself marks where the stack sits.
            const QRectF bracket = cell_rect(f, i, zone.low, s.cells_right - 0.035, s.cells_right)
                                       .united(cell_rect(f, i, zone.high, s.cells_right - 0.035, s.cells_right));
            fill_aliased(p, bracket, colour);
        }
    }
}

void FootprintPlottable::gather_bar_cells(const Frame& f, const Bar& bar, int index) {
    const Footprint& fp = bar.footprint;
    if (fp.empty()) return;
    const SlotLayout& s = f.layout;
    const std::int64_t lo = std::max(fp.lowest_bucket(), f.low_bucket);
    const std::int64_t hi = std::min(fp.highest_bucket(), f.high_bucket);
    if (lo > hi) return;
    const BarAnalysis& a = analysis(index);
    const double max_total = a.max_total;
    const double max_delta = a.max_delta;
    if (max_total <= 0) return;
    const bool numbers = f.detail == FootprintDetail::Numbers;
    const FootprintMode mode = options_.mode;
    const bool by_delta = options_.shading == CellShading::Delta || mode == FootprintMode::Delta;
    const bool tint_halves = numbers && mode == FootprintMode::BidAsk;

    // The bar's columns are the same for every level.
    const double x0 = f.keys(index + s.cells_left);
    const double x1 = f.keys(index + s.cells_right);
    const double left = std::min(x0, x1), right = std::max(x0, x1);
    // Profile mode shades every visible row, traded or not; there are at most the plot's height ÷
    // 1.5 px of them, as finer levels are drawn as candles. The other modes draw the traded levels only.
    rows_.clear();
    if (mode == FootprintMode::Profile) {
        for (std::int64_t b = lo; b <= hi; ++b) rows_.push_back(b);
    } else {
        const auto first = std::ranges::lower_bound(a.levels, lo);
        const auto last = std::ranges::upper_bound(a.levels, hi);
        rows_.assign(first, last);
    }
    for (const std::int64_t b : rows_) {
        const double y_lower = f.values(bars_->price_of_bucket(b));
        const double y_upper = f.values(bars_->price_of_bucket(b + 1));
        QRectF r(QPointF(left, std::min(y_upper, y_lower)), QPointF(right, std::max(y_upper, y_lower)));
        if (r.height() > 6) r.adjust(0, 0.5, 0, -0.5);  // a hairline between levels
        const FootprintCell& cell = fp.at(b);
        const double total = to_double(cell.total());
        const double delta = to_double(cell.delta());

        // The shade behind the cell's numbers, and the text colours that read on it.
        const TextShades* on = &on_neutral_;
        int alpha = kProfileRowAlpha;
        if (mode == FootprintMode::Profile) {
            cells_.add(whole_pixels(r), f.neutral[kProfileRowAlpha]);
            const double width = r.width() * total / max_total;
            const double sell_width = total > 0 ? width * to_double(cell.bid) / total : 0;
            profile_bars_.add(whole_pixels(QRectF(r.left(), r.top(), sell_width, r.height())), f.sell[profile_alpha_]);
            profile_bars_.add(whole_pixels(QRectF(r.left() + sell_width, r.top(), width - sell_width, r.height())),
                              f.buy[profile_alpha_]);
        } else if (!cell.empty()) {
            // The scale ends where numbers still read on the shade (a mid-tone green has no text
            // colour that reads at the target: the dark theme's delta shading stops short of it).
            if (by_delta) {
                on = delta >= 0 ? &on_buy_ : &on_sell_;
                const int range = std::clamp(on->max_alpha - kDeltaShadeMin, 0, kDeltaShadeRange);
                alpha = kDeltaShadeMin + static_cast<int>(range * std::fabs(delta) / std::max(max_delta, 1e-12));
                cells_.add(whole_pixels(r), (delta >= 0 ? f.buy : f.sell)[alpha]);
            } else {
                const int range = std::clamp(on->max_alpha - kVolumeShadeMin, 0, kVolumeShadeRange);
                alpha = kVolumeShadeMin + static_cast<int>(range * total / max_total);
                cells_.add(whole_pixels(r), f.neutral[alpha]);
            }
            if (exchange_split_ && members_source_ && !members_source_->members.empty()) {
                // Above the POC's outline, whose lower edge is the cell's foot.
                const double lift = a.poc && *a.poc == b ? (numbers ? 2 : 1) : 0;
                gather_member_strip(index, b, r.adjusted(0, 0, 0, -lift));
            }
        }
        alpha = std::clamp(alpha, 0, 255);
        const QRgb text = on->strong[static_cast<std::size_t>(alpha)];
        const QRgb text_dim = on->dim[static_cast<std::size_t>(alpha)];

        const auto imbalance = static_cast<std::uint8_t>(a.imbalance_at(b));
        const bool buy_imbalance = (imbalance & static_cast<std::uint8_t>(LevelImbalance::Buy)) != 0;
        const bool sell_imbalance = (imbalance & static_cast<std::uint8_t>(LevelImbalance::Sell)) != 0;
        const double half = r.width() / 2;
        const double mark = std::max(3.0, r.width() * 0.12);  // an imbalance's strip where halves are not tinted
        // Buy imbalances are on the ask (right) side, sell imbalances on the bid (left) side.
        if (buy_imbalance) {
            buy_marks_.add(whole_pixels(tint_halves ? QRectF(r.left() + half, r.top(), half, r.height())
                                                    : QRectF(r.right() - mark, r.top(), mark, r.height())),
                           tint_halves ? f.buy[on_buy_.tint_alpha] : theme_.buy.rgba());
        }
        if (sell_imbalance) {
            sell_marks_.add(whole_pixels(tint_halves ? QRectF(r.left(), r.top(), half, r.height())
                                                     : QRectF(r.left(), r.top(), mark, r.height())),
                            tint_halves ? f.sell[on_sell_.tint_alpha] : theme_.sell.rgba());
        }

        if (!numbers || cell.empty()) continue;  // no "0 x 0" on levels the bar passed without trading
        // Zeros are dimmer than volumes, and still read.
        auto pen = [](Quantity q, const TextShades& t, int a) {
            return (q.is_zero() ? t.dim : t.strong)[static_cast<std::size_t>(a)];
        };
        // Numbers stay off the imbalance strips (full buy/sell colour: nothing reads on all of them).
        const QRectF text_rect = tint_halves ? r.adjusted(3, 0, -3, 0)
                                             : r.adjusted(sell_imbalance ? mark + 2 : 3, 0, buy_imbalance ? -mark - 2 : -3, 0);
        switch (mode) {
        case FootprintMode::BidAsk: {
            const QRectF left_half(text_rect.left(), r.top(), half - 8, r.height());
            const QRectF right_half(r.left() + half + 5, r.top(), half - 8, r.height());
            texts_.push_back({left_half, Qt::AlignRight | Qt::AlignVCenter, compact_number(to_double(cell.bid)),
                              sell_imbalance ? pen(cell.bid, on_sell_, on_sell_.tint_alpha) : pen(cell.bid, *on, alpha), sell_imbalance});
            texts_.push_back({right_half, Qt::AlignLeft | Qt::AlignVCenter, compact_number(to_double(cell.ask)),
                              buy_imbalance ? pen(cell.ask, on_buy_, on_buy_.tint_alpha) : pen(cell.ask, *on, alpha), buy_imbalance});
            texts_.push_back({QRectF(r.left() + half - 4, r.top(), 8, r.height()), Qt::AlignCenter, QStringLiteral("x"),
                              text_dim, false});
            break;
        }
        case FootprintMode::Delta:
            texts_.push_back({text_rect, Qt::AlignCenter, compact_number(delta), cell.delta().is_zero() ? text_dim : text, false});
            break;
        case FootprintMode::Volume:
            texts_.push_back({text_rect, Qt::AlignCenter, compact_number(total), text, false});
            break;
        case FootprintMode::Profile:
            texts_.push_back({text_rect, Qt::AlignRight | Qt::AlignVCenter, compact_number(total), on_profile_, false});
            break;
        }
    }

    if (a.poc && *a.poc >= lo && *a.poc <= hi) {
        // The POC's outline as four filled edges inside the cell: a stroked rectangle went
        // through Qt's stroker (joins, atan2), a tenth of a full repaint.
        const QRect c = whole_pixels(cell_rect(f, index, *a.poc, s.cells_left, s.cells_right)).intersected(f.clip.adjusted(-4, -4, 4, 4));
        const int t = std::min({numbers ? 2 : 1, c.width() / 2, c.height() / 2});
        if (t > 0) {
            const QRgb poc = theme_.poc.rgb();
            poc_outlines_.add(QRect(c.left(), c.top(), c.width(), t), poc);
            poc_outlines_.add(QRect(c.left(), c.bottom() - t + 1, c.width(), t), poc);
            poc_outlines_.add(QRect(c.left(), c.top() + t, t, c.height() - 2 * t), poc);
            poc_outlines_.add(QRect(c.right() - t + 1, c.top() + t, t, c.height() - 2 * t), poc);
        }
    }
    // The value area: a bracket left of the cells from VAL to VAH, where the slot leaves room for it.
    if (a.value_area && a.value_area->low <= hi && a.value_area->high >= lo) {
        const double gap_left = std::max(f.keys(index + s.candle_right), f.keys(index + s.candle_left));
        const double cells_left = std::round(left);
        if (cells_left - gap_left >= kValueAreaGapPixels) {
            const double top = f.values(bars_->price_of_bucket(std::min(a.value_area->high, f.high_bucket) + 1));
            const double bottom = f.values(bars_->price_of_bucket(std::max(a.value_area->low, f.low_bucket)));
            const QRect bracket = whole_pixels(QRectF(QPointF(cells_left - 3, std::min(top, bottom)),
                                                      QPointF(cells_left - 1, std::max(top, bottom))));
            value_areas_.add(bracket.intersected(f.clip.adjusted(0, -2, 0, 2)), theme_.poc.rgb());
        }
    }
}

void FootprintPlottable::gather_candle(const Frame& f, const Bar& bar, int index) {
    const SlotLayout& s = f.layout;
    const auto side = static_cast<std::size_t>(bar.close >= bar.open ? 0 : 1);
    double x0 = f.keys(index + s.candle_left);
    double x1 = f.keys(index + s.candle_right);
    if (x1 - x0 < 1) x1 = x0 + 1;
    const double centre = std::round((x0 + x1) / 2);
    const double y_high = f.values(to_double(bar.high));
    const double y_low = f.values(to_double(bar.low));
    const double y_open = f.values(to_double(bar.open));
    const double y_close = f.values(to_double(bar.close));
    // Candles are filled as whole-pixel rectangles covering exactly the pixels the aliased line
    // and rectangle would (measured against the raster engine), cut a few pixels beyond the clip:
    // the rasteriser walked every row of a long wick, visible or not. The few shapes whose edges
    // fall where that rule is not certain are drawn as before.
    const double clip_top = f.clip.top() - 4.0, clip_bottom = f.clip.bottom() + 4.0;
    auto rows = [&](double first, double last) {
        return std::pair{static_cast<int>(std::clamp(first, clip_top, clip_bottom)),
                         static_cast<int>(std::clamp(last, clip_top, clip_bottom))};
    };
    // QCPPainter draws an aliased line between rounded end points; a vertical one covers the rows
    // from one end to the other, both included.
    const double wick_a = std::floor(y_high + 0.5), wick_b = std::floor(y_low + 0.5);
    if (wick_a == wick_b || std::fabs(centre) > 1e6) {
        wicks_[side].emplace_back(QPointF(centre, y_high), QPointF(centre, y_low));
    } else if (std::max(wick_a, wick_b) >= clip_top && std::min(wick_a, wick_b) <= clip_bottom) {
        const auto [first, last] = rows(std::min(wick_a, wick_b), std::max(wick_a, wick_b));
        wick_fills_[side].push_back(QRect(static_cast<int>(centre), first, 1, last - first + 1));
    }
    const double top = std::min(y_open, y_close);
    const double height = std::max(1.0, std::fabs(y_open - y_close));
    const QRectF body(std::round(x0), top, std::max(1.0, std::round(x1) - std::round(x0)), height);
    const auto pixels = aliased_fill_pixels(body);
    if (!pixels) {
        bodies_[side].push_back(body);
        return;
    }
    if (!pixels->isValid() || pixels->bottom() < clip_top || pixels->top() > clip_bottom) return;
    const auto [first, last] = rows(pixels->top(), pixels->bottom());
    body_fills_[side].push_back(QRect(pixels->left(), first, pixels->width(), last - first + 1));
}

void FootprintPlottable::gather_member_strip(int index, std::int64_t bucket, const QRectF& cell) {
    const ChartBars& source = *members_source_;
    if (static_cast<std::size_t>(index) >= source.member_bars.size() || source.bucket_units <= 0 || !bars_) return;
    const std::vector<Bar>& parts = source.member_bars[static_cast<std::size_t>(index)];
    // The cell drawn holds `ratio` of the source's buckets (Auto merges whole ones).
    const std::int64_t ratio = std::max<std::int64_t>(1, bars_->bucket_units / source.bucket_units);
    const std::int64_t from = bucket * ratio, to = from + ratio - 1;
    member_volumes_.assign(parts.size(), Quantity{});
    Quantity total;
    for (std::size_t m = 0; m < parts.size(); ++m) {
        const Footprint& fp = parts[m].footprint;
        if (fp.empty()) continue;
        for (std::int64_t k = std::max(from, fp.lowest_bucket()); k <= std::min(to, fp.highest_bucket()); ++k)
            member_volumes_[m] = member_volumes_[m] + fp.at(k).total();
        total = total + member_volumes_[m];
    }
    if (total.is_zero()) return;
    // Along the cell's foot, under its numbers: a quarter of a thin row, 3 px of a row with numbers.
    const double height = std::clamp(cell.height() * 0.25, 1.0, 3.0);
    const double width = cell.width();
    const double total_units = static_cast<double>(total.units);
    double x = cell.left();
    for (std::size_t m = 0; m < parts.size(); ++m) {
        if (member_volumes_[m].is_zero()) continue;
        const double w = width * static_cast<double>(member_volumes_[m].units) / total_units;
        const QRect strip = whole_pixels(QRectF(x, cell.bottom() - height, w, height));
        x += w;
        if (strip.width() <= 0 || strip.height() <= 0) continue;
        member_strips_.add(strip, theme_.member_colour(m).rgb());
        member_strips_drawn_.push_back({index, bucket, m, member_volumes_[m], strip});
    }
}

void FootprintPlottable::draw_gathered(QCPPainter* p) {
    // Stacking order: cells, profile bars, imbalance marks, a group's exchange strips, POC
    // outlines, numbers (never crossed out by an outline), candles.
    cells_.draw(p);
    profile_bars_.draw(p);
    buy_marks_.draw(p);
    sell_marks_.draw(p);
    member_strips_.draw(p);
    value_areas_.draw(p);

    poc_outlines_.draw(p);

    text_->begin(p);
    for (const CellText& t : texts_) {
        p->setPen(QColor::fromRgba(t.colour));
        text_->draw(p, t.rect, t.alignment, t.text, t.bold);
    }
    p->setFont(cell_font_);

    for (std::size_t side = 0; side < 2; ++side) {
        const QColor colour = side == 0 ? theme_.buy : theme_.sell;
        p->setPen(QPen(colour, 1));
        for (const QLineF& l : wicks_[side]) p->drawLine(l);
        p->setPen(Qt::NoPen);
        p->setBrush(colour);
        if (!bodies_[side].empty()) p->drawRects(bodies_[side].data(), static_cast<int>(bodies_[side].size()));
        if (!wick_fills_[side].empty()) p->drawRects(wick_fills_[side].data(), static_cast<int>(wick_fills_[side].size()));
        if (!body_fills_[side].empty()) p->drawRects(body_fills_[side].data(), static_cast<int>(body_fills_[side].size()));
        wicks_[side].clear();
        bodies_[side].clear();
        wick_fills_[side].clear();
        body_fills_[side].clear();
    }
}

QRectF FootprintPlottable::ink_rect(const CellText& t) const { return text_->ink_rect(t.rect, t.alignment, t.text, t.bold); }

void FootprintPlottable::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    painter->setPen(Qt::NoPen);
    painter->setBrush(theme_.neutral_cell);
    painter->drawRect(rect);
}

}  // namespace flowscope::ui
