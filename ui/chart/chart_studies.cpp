#include "chart/chart_studies.hpp"

#include <QKeyEvent>
#include <QMouseEvent>

#include "chart/bar_stats_pane.hpp"
#include "chart/bubbles_plottable.hpp"
#include "chart/cvd_pane.hpp"
#include "chart/developing_poc_line.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/naked_poc_lines.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/profile_plottable.hpp"

namespace flowscope::ui {

ChartStudies::ChartStudies(OrderFlowView* view) : ChartStudies(view->footprint(), view->cvd(), view->stats(), view) {
    // Bar indices mean nothing in another chart.
    connect(view, &OrderFlowView::chart_restarted, this, [this] { clear_fixed_range(); });
}

ChartStudies::ChartStudies(FootprintPane* pane, CvdPane* cvd, BarStatsPane* stats, QObject* parent)
    : QObject(parent), pane_(pane), cvd_(cvd), stats_(stats) {
    setObjectName(QStringLiteral("studies"));
    QCPAxis* keys = pane_->time_axis();
    QCPAxis* prices = pane_->value_axis();
    // Drawn in this order, over the cells: lines, then profiles, then bubbles on top.
    developing_ = new DevelopingPocLine(keys, prices, this);
    naked_ = new NakedPocLines(keys, prices, this);
    visible_ = new ProfilePlottable(keys, prices, this, ProfilePlottable::Kind::Visible);
    session_ = new ProfilePlottable(keys, prices, this, ProfilePlottable::Kind::Session);
    fixed_profile_ = new ProfilePlottable(keys, prices, this, ProfilePlottable::Kind::Fixed);
    bubbles_ = new BubblesPlottable(keys, prices, this);
    // Before every paint: the studies' numbers for the bars as they are now (cheap when unchanged).
    connect(pane_, &QCustomPlot::beforeReplot, this, [this] { cache_.update(bars(), options_.session); });
    pane_object_ = pane;
    pane_->installEventFilter(this);
    set_options(options_);
}

ChartStudies::~ChartStudies() {
    if (!pane_) return;
    pane_->removeEventFilter(this);
    for (QCPAbstractPlottable* p : std::initializer_list<QCPAbstractPlottable*>{developing_, naked_, visible_, session_, fixed_profile_, bubbles_})
        pane_->removePlottable(p);
}

ChartStudies* ChartStudies::of(const OrderFlowView* view) { return view->findChild<ChartStudies*>(); }

FootprintPane* ChartStudies::pane() const { return pane_; }

const ChartBars& ChartStudies::bars() const { return pane_->display_bars(); }

const Theme& ChartStudies::theme() const { return pane_->theme(); }

void ChartStudies::set_options(const StudyOptions& options) {
    StudyOptions o = options;
    o.big_trade_quote = std::max(o.big_trade_quote, kBigPrintFloorQuote);  // the bars keep nothing under the floor
    const bool changed = !(o == options_);
    options_ = o;
    apply_visibility();
    if (cvd_) {
        cvd_->set_candles(o.cvd_candles);
        cvd_->set_session_reset(o.cvd_session_reset ? std::optional(o.session) : std::nullopt);
    }
    if (stats_) stats_->set_delta_rows(o.delta_rows);
    pane_->plottable()->set_exchange_split(o.exchange_split);
    pane_->replot(QCustomPlot::rpQueuedReplot);
    if (changed) emit options_changed(options_);
}

void ChartStudies::apply_visibility() {
    session_->setVisible(options_.session_profile);
    visible_->setVisible(options_.visible_profile);
    fixed_profile_->setVisible(options_.fixed_profile && fixed_.has_value());
    naked_->setVisible(options_.naked_pocs);
    developing_->setVisible(options_.developing_poc);
    bubbles_->setVisible(options_.big_trades);
}

void ChartStudies::start_fixed_range(int bar) {
    const int newest = static_cast<int>(bars().bars.size()) - 1;
    set_fixed_range(bar, std::max(bar, newest));
    if (!options_.fixed_profile) {
        StudyOptions o = options_;
        o.fixed_profile = true;
        set_options(o);
    }
}

void ChartStudies::set_fixed_range(int first, int last) {
    fixed_ = std::pair{std::min(first, last), std::max(first, last)};
    apply_visibility();
    pane_->replot(QCustomPlot::rpQueuedReplot);
    emit fixed_range_changed();
}

void ChartStudies::clear_fixed_range() {
    if (!fixed_ && !drag_from_) return;
    fixed_.reset();
    drag_from_.reset();
    apply_visibility();
    pane_->replot(QCustomPlot::rpQueuedReplot);
    emit fixed_range_changed();
}

int ChartStudies::bar_near_pixel(double x) const {
    const int n = static_cast<int>(bars().bars.size());
    if (n == 0) return -1;
    const auto index = static_cast<long long>(std::llround(pane_->time_axis()->pixelToCoord(x)));
    return static_cast<int>(std::clamp<long long>(index, 0, n - 1));
}

// Alt+drag over the bars sets the fixed range; the pane's own drag (pan) never sees those events.
bool ChartStudies::eventFilter(QObject* watched, QEvent* event) {
    if (watched != pane_object_) return false;
    switch (event->type()) {
        case QEvent::MouseButtonPress: {
            auto* e = static_cast<QMouseEvent*>(event);
            if (e->button() != Qt::LeftButton || !(e->modifiers() & Qt::AltModifier)) return false;
            if (!pane_->axisRect()->rect().contains(e->position().toPoint())) return false;
            const int bar = bar_near_pixel(e->position().x());
            if (bar < 0) return false;
            drag_from_ = bar;
            if (!options_.fixed_profile) {
                StudyOptions o = options_;
                o.fixed_profile = true;
                set_options(o);
            }
            set_fixed_range(bar, bar);
            return true;
        }
        case QEvent::MouseMove: {
            if (!drag_from_) return false;
            auto* e = static_cast<QMouseEvent*>(event);
            const int bar = bar_near_pixel(e->position().x());
            if (bar >= 0 && fixed_ && std::pair{std::min(*drag_from_, bar), std::max(*drag_from_, bar)} != *fixed_)
                set_fixed_range(*drag_from_, bar);
            return false;  // the crosshair still follows
        }
        case QEvent::MouseButtonRelease:
            if (!drag_from_) return false;
            drag_from_.reset();
            return true;
        case QEvent::KeyPress:
            if (static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape && fixed_) {
                clear_fixed_range();
                return true;
            }
            return false;
        default: return false;
    }
}

}  // namespace flowscope::ui
