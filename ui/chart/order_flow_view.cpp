#include "chart/order_flow_view.hpp"

#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "chart/bar_stats_pane.hpp"
#include "chart/chart_store.hpp"
#include "chart/chart_studies.hpp"
#include "chart/cvd_pane.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/heat_bars_pane.hpp"
#include "chart/time_axis_group.hpp"

namespace flowscope::ui {

namespace {
// Every trade: time & sales keeps the session (the store bounds what waits for a frame).
constexpr std::size_t kTradesPerFrame = std::numeric_limits<std::size_t>::max();
}  // namespace

OrderFlowView::OrderFlowView(std::shared_ptr<ChartStore> store, QWidget* parent)
    : QWidget(parent),
      store_(std::move(store)),
      time_axis_(new TimeAxisGroup(this)),
      footprint_(new FootprintPane),
      stats_(new BarStatsPane),
      cvd_(new CvdPane),
      heat_(new HeatBarsPane),
      splitter_(new QSplitter(Qt::Vertical)),
      frame_timer_(new QTimer(this)) {
    QSplitter* splitter = splitter_;
    splitter->setObjectName(QStringLiteral("paneSplitter"));
    splitter->setHandleWidth(3);
    splitter->setChildrenCollapsible(false);
    footprint_->setObjectName(QStringLiteral("footprint"));
    cvd_->setObjectName(QStringLiteral("cvd"));
    heat_->setObjectName(QStringLiteral("heat"));
    stats_->setObjectName(QStringLiteral("stats"));
    // Small minimums: at the window's default size every pane is above its minimum, so each
    // handle moves both ways (with the CVD and heat panes at their minimum, as they were at
    // 1024×640, no handle could move down).
    footprint_->setMinimumHeight(120);
    cvd_->setMinimumHeight(48);
    heat_->setMinimumHeight(48);
    footprint_->set_time_labels_visible(true);
    heat_->set_time_labels_visible(true);
    for (TimePane* p : panes()) {
        p->set_bars(&bars_);
        splitter->addWidget(p);
        time_axis_->add(p);
        connect(p, &TimePane::user_moved_time, this, [this] { default_zoom_ = false; });
    }
    splitter->setStretchFactor(0, 10);
    splitter->setStretchFactor(1, 0);
    splitter->setStretchFactor(2, 2);
    splitter->setStretchFactor(3, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    footprint_->set_options(options_);
    time_axis_->set_range(QCPRange(-10, 2));
    connect(time_axis_, &TimeAxisGroup::range_changed, this, [this] { fit_and_replot(); });
    connect(time_axis_, &TimeAxisGroup::following_changed, this, &OrderFlowView::following_changed);
    new ChartStudies(this);  // profiles, POC lines, bubbles, CVD candles, delta rows (ChartStudies::of)
    frame_timer_->setInterval(kFrameIntervalMs);
    connect(frame_timer_, &QTimer::timeout, this, &OrderFlowView::refresh);
    frame_timer_->start();
}

std::vector<TimePane*> OrderFlowView::panes() const { return {footprint_, stats_, cvd_, heat_}; }

void OrderFlowView::set_options(const FootprintOptions& options) {
    options_ = options;
    footprint_->set_options(options);
    footprint_->replot(QCustomPlot::rpQueuedReplot);
}

void OrderFlowView::apply_theme(const Theme& theme) {
    for (TimePane* p : panes()) {
        p->apply_theme(theme);
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

bool OrderFlowView::refresh() {
    const std::uint64_t generation = bars_.generation;
    const std::size_t old_count = bars_.bars.size();
    new_trades_.clear();
    const bool changed = store_->update(bars_, new_trades_, kTradesPerFrame);
    if (bars_.generation != generation) emit chart_restarted();
    if (!new_trades_.empty() || bars_.generation != generation) emit trades_arrived(new_trades_);
    if (!changed) return false;
    const int count = static_cast<int>(bars_.bars.size());
    time_axis_->set_bar_count(count);
    update_time_limits();
    for (TimePane* p : panes()) {
        p->bars_changed();
        p->mark_gaps();
    }
    if (bars_.generation != generation) {
        // A new source or chart: show as many bars as fit with readable numbers, newest at the right.
        show_default_zoom();
        footprint_->reset_price_view();
    }
    const QCPRange r = time_axis_->range();
    // Usually only the newest bar changes: skip the repaint when it is scrolled out of view.
    const bool visible_change = time_axis_->following() || bars_.generation != generation ||
                                static_cast<double>(old_count) - 1 <= r.upper + 1;
    if (time_axis_->following()) time_axis_->show_latest(count);
    if (visible_change) fit_and_replot();
    return true;
}

void OrderFlowView::fit_and_replot() {
    for (TimePane* p : panes()) {
        p->fit_values();
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

void OrderFlowView::replot_now() {
    for (TimePane* p : panes()) {
        p->fit_values();
        p->replot(QCustomPlot::rpImmediateRefresh);
    }
}

double OrderFlowView::default_visible_bars() const {
    // The axis rect's width as the layout will make it (the pane's width less the value axis).
    const QMargins m = footprint_->axisRect()->margins();
    return std::max(kMinDefaultBars, (footprint_->width() - m.left() - m.right()) / kDefaultSlotPixels);
}

void OrderFlowView::update_time_limits() {
    // Zoomed out to the whole loaded range (with room right of the newest bar), or to the default
    // width when fewer bars are loaded.
    time_axis_->set_max_width(std::max(time_axis_->whole_range_width(), default_visible_bars()));
}

bool OrderFlowView::restore_pane_sizes(const QByteArray& state) {
    pane_sizes_set_ = !state.isEmpty() && splitter_->restoreState(state);
    return pane_sizes_set_;
}

void OrderFlowView::set_frame_interval(int ms) { frame_timer_->setInterval(ms); }

void OrderFlowView::set_pane_sizes(const QList<int>& sizes) {
    if (sizes.size() != splitter_->count()) return;
    splitter_->setSizes(sizes);
    pane_sizes_set_ = true;
}

void OrderFlowView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);  // the layout has given the splitter its height already
    if (!pane_sizes_set_ && splitter_->height() > 0) {
        // Default shares of what the statistics rows leave: footprint 72 %, CVD 16 %, heat 12 %.
        const int free = splitter_->height() - 3 * splitter_->handleWidth() - stats_->height();
        const int footprint = free * 72 / 100, cvd = free * 16 / 100;
        splitter_->setSizes({footprint, stats_->height(), cvd, free - footprint - cvd});
        pane_sizes_set_ = true;
    }
    update_time_limits();
    if (default_zoom_ && time_axis_->following()) {
        show_default_zoom();
        time_axis_->show_latest(static_cast<int>(bars_.bars.size()));
        fit_and_replot();
    }
}

void OrderFlowView::show_default_zoom() {
    const int count = static_cast<int>(bars_.bars.size());
    const double visible = default_visible_bars();
    time_axis_->set_range(QCPRange(count - visible, count));
    time_axis_->set_following(true);
    default_zoom_ = true;
}

void OrderFlowView::follow_latest() {
    footprint_->reset_price_view();
    show_default_zoom();
    time_axis_->show_latest(static_cast<int>(bars_.bars.size()));
    fit_and_replot();
}

void OrderFlowView::set_auto_bucket(bool on) { footprint_->set_auto_bucket(on); }

void OrderFlowView::zoom_time(double factor) {
    default_zoom_ = false;
    time_axis_->zoom(factor, static_cast<int>(bars_.bars.size()));
}

}  // namespace flowscope::ui
