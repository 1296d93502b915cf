#include "window/main_window.hpp"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMenu>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

#include "chart/chart_context_menu.hpp"
#include "chart/chart_store.hpp"
#include "chart/chart_studies.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/quantity_text.hpp"
#include "chart/time_axis_group.hpp"
#include "replay/replay_controls.hpp"
#include "source/bundled_session.hpp"
#include "source/live_recorder.hpp"
#include "source/source_controller.hpp"
#include "source/source_picker.hpp"
#include "window/alerts_controller.hpp"
#include "window/alerts_feed.hpp"
#include "window/alerts_panel.hpp"
#include "window/chart_export.hpp"
#include "window/chart_pane.hpp"
#include "window/chart_toolbar.hpp"
#include "window/layout_library.hpp"
#include "window/pane_grid.hpp"
#include "window/status_panel.hpp"
#include "window/studies_menu.hpp"
#include "window/time_sales_panel.hpp"

namespace flowscope::ui {

namespace {

// The timeframes a 2×2 grid gives the panes it adds to the focused one: the market at four scales.
QString next_timeframe(const QString& text, int step) {
    static const QStringList ladder{QStringLiteral("1m"), QStringLiteral("5m"), QStringLiteral("15m"), QStringLiteral("1h"),
                                    QStringLiteral("4h"), QStringLiteral("1d")};
    const qsizetype at = ladder.indexOf(text);
    return at < 0 ? ladder[std::min<qsizetype>(step - 1, ladder.size() - 1)] : ladder[std::min<qsizetype>(at + step, ladder.size() - 1)];
}

}  // namespace

MainWindow::MainWindow(const StartOptions& options, QWidget* parent)
    : QMainWindow(parent),
      theme_(Theme::by_name(settings_.theme())),
      layouts_(std::make_unique<LayoutLibrary>(options.layouts_file)),
      grid_(new PaneGrid([this](const PaneState& state) { return make_pane(state); })),
      time_sales_(new TimeSalesPanel),
      toolbar_(new ChartToolbar),
      replay_(new ReplayControls),
      status_(new StatusPanel(statusBar(), std::make_shared<ChartStore>())),
      splitter_(new QSplitter(Qt::Horizontal)),
      autoplay_(options.autoplay),
      speed_given_(!options.speed.isEmpty()) {
    setWindowTitle(QStringLiteral("flowscope"));
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->addWidget(grid_);
    splitter_->addWidget(time_sales_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 0);
    setCentralWidget(splitter_);
    addToolBar(Qt::TopToolBarArea, toolbar_);
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, replay_);
    replay_->setVisible(false);

    replay_->set_speed_text(options.speed.isEmpty() ? settings_.speed() : options.speed);
    set_theme(theme_.name);
    // Time & sales as wide as its columns in the theme's font; the charts take the rest.
    time_sales_->ensurePolished();
    splitter_->setSizes({1400, time_sales_->sizeHint().width()});

    // Alerts run on the worker of the layout's first pane with every trade its chart takes; their
    // panel docks on the right, shown and hidden from the toolbar.
    alerts_ = new AlertsController(this);
    alerts_->set_include_non_aggressive(settings_.include_non_aggressive());
    alerts_->set_chart_imbalance(settings_.footprint_options().imbalance);
    auto* alerts_dock = new QDockWidget(QStringLiteral("Alerts"), this);
    alerts_dock->setObjectName(QStringLiteral("alertsDock"));
    alerts_dock->setWidget(new AlertsPanel(alerts_));
    addDockWidget(Qt::RightDockWidgetArea, alerts_dock);
    alerts_dock->hide();
    toolbar_->addAction(alerts_dock->toggleViewAction());
    connect(toolbar_, &ChartToolbar::options_changed, alerts_, [this](const FootprintOptions& o) { alerts_->set_chart_imbalance(o.imbalance); });
    connect(toolbar_, &ChartToolbar::non_aggressive_toggled, alerts_, &AlertsController::set_include_non_aggressive);
    connect(alerts_, &AlertsController::fired, status_, [this](const QStringList& lines) {
        status_->set_message(QStringLiteral("Alert: ") + lines.back());
    });
    connect(alerts_, &AlertsController::refused, status_, &StatusPanel::set_message);

    // The toolbar drives the focused pane.
    connect(toolbar_, &ChartToolbar::source_requested, this, &MainWindow::pick_source);
    connect(toolbar_, &ChartToolbar::timeframe_changed, this, [this](const QString& text) {
        settings_.set_timeframe(text);  // new panes start with it
        ChartPane* pane = focused_pane();
        pane->set_timeframe(text);
        apply_chart(pane, pane->bucket_multiplier());
    });
    connect(toolbar_, &ChartToolbar::bucket_changed, this, [this](int multiplier) {
        ChartPane* pane = focused_pane();
        const SourceInfo& info = pane->controller()->info();
        settings_.set_bucket_multiplier(info.exchange, info.symbol, multiplier);
        pane->set_bucket_multiplier(multiplier);
        pane->view()->set_auto_bucket(multiplier == 0);
        apply_chart(pane, multiplier);
    });
    connect(toolbar_, &ChartToolbar::options_changed, this, [this](const FootprintOptions& o) {
        settings_.set_footprint_options(o);
        ChartPane* pane = focused_pane();
        pane->market_imbalance().save(o.imbalance);
        pane->set_options(o);
    });
    connect(toolbar_, &ChartToolbar::theme_toggled, this,
            [this] { set_theme(theme_.name == QStringLiteral("dark") ? QStringLiteral("light") : QStringLiteral("dark")); });
    toolbar_->set_recording_checked(settings_.record_live());
    connect(toolbar_, &ChartToolbar::recording_toggled, this, [this](bool on) {
        settings_.set_record_live(on);
        for (ChartPane* pane : grid_->panes()) {
            pane->recording = false;
            if (!pane->recorded_members.isEmpty()) {
                pane->recorded_members.clear();
                pane->controller()->set_recording({});
            }
        }
        for (ChartPane* pane : grid_->panes()) {
            if (pane->current && pane->current->live_group()) {
                record_group(pane);
                continue;
            }
            const bool live = pane->current && pane->current->live && !pane->fell_back;
            const QString folder = live ? record_folder_for(pane, *pane->current) : QString();
            pane->recording = !folder.isEmpty();
            if (live) pane->controller()->set_recording(folder);
        }
    });
    toolbar_->set_non_aggressive_checked(settings_.include_non_aggressive());
    // Every bar follows one rule: the sources open again with the new one.
    connect(toolbar_, &ChartToolbar::non_aggressive_toggled, this, [this](bool include) {
        settings_.set_include_non_aggressive(include);
        for (ChartPane* pane : grid_->panes()) {
            pane->controller()->set_include_non_aggressive(include);
            if (pane->current) open_source(pane, *pane->current);
        }
    });
    connect(toolbar_, &ChartToolbar::export_png_requested, this, &MainWindow::export_png);
    connect(toolbar_, &ChartToolbar::export_csv_requested, this, &MainWindow::export_csv);

    // The Studies button: the focused pane's studies (focus_links_); new panes start with the last.
    studies_button_ = new StudiesMenu(toolbar_);
    toolbar_->addWidget(studies_button_);
    build_layout_menu();

    // Replay controls: the focused pane, and every pane replaying the same file with it.
    connect(replay_, &ReplayControls::play_toggled, this, [this] {
        const bool play = !focused_pane()->controller()->playing();
        for (ChartPane* p : replay_peers()) play ? p->controller()->play() : p->controller()->pause();
    });
    connect(replay_, &ReplayControls::step_forward, this, [this] { for (ChartPane* p : replay_peers()) p->controller()->step_bar(); });
    connect(replay_, &ReplayControls::step_back, this, [this] { for (ChartPane* p : replay_peers()) p->controller()->step_back(); });
    connect(replay_, &ReplayControls::seek_requested, this, [this](qint64 us) { for (ChartPane* p : replay_peers()) p->controller()->seek(us); });
    connect(replay_, &ReplayControls::speed_changed, this, [this](double speed, const QString& text) {
        settings_.set_speed(text);
        for (ChartPane* p : grid_->panes()) {
            p->filling_screen = false;  // the user's speed from now on
            p->controller()->set_speed(speed);
        }
    });
    connect(status_, &StatusPanel::go_live_clicked, this, &MainWindow::go_live);
    time_sales_->set_combine(settings_.time_sales_combine());
    connect(time_sales_, &TimeSalesPanel::combine_toggled, this, [this](bool on) { settings_.set_time_sales_combine(on); });
    // Time & sales takes the trades ten times a second: a list read by eye needs no more, and a
    // busy market's rows cost a quarter of what they would at the chart's frame rate.
    tape_timer_ = new QTimer(this);
    tape_timer_->setSingleShot(true);
    tape_timer_->setInterval(kTapeIntervalMs);
    connect(tape_timer_, &QTimer::timeout, this, &MainWindow::flush_tape);

    connect(grid_, &PaneGrid::pane_added, this, &MainWindow::wire_pane);
    connect(grid_, &PaneGrid::focus_changed, this, &MainWindow::on_focus);
    connect(grid_, &PaneGrid::panes_changed, this, &MainWindow::watch_alerts);
    connect(grid_, &PaneGrid::pane_closing, this, [this](ChartPane* pane) {
        // Its markets' recordings go on in other panes on them, if there are any.
        if (pane->recording || !pane->recorded_members.isEmpty()) {
            pane->recording = false;
            pane->recorded_members.clear();
            take_over_recordings(pane);
        }
        if (pane == alerts_pane_) {
            alerts_->feed()->forget_chart();
            pane->controller()->store()->set_watcher(nullptr);
            alerts_pane_ = nullptr;
        }
    });

    build_shortcuts();
    resize(1600, 960);
    restoreGeometry(settings_.window_geometry());
    restoreState(settings_.window_state());
    splitter_->restoreState(settings_.splitter_state(QStringLiteral("main")));

    // The last layout comes back; a source or timeframe named at start goes to its focused pane.
    const QString unreadable = layouts_->load();
    std::optional<PaneLayout> chosen = options.layout.isEmpty() ? last_layout() : layouts_->named(options.layout);
    PaneLayout layout = chosen && !options.single_pane ? *chosen : single_pane_layout(default_pane());
    std::vector<PaneState*> states;
    std::function<void(LayoutNode&)> collect = [&](LayoutNode& node) {
        if (node.pane) states.push_back(&*node.pane);
        for (LayoutNode& child : node.children) collect(child);
    };
    collect(layout.root);
    PaneState& first = *states[static_cast<std::size_t>(std::clamp<int>(layout.focused, 0, static_cast<int>(states.size()) - 1))];
    if (options.source) first.source = options.source;
    if (!options.timeframe.isEmpty()) first.timeframe = options.timeframe;
    fill_first_screen_ = options.fill_first_screen && options.speed.isEmpty();
    grid_->build(layout);
    fill_first_screen_ = false;  // the panes opened at launch only
    // Without a layout's own buckets (a first run, or a source named at start): the bucket last
    // chosen for the instrument, once it is open.
    for (ChartPane* pane : grid_->panes())
        if (!chosen || options.single_pane || (options.source && pane == focused_pane())) pane->bucket_from_market = true;
    if (grid_->panes().size() == 1 && first.pane_sizes.isEmpty())
        focused_pane()->view()->restore_pane_sizes(settings_.splitter_state(QStringLiteral("panes")));
    if (!unreadable.isEmpty()) status_->set_message(unreadable);
}

MainWindow::~MainWindow() {
    // The panes' workers stop before the alerts they feed go.
    for (ChartPane* pane : grid_->panes()) pane->controller()->store()->set_watcher(nullptr);
}

std::optional<PaneLayout> MainWindow::last_layout() const {
    const QByteArray json = settings_.last_layout();
    if (json.isEmpty()) return std::nullopt;
    auto layout = layout_from_json(QJsonDocument::fromJson(json).object());
    if (layout) return std::move(*layout);
    return std::nullopt;  // one pane as before layouts; the next close writes a good one
}

PaneState MainWindow::default_pane() const {
    PaneState s;
    s.source = settings_.last_source().value_or(default_live_market());
    s.timeframe = settings_.timeframe();
    const FootprintOptions o = settings_.footprint_options();
    s.mode = o.mode;
    s.shading = o.shading;
    s.stacked_zones = o.show_stacked_zones;
    s.studies = settings_.studies();
    return s;
}

SourceController* MainWindow::controller() const { return focused_pane()->controller(); }
OrderFlowView* MainWindow::view() const { return focused_pane()->view(); }
ChartContextMenu* MainWindow::chart_menu() const { return focused_pane()->chart_menu(); }
ChartPane* MainWindow::focused_pane() const { return grid_->focused(); }
bool MainWindow::is_focused(const ChartPane* pane) const { return pane == grid_->focused(); }
bool MainWindow::filling_first_screen() const {
    const auto all = grid_->panes();
    return std::any_of(all.begin(), all.end(), [](const ChartPane* p) { return p->filling_screen; });
}

ChartPane* MainWindow::make_pane(const PaneState& state) {
    auto* pane = new ChartPane(state, settings_);
    pane->apply_theme(theme_);
    pane->controller()->set_speed(ReplayControls::speed_value(replay_->speed_text()));
    pane->controller()->set_include_non_aggressive(settings_.include_non_aggressive());
    pane->controller()->store()->set_every_trade_read(true);  // time & sales keeps them all
    FootprintOptions o = pane->options();
    o.imbalance = settings_.footprint_options().imbalance;
    pane->set_options(o);
    pane->view()->set_auto_bucket(state.bucket_multiplier == 0);
    return pane;
}

void MainWindow::wire_pane(ChartPane* pane) {
    SourceController* c = pane->controller();
    OrderFlowView* view = pane->view();
    connect(c, &SourceController::opened, this, [this, pane](const SourceInfo& info) { on_opened(pane, info); });
    connect(c, &SourceController::failed, this, [this, pane](const QString& m) { on_failed(pane, m); });
    connect(c, &SourceController::replay_progress, this, [this, pane](qint64 us, bool playing) {
        if (is_focused(pane)) replay_->set_position(us, playing);
        // A replay filling its first screen goes on at the chosen speed once its bars fill the view.
        if (!pane->filling_screen) return;
        pane->view()->refresh();
        const QCPRange shown = pane->view()->time_axis()->range();
        if (static_cast<double>(pane->view()->bars().bars.size()) < shown.size() - 1) return;
        pane->filling_screen = false;
        pane->controller()->set_speed(ReplayControls::speed_value(replay_->speed_text()));
    });
    connect(c, &SourceController::preparation_progress, this, [this, pane](int percent) {
        if (is_focused(pane)) replay_->set_preparation(percent);
    });
    connect(c, &SourceController::replay_prepared, this, [this, pane](const SourceInfo& info) {
        if (!is_focused(pane)) return;
        status_->set_skipped(info.warnings);  // the background pass may have found more
        if (pane->fell_back) return;  // the status line says why the bundled session plays
        status_->set_message(info.warnings.isEmpty() ? QStringLiteral("Replaying %1 trades").arg(info.trades)
                                                     : info.warnings.back());
    });
    connect(c, &SourceController::connection_changed, this, [this, pane](const ConnectionStatus& s) {
        if (is_focused(pane)) status_->set_connection(s);
    });
    connect(c, &SourceController::recording_changed, this, [this, pane](const RecordingStatus& s) {
        if (is_focused(pane)) status_->set_recording(s);
    });
    connect(pane->chart_menu(), &ChartContextMenu::message, status_, &StatusPanel::set_message);
    connect(pane->chart_menu(), &ChartContextMenu::alert_at_price, alerts_, [this](flowscope::Price price) {
        if (alerts_->add_price_alert(price).isEmpty()) status_->set_message(QStringLiteral("Alert set at %1").arg(exact_text(price)));
    });
    if (ChartStudies* studies = ChartStudies::of(view)) {
        connect(pane->chart_menu(), &ChartContextMenu::fixed_range_from_bar, studies, &ChartStudies::start_fixed_range);
        // The studies may change their own options too (Alt+drag turns the fixed profile on).
        connect(studies, &ChartStudies::options_changed, this, [this, pane](const StudyOptions& o) {
            settings_.set_studies(o);  // new panes start with them
            if (is_focused(pane)) studies_button_->set_options(o);
        });
    }
    // Auto's entry says the bucket drawn.
    connect(view->footprint(), &FootprintPane::display_bucket_changed, this, [this, pane](qint64 units) {
        if (is_focused(pane) && pane->view()->footprint()->auto_bucket()) toolbar_->show_auto_bucket(Price{units});
    });
    // A new chart (a seek, another timeframe): time & sales shows the trades before its market time.
    connect(view, &OrderFlowView::chart_restarted, this, [this, pane] {
        if (!is_focused(pane)) return;
        flush_tape();
        time_sales_->chart_restarted();
        status_->chart_restarted();
    });
    connect(view, &OrderFlowView::trades_arrived, this, [this, pane](const std::vector<Trade>& trades) {
        if (is_focused(pane)) {
            tape_waiting_.insert(tape_waiting_.end(), trades.begin(), trades.end());
            if (!tape_timer_->isActive()) tape_timer_->start();
            status_->add_trades(trades);
        }
        if (const auto measured = pane->market_imbalance().observe(trades)) {
            FootprintOptions o = pane->options();
            o.imbalance = *measured;
            pane->set_options(o);
            if (is_focused(pane)) toolbar_->set_imbalance(*measured, pane->market_imbalance().note());
        }
    });
    // One crosshair across the panes whose time axes are of one kind.
    connect(pane, &ChartPane::crosshair_moved, this, [this, pane](qint64 time_us, bool time_bars) {
        for (ChartPane* other : grid_->panes())
            if (other != pane) other->show_linked_crosshair(time_us, time_bars);
    });
    watch_alerts();  // before the source opens: the first pane's first chart sets the alerts up
    open_source(pane, pane->current.value_or(settings_.last_source().value_or(default_live_market())));
}

void MainWindow::on_focus(ChartPane* pane) {
    for (const auto& link : focus_links_) disconnect(link);
    focus_links_.clear();
    const SourceInfo& info = pane->controller()->info();
    toolbar_->set_timeframe(pane->timeframe());
    toolbar_->set_buckets(info.tick, pane->bucket_multiplier());
    toolbar_->set_options(pane->options());
    toolbar_->set_source_title(info.symbol.isEmpty() ? (pane->current ? pane->current->label() : QString()) : info.title());
    toolbar_->set_imbalance(pane->options().imbalance, pane->market_imbalance().note());
    if (ChartStudies* studies = ChartStudies::of(pane->view())) {
        studies_button_->set_options(studies->options());
        focus_links_ << connect(studies_button_, &StudiesMenu::options_changed, studies, &ChartStudies::set_options);
        focus_links_ << connect(studies_button_, &StudiesMenu::clear_fixed_range_requested, studies, &ChartStudies::clear_fixed_range);
    }
    status_->set_store(pane->controller()->store());
    if (!info.symbol.isEmpty()) status_->set_source(info);
    status_->set_connection(pane->controller()->connection());
    status_->set_recording(pane->controller()->recording());
    status_->set_go_live_visible(pane->fell_back);
    replay_->setVisible(info.kind == SourceKind::Replay);
    if (info.kind == SourceKind::Replay) {
        replay_->set_span(info.start_us, info.end_us);
        replay_->set_position(pane->controller()->market_time_us(), pane->controller()->playing());
    }
    tape_waiting_.clear();
    time_sales_->chart_restarted();  // the focused market's trades from here on
    setWindowTitle(info.symbol.isEmpty() ? QStringLiteral("flowscope") : QStringLiteral("flowscope — ") + info.title());
}

void MainWindow::watch_alerts() {
    // Alerts watch the layout's first pane; when it changes, the new one's next chart feeds them.
    const auto all = grid_->panes();
    if (all.empty() || all.front() == alerts_pane_) return;
    if (alerts_pane_) alerts_pane_->controller()->store()->set_watcher(nullptr);
    alerts_->feed()->forget_chart();
    ChartPane* pane = all.front();
    const bool had_chart = alerts_pane_ != nullptr || !pane->controller()->info().symbol.isEmpty();
    alerts_pane_ = pane;
    pane->controller()->store()->set_watcher(alerts_->feed());
    alerts_->set_live(pane->current && pane->current->live && !pane->fell_back);
    if (had_chart) apply_chart(pane, pane->bucket_multiplier());
}

void MainWindow::flush_tape() {
    tape_timer_->stop();
    if (tape_waiting_.empty()) return;
    time_sales_->add_trades(tape_waiting_);
    tape_waiting_.clear();
}

void MainWindow::build_shortcuts() {
    auto add = [this](QKeySequence key, auto slot) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    add(QKeySequence(Qt::Key_Space), [this] { emit replay_->play_toggled(); });
    add(QKeySequence(Qt::Key_Right), [this] { emit replay_->step_forward(); });
    add(QKeySequence(Qt::Key_Left), [this] { emit replay_->step_back(); });
    add(QKeySequence(Qt::Key_Plus), [this] { view()->zoom_time(0.8); });
    add(QKeySequence(Qt::Key_Equal), [this] { view()->zoom_time(0.8); });
    add(QKeySequence(Qt::Key_Minus), [this] { view()->zoom_time(1.25); });
    add(QKeySequence(Qt::Key_Home), [this] { view()->follow_latest(); });
}

void MainWindow::build_layout_menu() {
    layout_button_ = new QToolButton(toolbar_);
    layout_button_->setObjectName(QStringLiteral("layoutButton"));
    // A sign, not a word: at 1280 px the toolbar keeps Studies in view beside it.
    layout_button_->setText(QStringLiteral("⊞"));
    layout_button_->setToolTip(QStringLiteral("Layout: split the chart, 2×2 grid, saved layouts"));
    layout_button_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(layout_button_);
    auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
        QAction* a = menu->addAction(text);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);  // the shortcut works with the menu closed
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    add(QStringLiteral("Split side by side"), QKeySequence(QStringLiteral("Ctrl+Shift+Right")), [this] { split_focused(Qt::Horizontal); });
    add(QStringLiteral("Split stacked"), QKeySequence(QStringLiteral("Ctrl+Shift+Down")), [this] { split_focused(Qt::Vertical); });
    add(QStringLiteral("2 × 2 grid"), QKeySequence(QStringLiteral("Ctrl+Shift+G")), [this] { make_grid(); });
    add(QStringLiteral("Close pane"), QKeySequence(QStringLiteral("Ctrl+Shift+W")), [this] { close_focused(); });
    menu->addSeparator();
    add(QStringLiteral("Save layout as…"), QKeySequence(), [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, QStringLiteral("Save layout"), QStringLiteral("Name:"), QLineEdit::Normal,
                                                   QString(), &ok);
        if (ok) save_layout(name);
    });
    QMenu* open = menu->addMenu(QStringLiteral("Open layout"));
    open->setObjectName(QStringLiteral("openLayoutMenu"));
    QMenu* remove = menu->addMenu(QStringLiteral("Delete layout"));
    connect(menu, &QMenu::aboutToShow, this, [this, open, remove] {
        open->clear();
        remove->clear();
        const QStringList names = layouts_->names();
        for (const QString& name : names) {
            connect(open->addAction(name), &QAction::triggered, this, [this, name] { open_layout(name); });
            connect(remove->addAction(name), &QAction::triggered, this, [this, name] {
                const QString error = layouts_->remove(name);
                status_->set_message(error.isEmpty() ? QStringLiteral("Layout %1 deleted").arg(name) : error);
            });
        }
        open->setEnabled(!names.isEmpty());
        remove->setEnabled(!names.isEmpty());
    });
    layout_button_->setMenu(menu);
    toolbar_->insert_chart_widget(layout_button_);
}

ChartPane* MainWindow::split_focused(Qt::Orientation orientation) {
    PaneState copy = focused_pane()->state();
    copy.pane_sizes.clear();  // its own default shares at its own size
    ChartPane* added = grid_->split(focused_pane(), orientation, copy);
    if (!added) {
        status_->set_message(QStringLiteral("A window holds at most %1 panes").arg(PaneGrid::kMaxPanes));
        return nullptr;
    }
    grid_->focus(added);
    return added;
}

void MainWindow::make_grid() {
    // The focused market at the next timeframes up fills the panes the window does not have yet.
    std::vector<PaneState> extra;
    const PaneState base = focused_pane()->state();
    for (int step = 1; step <= 3; ++step) {
        PaneState s = base;
        s.timeframe = next_timeframe(base.timeframe, step);
        s.pane_sizes.clear();
        extra.push_back(s);
    }
    grid_->make_grid(extra);
}

void MainWindow::close_focused() {
    if (!grid_->close_pane(focused_pane())) status_->set_message(QStringLiteral("The last pane stays open"));
}

QString MainWindow::save_layout(const QString& name) {
    const QString error = layouts_->save_named(name, grid_->pane_layout());
    status_->set_message(error.isEmpty() ? QStringLiteral("Layout %1 saved in %2").arg(name.trimmed(), layouts_->path())
                                         : QStringLiteral("Layout not saved: ") + error);
    return error;
}

QString MainWindow::open_layout(const QString& name) {
    const auto layout = layouts_->named(name);
    if (!layout) {
        const QString error = QStringLiteral("there is no layout called %1").arg(name);
        status_->set_message(error);
        return error;
    }
    grid_->build(*layout);
    status_->set_message(QStringLiteral("Layout %1").arg(name));
    return {};
}

void MainWindow::set_theme(const QString& name) {
    theme_ = Theme::by_name(name);
    settings_.set_theme(theme_.name);
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) apply_theme(*app, theme_);
    for (ChartPane* pane : grid_->panes()) pane->apply_theme(theme_);
    time_sales_->apply_theme(theme_);
}

bool MainWindow::recorded_elsewhere(const ChartPane* pane, const QString& market_key) const {
    for (const ChartPane* other : grid_->panes()) {
        if (other == pane) continue;
        if (other->recording && other->current && other->current->key() == market_key) return true;
        if (other->recorded_members.contains(market_key)) return true;
    }
    return false;
}

QString MainWindow::record_folder_for(const ChartPane* pane, const SourceRequest& request) const {
    // One recording per market: a second pane on it leaves the recording to the first.
    if (!settings_.record_live() || recorded_elsewhere(pane, request.key())) return {};
    return recordings_folder();
}

QStringList MainWindow::members_to_record(const ChartPane* pane, const SourceRequest& request) const {
    QStringList out;
    if (!settings_.record_live() || !request.live_group()) return out;
    for (const QString& member : request.members)
        if (!recorded_elsewhere(pane, member)) out << member;
    return out;
}

void MainWindow::record_group(ChartPane* pane) {
    const QStringList members = pane->current && !pane->fell_back ? members_to_record(pane, *pane->current) : QStringList{};
    if (members == pane->recorded_members) return;
    pane->recorded_members = members;
    pane->controller()->set_recording(members.isEmpty() ? QString() : recordings_folder(), members);
}

void MainWindow::take_over_recordings(const ChartPane* closing) {
    for (ChartPane* other : grid_->panes()) {
        if (other == closing || !other->current || other->fell_back) continue;
        if (other->current->live_group()) {
            record_group(other);
        } else if (other->current->live && !other->recording) {
            const QString folder = record_folder_for(other, *other->current);
            other->recording = !folder.isEmpty();
            if (other->recording) other->controller()->set_recording(folder);
        }
    }
}

std::vector<ChartPane*> MainWindow::replay_peers() const {
    ChartPane* focused = focused_pane();
    std::vector<ChartPane*> out{focused};
    if (!focused->current || focused->current->live || focused->fell_back) return out;
    for (ChartPane* pane : grid_->panes())
        if (pane != focused && pane->current && !pane->fell_back && pane->current->key() == focused->current->key()) out.push_back(pane);
    return out;
}

void MainWindow::open_source(const SourceRequest& request) { open_source(focused_pane(), request); }

void MainWindow::open_source(ChartPane* pane, const SourceRequest& request) {
    // Another market's bucket means nothing here; the same market (a layout's pane, reopened) keeps its own.
    if (!pane->current || pane->current->key() != request.key()) {
        pane->set_bucket_multiplier(0);
        pane->bucket_from_market = true;
    }
    const bool recorded_before = pane->recording || !pane->recorded_members.isEmpty();
    pane->recorded_members.clear();  // its old source's members: the new source records afresh
    pane->current = request;
    settings_.remember_source(request);
    if (pane == alerts_pane_) alerts_->set_live(request.live);
    if (is_focused(pane)) status_->set_go_live_visible(false);
    apply_chart(pane, 0);  // Auto until on_opened knows the instrument and what the user chose for it
    pane->pending_autoplay = !request.live;
    pane->update_title();
    if (request.live) {
        pane->fell_back = false;
        if (is_focused(pane)) status_->set_message(QStringLiteral("Connecting to %1 %2…").arg(request.exchange, request.symbol));
        const QString folder = record_folder_for(pane, request);
        pane->recording = !folder.isEmpty();
        pane->controller()->open_live(request.exchange, request.symbol, request.endpoint, folder, request.rest_endpoint,
                                      request.archive_endpoint);
    } else {
        pane->recording = false;
        if (is_focused(pane)) status_->set_message(QStringLiteral("Loading %1…").arg(request.path));
        pane->fill_next_replay = pane->fill_next_replay || fill_first_screen_;
        pane->controller()->open_replay(request.path);
        if (request.live_group()) record_group(pane);  // each member on its own, as a pane of its own would
    }
    if (recorded_before) take_over_recordings(pane);  // what it no longer records, another pane on it does
}

void MainWindow::go_live() {
    ChartPane* pane = focused_pane();
    open_source(pane, pane->current && pane->current->live ? *pane->current : default_live_market());
}

void MainWindow::apply_chart(ChartPane* pane, int bucket_multiplier) {
    SourceController* c = pane->controller();
    if (is_focused(pane) && c->info().kind == SourceKind::Replay && !pane->fell_back) {
        // A replay's new chart is built by the worker up to market time; the old one shows meanwhile.
        status_->set_message(QStringLiteral("Rebuilding the chart at %1 UTC…").arg(time_text(c->market_time_us(), true)));
    }
    const auto spec = BarSpec::parse(pane->timeframe().toStdString());
    c->set_chart(spec.value_or(BarSpec::time(60)), bucket_multiplier);
    pane->update_title();
}

void MainWindow::on_opened(ChartPane* pane, const SourceInfo& info) {
    FootprintOptions o = pane->options();
    o.imbalance = pane->market_imbalance().open(info.exchange, info.symbol);
    pane->set_options(o);
    pane->view()->set_auto_bucket(info.auto_bucket);
    pane->update_title();
    if (is_focused(pane)) {
        toolbar_->set_buckets(info.tick, info.auto_bucket ? 0 : info.bucket_multiplier);
        toolbar_->set_source_title(info.title());
        toolbar_->set_imbalance(o.imbalance, pane->market_imbalance().note());
        toolbar_->set_options(o);
        setWindowTitle(QStringLiteral("flowscope — ") + info.title());
        status_->set_source(info);
        replay_->setVisible(info.kind == SourceKind::Replay);
        if (info.kind == SourceKind::Replay) {
            replay_->set_span(info.start_us, info.end_us);
            if (!pane->fell_back && info.warnings.isEmpty())
                status_->set_message(info.trades > 0 ? QStringLiteral("Replaying %1 trades").arg(info.trades)
                                                     : QStringLiteral("Replaying %1 recorded frames").arg(info.frames));
        }
    }
    // The pane's own bucket for a layout's pane, else what the user chose for the instrument.
    const int wanted = pane->bucket_from_market ? settings_.bucket_multiplier(info.exchange, info.symbol) : pane->bucket_multiplier();
    pane->bucket_from_market = false;
    pane->set_bucket_multiplier(wanted);
    if (wanted != (info.auto_bucket ? 0 : info.bucket_multiplier)) {
        pane->view()->set_auto_bucket(wanted == 0);
        if (is_focused(pane)) toolbar_->set_buckets(info.tick, wanted);
        apply_chart(pane, wanted);
    }
    if (is_focused(pane)) emit source_opened(info);
    if (pane->fill_next_replay && info.kind == SourceKind::Replay) {
        pane->fill_next_replay = false;
        pane->filling_screen = true;
        pane->controller()->set_speed(kFillSpeed);
    }
    if (pane->pending_autoplay && info.kind == SourceKind::Replay) {
        pane->pending_autoplay = false;
        if (autoplay_) pane->controller()->play();
    }
}

void MainWindow::on_failed(ChartPane* pane, const QString& message) {
    const bool focused = is_focused(pane);
    if (pane->current && pane->current->live && !pane->fell_back) {
        // Say plainly that the network is not there, then play the real bundled session.
        const QString session = bundled_session_path();
        pane->fell_back = true;
        pane->recording = false;
        if (focused) status_->set_go_live_visible(true);
        if (session.isEmpty()) {
            if (focused) status_->set_message(QStringLiteral("Offline: %1. No bundled session found either.").arg(message));
            if (focused) emit source_failed(message);
            return;
        }
        if (focused) status_->set_message(QStringLiteral("Offline: %1. Playing the bundled real session instead.").arg(message));
        pane->pending_autoplay = true;
        pane->fill_next_replay = !speed_given_;  // one bar a minute at 1× would show an empty chart
        if (pane == alerts_pane_) alerts_->set_live(false);
        apply_chart(pane, 0);
        pane->controller()->open_replay(session);
        return;
    }
    if (focused) {
        status_->set_message(QStringLiteral("Could not open the source: %1").arg(message));
        emit source_failed(message);
    }
}

void MainWindow::pick_source() {
    SourcePicker picker(settings_.recent_sources(), recordings_folder(), this);
    if (picker.exec() == QDialog::Accepted && picker.chosen()) open_source(*picker.chosen());
}

QString MainWindow::suggested_export_path(const QString& what, bool picture) const {
    // Named after the market, the timeframe and the newest trade's time, in the last folder used.
    QString stem = export_file_stem(controller()->info().symbol, focused_pane()->timeframe(),
                                    controller()->store()->counters().last_exchange_time_us);
    if (!what.isEmpty()) stem += QLatin1Char('_') + what;
    return QDir(export_folder(settings_.export_folder(), picture)).filePath(stem + (picture ? QStringLiteral(".png") : QStringLiteral(".csv")));
}

void MainWindow::export_png(const QString& target) {
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save PNG"), suggested_export_path(target, true),
                                                      QStringLiteral("PNG images (*.png)"));
    if (!path.isEmpty()) export_png_to(target, path);
}

QString MainWindow::export_png_to(const QString& target, const QString& path) {
    QWidget* what = target.isEmpty() ? static_cast<QWidget*>(this) : view()->findChild<QWidget*>(target);
    const QString error = what ? save_png(*what, path) : QStringLiteral("there is no pane called %1").arg(target);
    if (error.isEmpty()) settings_.set_export_folder(QFileInfo(path).absolutePath());
    status_->set_message(error.isEmpty() ? QStringLiteral("Saved %1").arg(path) : QStringLiteral("PNG not saved: ") + error);
    return error;
}

void MainWindow::export_csv() {
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save visible bars as CSV"),
                                                      suggested_export_path(QStringLiteral("bars"), false),
                                                      QStringLiteral("CSV files (*.csv)"));
    if (!path.isEmpty()) export_csv_to(path);
}

QString MainWindow::export_csv_to(const QString& path) {
    OrderFlowView* v = view();
    v->refresh();  // the newest trades too
    const QCPRange r = v->time_axis()->range();
    const BarRange visible = visible_bars(r.lower, r.upper, v->bars().bars.size());
    QString error = visible.first > visible.last ? QStringLiteral("no bars in view") : QString();
    // The levels at the bucket drawn (Auto's display bucket): the CSV says what the chart shows.
    if (error.isEmpty()) error = save_bars_csv(v->footprint()->display_bars(), visible.first, visible.last, path);
    if (error.isEmpty()) settings_.set_export_folder(QFileInfo(path).absolutePath());
    status_->set_message(error.isEmpty() ? QStringLiteral("Saved bars %1–%2 to %3").arg(visible.first).arg(visible.last).arg(path)
                                         : QStringLiteral("CSV not saved: ") + error);
    return error;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings_.set_window_layout(saveGeometry(), saveState());
    settings_.set_splitter_state(QStringLiteral("main"), splitter_->saveState());
    settings_.set_splitter_state(QStringLiteral("panes"), view()->pane_splitter()->saveState());
    settings_.set_last_layout(QJsonDocument(layout_to_json(grid_->pane_layout())).toJson(QJsonDocument::Compact));
    QMainWindow::closeEvent(event);
}

}  // namespace flowscope::ui
