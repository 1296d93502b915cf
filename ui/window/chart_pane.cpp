#include "window/chart_pane.hpp"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

#include "chart/chart_context_menu.hpp"
#include "chart/chart_store.hpp"
#include "chart/chart_studies.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/linked_crosshair.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/time_pane.hpp"
#include "source/source_controller.hpp"

namespace flowscope::ui {

ChartPane::ChartPane(const PaneState& state, AppSettings& settings, QWidget* parent)
    : QFrame(parent),
      settings_(settings),
      market_imbalance_(settings),
      controller_(new SourceController(this)),
      view_(new OrderFlowView(controller_->store())),
      chart_menu_(new ChartContextMenu(view_->footprint())),
      title_(new QLabel),
      timeframe_(state.timeframe),
      bucket_(state.bucket_multiplier) {
    setObjectName(QStringLiteral("chartPane"));
    title_->setObjectName(QStringLiteral("paneTitle"));
    title_->setContentsMargins(6, 1, 6, 1);
    title_->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(title_);
    layout->addWidget(view_, 1);

    options_.mode = state.mode;
    options_.shading = state.shading;
    options_.show_stacked_zones = state.stacked_zones;
    if (ChartStudies* studies = ChartStudies::of(view_)) studies->set_options(state.studies);
    if (!state.pane_sizes.isEmpty()) view_->set_pane_sizes(state.pane_sizes);
    current = state.source;

    // A press anywhere in the pane focuses it; the pointer over its bars moves the others' crosshairs.
    for (QWidget* w : view_->findChildren<QWidget*>()) w->installEventFilter(this);
    title_->installEventFilter(this);
    for (TimePane* p : view_->panes()) {
        connect(p, &TimePane::hovered, this, [this](double key) {
            const auto time = time_at_key(view_->bars().bars, key);
            emit crosshair_moved(time.value_or(-1), time_bars());
        });
    }
    update_frame();
    update_title();
}

ChartPane::~ChartPane() = default;

PaneState ChartPane::state() const {
    PaneState s;
    s.source = current;
    s.timeframe = timeframe_;
    s.bucket_multiplier = bucket_;
    s.mode = options_.mode;
    s.shading = options_.shading;
    s.stacked_zones = options_.show_stacked_zones;
    if (const ChartStudies* studies = ChartStudies::of(view_)) s.studies = studies->options();
    s.pane_sizes = view_->pane_splitter()->sizes();
    return s;
}

void ChartPane::set_options(const FootprintOptions& options) {
    options_ = options;
    view_->set_options(options);
}

void ChartPane::apply_theme(const Theme& theme) {
    theme_ = theme;
    view_->apply_theme(theme);
    update_frame();
}

bool ChartPane::time_bars() const { return view_->bars().spec.kind == BarKind::Time; }

void ChartPane::set_focused(bool on) {
    focused_ = on;
    update_frame();
}

void ChartPane::set_title_visible(bool visible) {
    title_visible_ = visible;
    title_->setVisible(visible);
    update_frame();
}

void ChartPane::update_title() {
    const SourceInfo& info = controller_->info();
    QString what = !info.symbol.isEmpty() ? info.title()
                   : current                ? current->label()
                                            : QStringLiteral("…");
    title_->setText(what + QStringLiteral("  ·  ") + timeframe_);
}

void ChartPane::update_frame() {
    view_->set_frame_interval(focused_ || !title_visible_ ? OrderFlowView::kFrameIntervalMs : OrderFlowView::kBackgroundFrameIntervalMs);
    // One pane looks as the window always did; several show which one the toolbar drives.
    const QColor edge = focused_ ? theme_.crosshair : theme_.panel;
    setStyleSheet(title_visible_ ? QStringLiteral("QFrame#chartPane { border: 2px solid %1; }"
                                                  "QLabel#paneTitle { color: %2; background: %3; }")
                                       .arg(edge.name(), (focused_ ? theme_.text : theme_.text_dim).name(), theme_.panel.name())
                                 : QStringLiteral("QFrame#chartPane { border: none; }"));
}

void ChartPane::show_linked_crosshair(qint64 time_us, bool time_bars_there) {
    double key = std::numeric_limits<double>::quiet_NaN();
    const ChartBars& bars = view_->bars();
    if (time_us >= 0 && time_bars_there == time_bars()) {  // time bars with time bars, tick and volume bars together
        if (const auto k = key_at_time(bars.bars, bars.spec, time_us)) key = *k;
    }
    for (TimePane* p : view_->panes()) p->set_hover_key(key);
}

bool ChartPane::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonPress && !focused_) emit focus_requested(this);
    return QFrame::eventFilter(watched, event);
}

}  // namespace flowscope::ui
