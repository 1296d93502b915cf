#include "chart/footprint_pane.hpp"

#include <QToolTip>
#include <cmath>

#include "aggregate/footprint_analysis.hpp"
#include "chart/bucket_choice.hpp"
#include "chart/quantity_text.hpp"

namespace flowscope::ui {

namespace {
// A flat market still shows a few levels, not one huge cell.
constexpr double kMinFitBuckets = 8;
// Zoomed in, at least this many levels show; zoomed out, the view spans at most this many times
// the visible bars' range (beyond it there is nothing more to see).
constexpr double kMinZoomBuckets = 3;
constexpr double kMaxZoomOfRange = 4;
}  // namespace

FootprintPane::FootprintPane(QWidget* parent) : TimePane(parent) {
    gap_labels_ = true;
    footprint_ = new FootprintPlottable(xAxis, yAxis2);
    price_line_ = new QCPItemStraightLine(this);
    price_line_->setLayer(overlay_);
    price_line_->setClipAxisRect(axisRect());
    price_line_->point1->setAxes(xAxis, yAxis2);
    price_line_->point2->setAxes(xAxis, yAxis2);
    price_line_->setVisible(false);
    price_label_ = new QCPItemText(this);
    price_label_->setLayer(overlay_);
    price_label_->setClipToAxisRect(false);
    price_label_->position->setTypeX(QCPItemPosition::ptAbsolute);
    price_label_->position->setAxes(xAxis, yAxis2);
    price_label_->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    price_label_->setPadding(QMargins(4, 2, 4, 2));
    price_label_->setVisible(false);
    yAxis2->ticker()->setTickCount(10);
    footprint_->set_auto_bucket(auto_bucket_);
    apply_theme(theme_);
}

void FootprintPane::apply_theme(const Theme& theme) {
    TimePane::apply_theme(theme);
    if (!footprint_) return;  // called from the base constructor before the plottable exists
    footprint_->set_theme(theme);
    price_line_->setPen(QPen(theme.crosshair, 1, Qt::DashLine));
    price_label_->setBrush(theme.crosshair);
    price_label_->setColor(theme.background);
}

void FootprintPane::set_bars(const ChartBars* bars) {
    TimePane::set_bars(bars);
    display_multiple_ = 0;
    update_display();
}

void FootprintPane::bars_changed() { update_display(); }

const ChartBars& FootprintPane::display_bars() const {
    static const ChartBars kNone;
    return shown_ ? *shown_ : kNone;
}

void FootprintPane::set_auto_bucket(bool on) {
    if (auto_bucket_ == on) return;
    auto_bucket_ = on;
    footprint_->set_auto_bucket(on);
    display_multiple_ = 0;
    reset_price_view();
    fit_values();
    replot(QCustomPlot::rpQueuedReplot);
}

void FootprintPane::reset_price_view() {
    price_auto_ = true;
    recentre_ = true;
}

void FootprintPane::set_options(const FootprintOptions& options) { footprint_->set_options(options); }

std::int64_t FootprintPane::unit_units() const {
    if (!bars_ || bars_->bucket_units <= 0) return 0;
    const std::int64_t tick = bars_->tick.units;
    return tick > 0 && bars_->bucket_units % tick == 0 ? tick : bars_->bucket_units;
}

double FootprintPane::plot_height() const {
    const QMargins m = axisRect()->margins();
    return std::max(1, height() - m.top() - m.bottom());
}

QCPRange FootprintPane::bars_price_range(bool& found) const {
    found = false;
    if (!bars_) return {};
    const QCPRange r = FootprintPlottable::price_range(*bars_, xAxis->range(), found);
    return found ? r : FootprintPlottable::price_range(*bars_, QCPRange(), found);
}

void FootprintPane::choose_display_bucket(double span) {
    const std::int64_t unit = unit_units();
    if (!auto_bucket_ || unit <= 0 || !(span > 0)) return;
    const std::int64_t base = bars_->bucket_units / unit;
    const double pixels_per_unit = plot_height() / span * to_double(unit);
    std::int64_t chosen = auto_display_multiplier(base, pixels_per_unit, display_multiple_);
    // Far inside int64 whatever the unit (the candidates reach 5e8 units of it).
    while (static_cast<int128>(chosen) * unit > 1'000'000'000'000'000'000LL && chosen > base) chosen /= 10;
    display_multiple_ = chosen;
}

void FootprintPane::update_display() {
    if (!bars_) {
        shown_ = nullptr;
        footprint_->set_bars(nullptr);
        footprint_->set_member_source(nullptr);
        return;
    }
    const std::int64_t unit = unit_units();
    std::int64_t multiple = 1;  // of the bars' bucket
    if (auto_bucket_ && unit > 0 && display_multiple_ > 0) {
        const std::int64_t base = bars_->bucket_units / unit;
        if (display_multiple_ % base == 0) multiple = display_multiple_ / base;
    }
    shown_ = &display_.update(*bars_, multiple);
    footprint_->set_bars(shown_);
    footprint_->set_member_source(bars_->members.empty() ? nullptr : bars_);
    if (shown_->bucket_units != shown_bucket_units_) {
        shown_bucket_units_ = shown_->bucket_units;
        emit display_bucket_changed(shown_bucket_units_);
    }
}

void FootprintPane::fit_values() {
    if (!bars_) return;
    bool found = false;
    const QCPRange bars = bars_price_range(found);
    if (!found) {
        update_display();
        return;
    }
    if (auto_bucket_) {
        if (price_auto_) fit_auto(bars);
        else choose_display_bucket(yAxis2->range().size());
    } else if (price_auto_) {
        fit_fixed(bars);
    }
    update_display();
    bound_price_range(bars);
}

void FootprintPane::fit_auto(const QCPRange& bars) {
    // The bars' range padded by a bucket and a little air, never narrower than a few buckets.
    auto padded = [&bars](double bucket) {
        const double pad = std::max(bucket, bars.size() * 0.04);
        double lower = bars.lower - pad, upper = bars.upper + pad;
        if (upper - lower < kMinFitBuckets * bucket) {
            const double mid = (upper + lower) / 2;
            lower = mid - kMinFitBuckets * bucket / 2;
            upper = mid + kMinFitBuckets * bucket / 2;
        }
        return QCPRange(lower, upper);
    };
    // The bucket is chosen for the span padded at the bars' own bucket, then the span is padded
    // with the bucket chosen (a bucket or two more: rows stay above kMinRowPixels).
    choose_display_bucket(padded(bars_->bucket_price()).size());
    const double unit = to_double(unit_units());
    const double bucket = display_multiple_ > 0 && unit > 0 ? unit * static_cast<double>(display_multiple_) : bars_->bucket_price();
    yAxis2->setRange(padded(bucket));
}

void FootprintPane::fit_fixed(const QCPRange& bars) {
    const double bucket = bars_->bucket_price();
    const double span = plot_height() / kFixedRowPixels * bucket;
    const QCPRange now = yAxis2->range();
    const bool fits = bars.size() + 2 * bucket <= span;
    // The close of the newest visible bar that traded: where the eye is when the bars do not fit.
    double close = bars.center();
    const BarRange visible = visible_bars(xAxis->range().lower, xAxis->range().upper, bars_->bars.size());
    for (int i = visible.last; i >= visible.first; --i)
        if (const Bar& b = bars_->bars[static_cast<std::size_t>(i)]; b.trades > 0) {
            close = to_double(b.close);
            break;
        }
    if (!recentre_ && std::fabs(now.size() - span) <= 1e-9 * span) {
        // Scroll only when needed, so the view does not creep with every trade.
        if (fits && bars.lower - bucket >= now.lower && bars.upper + bucket <= now.upper) return;
        if (!fits && close >= now.lower + span * 0.2 && close <= now.upper - span * 0.2) return;
    }
    const double centre = fits ? bars.center() : close;
    yAxis2->setRange(centre - span / 2, centre + span / 2);
    recentre_ = false;
}

void FootprintPane::bound_price_range(const QCPRange& bars) {
    const double bucket = to_double(display_bucket_units());
    if (!(bucket > 0)) return;
    QCPRange r = yAxis2->range();
    // The span's bounds follow the bars' own bucket, not the one drawn (which follows the span).
    const double finest = bars_->bucket_price();
    const double min_span = kMinZoomBuckets * finest;
    const double max_span = std::max({kMaxZoomOfRange * (bars.size() + 2 * finest), kMinFitBuckets * bucket,
                                      plot_height() / kFixedRowPixels * finest});
    if (r.size() < min_span || r.size() > max_span) {
        const double span = std::clamp(r.size(), min_span, max_span);
        const double mid = r.center();
        r = QCPRange(mid - span / 2, mid + span / 2);
    }
    // At least one level of the visible bars stays in view.
    const double keep = std::min(bucket, bars.size());
    if (r.upper < bars.lower + keep) r += bars.lower + keep - r.upper;
    if (r.lower > bars.upper - keep) r -= r.lower - (bars.upper - keep);
    if (r != yAxis2->range()) yAxis2->setRange(r);
}

void FootprintPane::pan_values(double pixels) {
    if (pixels == 0) return;
    // The price follows the hand: dragged down, higher prices come into view.
    const double d = yAxis2->pixelToCoord(0) - yAxis2->pixelToCoord(pixels);
    yAxis2->setRange(yAxis2->range().lower + d, yAxis2->range().upper + d);
    price_auto_ = false;
    bool found = false;
    const QCPRange bars = bars_price_range(found);
    if (found) bound_price_range(bars);
}

void FootprintPane::zoom_values(double factor, double pixel) {
    const double anchor = yAxis2->pixelToCoord(pixel);
    yAxis2->setRange(zoomed_range(yAxis2->range(), factor, anchor, 0));
    price_auto_ = false;
    bool found = false;
    const QCPRange bars = bars_price_range(found);
    if (!found) return;
    bound_price_range(bars);
    choose_display_bucket(yAxis2->range().size());
    update_display();
    bound_price_range(bars);
}

void FootprintPane::resizeEvent(QResizeEvent* event) {
    TimePane::resizeEvent(event);
    // Rows follow the pane's height: Auto picks its bucket again, a fixed bucket keeps its rows.
    fit_values();
}

void FootprintPane::hover_changed(QPointF pos) {
    const bool inside = axisRect()->rect().contains(pos.toPoint());
    price_line_->setVisible(inside);
    price_label_->setVisible(inside);
    if (inside) {
        const double price = yAxis2->pixelToCoord(pos.y());
        price_line_->point1->setCoords(0, price);
        price_line_->point2->setCoords(1, price);
        price_label_->position->setCoords(axisRect()->right() + 1, price);
        const int decimals = bars_ ? std::max(0, static_cast<int>(-std::floor(std::log10(to_double(bars_->tick))))) : 2;
        price_label_->setText(QString::number(price, 'f', decimals));
        const QString tip = tooltip_at(pos);
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(mapToGlobal(pos.toPoint() + QPoint(16, 16)), tip, this);
    } else {
        QToolTip::hideText();
    }
    replot_overlay();
}

QString FootprintPane::tooltip_at(QPointF pos) const {
    const int index = bar_at_pixel(pos.x());
    if (index < 0 || !shown_) return {};
    const ChartBars& chart = *shown_;
    const Bar& bar = chart.bars[static_cast<std::size_t>(index)];
    const double price = yAxis2->pixelToCoord(pos.y());
    const auto bucket = static_cast<std::int64_t>(std::floor(price / chart.bucket_price()));
    QString tip = QStringLiteral("<b>%1</b> UTC<br>O %2  H %3  L %4  C %5<br>Volume %6  Delta %7  Trades %8")
                      .arg(time_text(bar.open_time_us, true), exact_text(bar.open), exact_text(bar.high),
                           exact_text(bar.low), exact_text(bar.close), exact_text(bar.volume),
                           exact_text(bar.delta()), QString::number(bar.trades));
    if (!bar.footprint.empty() && bucket >= bar.footprint.lowest_bucket() && bucket <= bar.footprint.highest_bucket()) {
        const FootprintCell& cell = bar.footprint.at(bucket);
        const Price lower{bucket * chart.bucket_units};
        const Price upper{(bucket + 1) * chart.bucket_units};
        tip += QStringLiteral("<hr><b>%1 – %2</b><br>Bid (sells) %3 × Ask (buys) %4<br>Delta %5  Trades %6")
                   .arg(exact_text(lower), exact_text(upper), exact_text(cell.bid), exact_text(cell.ask),
                        exact_text(cell.delta()), QString::number(cell.trades));
        const auto imbalance = level_imbalance(bar.footprint, bucket, footprint_->options().imbalance);
        if (imbalance == LevelImbalance::Buy || imbalance == LevelImbalance::Both) tip += QStringLiteral("<br>Buy imbalance");
        if (imbalance == LevelImbalance::Sell || imbalance == LevelImbalance::Both) tip += QStringLiteral("<br>Sell imbalance");
        if (point_of_control(bar.footprint) == bucket) tip += QStringLiteral("<br>Point of control");
    }
    if (bars_ && static_cast<std::size_t>(index) < bars_->member_bars.size()) {
        // The display bucket is a whole number of the bars' own: the level's member cells are those inside it.
        const std::int64_t base = bars_->bucket_units;
        const std::int64_t first = floor_div(bucket * chart.bucket_units, base);
        const std::int64_t last = floor_div((bucket + 1) * chart.bucket_units, base) - 1;
        tip += member_parts_text(*bars_, static_cast<std::size_t>(index), first, last);
    }
    return tip;
}

QString FootprintPane::member_parts_text(const ChartBars& chart, std::size_t index, std::int64_t first_bucket,
                                         std::int64_t last_bucket) {
    QString text = QStringLiteral("<hr><b>By exchange</b> (bar; the level: bid × ask)");
    const std::vector<Bar>& parts = chart.member_bars[index];
    for (std::size_t m = 0; m < parts.size() && m < chart.members.size(); ++m) {
        const Bar& part = parts[m];
        FootprintCell level;
        if (!part.footprint.empty())
            for (std::int64_t b = std::max(first_bucket, part.footprint.lowest_bucket());
                 b <= std::min(last_bucket, part.footprint.highest_bucket()); ++b) {
                const FootprintCell& c = part.footprint.at(b);
                level.bid += c.bid;
                level.ask += c.ask;
                level.trades += c.trades;
            }
        text += QStringLiteral("<br>%1: volume %2  delta %3  trades %4")
                    .arg(QString::fromStdString(chart.members[m]).toHtmlEscaped(), exact_text(part.volume),
                         exact_text(part.delta()), QString::number(part.trades));
        if (level.trades > 0) text += QStringLiteral(" · %1 × %2").arg(exact_text(level.bid), exact_text(level.ask));
    }
    return text;
}

}  // namespace flowscope::ui
