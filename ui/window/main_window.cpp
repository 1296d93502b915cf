#include "window/main_window.hpp"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>

#include "source/bundled_session.hpp"
#include "window/alerts_controller.hpp"
#include "window/alerts_feed.hpp"
#include "window/alerts_panel.hpp"
#include "chart/chart_context_menu.hpp"
#include "chart/chart_store.hpp"
#include "window/chart_export.hpp"
#include "window/chart_toolbar.hpp"
#include "source/live_recorder.hpp"
#include "chart/footprint_pane.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/quantity_text.hpp"
#include "replay/replay_controls.hpp"
#include "source/source_controller.hpp"
#include "source/source_picker.hpp"
#include "window/status_panel.hpp"
#include "window/studies_menu.hpp"
#include "chart/time_axis_group.hpp"
#include "window/time_sales_panel.hpp"

namespace flowscope::ui {

MainWindow::MainWindow(const StartOptions& options, QWidget* parent)
    : QMainWindow(parent),
      theme_(Theme::by_name(settings_.theme())),
      controller_(new SourceController(this)),
      view_(new OrderFlowView(controller_->store())),
      time_sales_(new TimeSalesPanel),
      toolbar_(new ChartToolbar),
      replay_(new ReplayControls),
      status_(new StatusPanel(statusBar(), controller_->store())),
      splitter_(new QSplitter(Qt::Horizontal)),
      chart_menu_(new ChartContextMenu(view_->footprint())),
      autoplay_(options.autoplay),
      speed_given_(!options.speed.isEmpty()),
      fill_next_replay_(options.fill_first_screen && options.speed.isEmpty()) {
    setWindowTitle(QStringLiteral("flowscope"));
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->addWidget(view_);
    splitter_->addWidget(time_sales_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 0);
    setCentralWidget(splitter_);
    addToolBar(Qt::TopToolBarArea, toolbar_);
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, replay_);
    replay_->setVisible(false);

    toolbar_->set_timeframe(options.timeframe.isEmpty() ? settings_.timeframe() : options.timeframe);
    toolbar_->set_options(settings_.footprint_options());
    view_->set_options(toolbar_->options());
    replay_->set_speed_text(options.speed.isEmpty() ? settings_.speed() : options.speed);
    controller_->set_speed(ReplayControls::speed_value(replay_->speed_text()));
    set_theme(theme_.name);
    // Time & sales as wide as its columns in the theme's font; the chart takes the rest.
    time_sales_->ensurePolished();
    splitter_->setSizes({1400, time_sales_->sizeHint().width()});

    // Alerts run on the worker with every trade the chart takes; their panel docks on the right,
    // shown and hidden from the toolbar. Connected before the toolbar's other handlers, so that a
    // source reopened for a changed switch is watched with the new one.
    alerts_ = new AlertsController(this);
    alerts_->set_include_non_aggressive(settings_.include_non_aggressive());
    alerts_->set_chart_imbalance(settings_.footprint_options().imbalance);
    controller_->store()->set_watcher(alerts_->feed());
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

    connect(toolbar_, &ChartToolbar::source_requested, this, &MainWindow::pick_source);
    connect(toolbar_, &ChartToolbar::timeframe_changed, this, [this](const QString& text) {
        settings_.set_timeframe(text);
        apply_chart(toolbar_->bucket_multiplier());
    });
    connect(toolbar_, &ChartToolbar::bucket_changed, this, [this](int multiplier) {
        const SourceInfo& info = controller_->info();
        settings_.set_bucket_multiplier(info.exchange, info.symbol, multiplier);
        view_->set_auto_bucket(multiplier == 0);
        apply_chart(multiplier);
    });
    // Auto's entry says the bucket drawn.
    connect(view_->footprint(), &FootprintPane::display_bucket_changed, this, [this](qint64 units) {
        if (view_->footprint()->auto_bucket()) toolbar_->show_auto_bucket(Price{units});
    });
    connect(toolbar_, &ChartToolbar::options_changed, this, [this](const FootprintOptions& o) {
        settings_.set_footprint_options(o);
        market_imbalance_.save(o.imbalance);
        view_->set_options(o);
    });
    connect(toolbar_, &ChartToolbar::theme_toggled, this,
            [this] { set_theme(theme_.name == QStringLiteral("dark") ? QStringLiteral("light") : QStringLiteral("dark")); });
    toolbar_->set_recording_checked(settings_.record_live());
    connect(toolbar_, &ChartToolbar::recording_toggled, this, [this](bool on) {
        settings_.set_record_live(on);
        controller_->set_recording(on ? recordings_folder() : QString());
    });
    toolbar_->set_non_aggressive_checked(settings_.include_non_aggressive());
    controller_->set_include_non_aggressive(settings_.include_non_aggressive());
    // Every bar follows one rule: the source opens again with the new one.
    connect(toolbar_, &ChartToolbar::non_aggressive_toggled, this, [this](bool include) {
        settings_.set_include_non_aggressive(include);
        controller_->set_include_non_aggressive(include);
        if (current_) open_source(*current_);
    });
    connect(toolbar_, &ChartToolbar::export_png_requested, this, &MainWindow::export_png);
    connect(toolbar_, &ChartToolbar::export_csv_requested, this, &MainWindow::export_csv);

    connect(replay_, &ReplayControls::play_toggled, controller_, &SourceController::toggle_play);
    connect(replay_, &ReplayControls::step_forward, controller_, &SourceController::step_bar);
    connect(replay_, &ReplayControls::step_back, controller_, &SourceController::step_back);
    connect(replay_, &ReplayControls::seek_requested, controller_, &SourceController::seek);
    connect(replay_, &ReplayControls::speed_changed, this, [this](double speed, const QString& text) {
        filling_screen_ = false;  // the user's speed from now on
        settings_.set_speed(text);
        controller_->set_speed(speed);
    });
    // A replay filling its first screen goes on at the chosen speed once its bars fill the view.
    connect(controller_, &SourceController::replay_progress, this, [this] {
        if (!filling_screen_) return;
        view_->refresh();
        const QCPRange shown = view_->time_axis()->range();
        if (static_cast<double>(view_->bars().bars.size()) < shown.size() - 1) return;
        filling_screen_ = false;
        controller_->set_speed(ReplayControls::speed_value(replay_->speed_text()));
    });

    connect(controller_, &SourceController::opened, this, &MainWindow::on_opened);
    connect(controller_, &SourceController::failed, this, &MainWindow::on_failed);
    connect(controller_, &SourceController::replay_progress, replay_, &ReplayControls::set_position);
    connect(controller_, &SourceController::preparation_progress, replay_, &ReplayControls::set_preparation);
    connect(controller_, &SourceController::replay_prepared, this, [this](const SourceInfo& info) {
        status_->set_skipped(info.warnings);  // the background pass may have found more
        if (fell_back_) return;  // the status line says why the bundled session plays
        status_->set_message(info.warnings.isEmpty() ? QStringLiteral("Replaying %1 trades").arg(info.trades)
                                                     : info.warnings.back());
    });
    connect(controller_, &SourceController::connection_changed, status_, &StatusPanel::set_connection);
    connect(controller_, &SourceController::recording_changed, status_, &StatusPanel::set_recording);
    connect(status_, &StatusPanel::go_live_clicked, this, &MainWindow::go_live);
    connect(chart_menu_, &ChartContextMenu::message, status_, &StatusPanel::set_message);
    connect(chart_menu_, &ChartContextMenu::alert_at_price, alerts_, [this](flowscope::Price price) {
        if (alerts_->add_price_alert(price).isEmpty()) status_->set_message(QStringLiteral("Alert set at %1").arg(exact_text(price)));
    });
    install_studies_menu(toolbar_, view_, chart_menu_);  // the Studies button, kept in settings
    // A new chart (a seek, another timeframe): time & sales shows the trades before its market time.
    controller_->store()->set_every_trade_read(true);  // time & sales keeps them all
    connect(view_, &OrderFlowView::chart_restarted, time_sales_, &TimeSalesPanel::chart_restarted);
    time_sales_->set_combine(settings_.time_sales_combine());
    connect(time_sales_, &TimeSalesPanel::combine_toggled, this, [this](bool on) { settings_.set_time_sales_combine(on); });
    connect(view_, &OrderFlowView::chart_restarted, status_, &StatusPanel::chart_restarted);
    connect(view_, &OrderFlowView::trades_arrived, this, [this](const std::vector<Trade>& trades) {
        time_sales_->add_trades(trades);
        status_->add_trades(trades);
        if (const auto measured = market_imbalance_.observe(trades)) {
            toolbar_->set_imbalance(*measured, market_imbalance_.note());
            view_->set_options(toolbar_->options());
        }
    });

    build_shortcuts();
    resize(1600, 960);
    restoreGeometry(settings_.window_geometry());
    restoreState(settings_.window_state());
    splitter_->restoreState(settings_.splitter_state(QStringLiteral("main")));
    view_->restore_pane_sizes(settings_.splitter_state(QStringLiteral("panes")));

    open_source(options.source.value_or(settings_.last_source().value_or(default_live_market())));
}

MainWindow::~MainWindow() = default;

void MainWindow::build_shortcuts() {
    auto add = [this](QKeySequence key, auto slot) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    add(QKeySequence(Qt::Key_Space), [this] { controller_->toggle_play(); });
    add(QKeySequence(Qt::Key_Right), [this] { controller_->step_bar(); });
    add(QKeySequence(Qt::Key_Left), [this] { controller_->step_back(); });
    add(QKeySequence(Qt::Key_Plus), [this] { view_->zoom_time(0.8); });
    add(QKeySequence(Qt::Key_Equal), [this] { view_->zoom_time(0.8); });
    add(QKeySequence(Qt::Key_Minus), [this] { view_->zoom_time(1.25); });
    add(QKeySequence(Qt::Key_Home), [this] { view_->follow_latest(); });
}

void MainWindow::set_theme(const QString& name) {
    theme_ = Theme::by_name(name);
    settings_.set_theme(theme_.name);
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) apply_theme(*app, theme_);
    view_->apply_theme(theme_);
    time_sales_->apply_theme(theme_);
}

void MainWindow::open_source(const SourceRequest& request) {
    current_ = request;
    settings_.remember_source(request);
    alerts_->set_live(request.live);
    status_->set_go_live_visible(false);
    apply_chart(0);  // Auto until on_opened knows the instrument and what the user chose for it
    pending_autoplay_ = !request.live;
    if (request.live) {
        fell_back_ = false;
        status_->set_message(QStringLiteral("Connecting to %1 %2…").arg(request.exchange, request.symbol));
        controller_->open_live(request.exchange, request.symbol, request.endpoint,
                               settings_.record_live() ? recordings_folder() : QString(), request.rest_endpoint,
                               request.archive_endpoint);
    } else {
        status_->set_message(QStringLiteral("Loading %1…").arg(request.path));
        controller_->open_replay(request.path);
    }
}

void MainWindow::go_live() {
    open_source(current_ && current_->live ? *current_ : default_live_market());
}

void MainWindow::apply_chart(int bucket_multiplier) {
    if (controller_->info().kind == SourceKind::Replay && !fell_back_) {
        // A replay's new chart is built by the worker up to market time; the old one shows meanwhile.
        status_->set_message(QStringLiteral("Rebuilding the chart at %1 UTC…").arg(time_text(controller_->market_time_us(), true)));
    }
    const auto spec = BarSpec::parse(toolbar_->timeframe().toStdString());
    controller_->set_chart(spec.value_or(BarSpec::time(60)), bucket_multiplier);
}

void MainWindow::on_opened(const SourceInfo& info) {
    toolbar_->set_buckets(info.tick, info.auto_bucket ? 0 : info.bucket_multiplier);
    view_->set_auto_bucket(info.auto_bucket);
    toolbar_->set_source_title(info.title());
    toolbar_->set_imbalance(market_imbalance_.open(info.exchange, info.symbol), market_imbalance_.note());
    view_->set_options(toolbar_->options());
    setWindowTitle(QStringLiteral("flowscope — ") + info.title());
    status_->set_source(info);
    replay_->setVisible(info.kind == SourceKind::Replay);
    if (info.kind == SourceKind::Replay) {
        replay_->set_span(info.start_us, info.end_us);
        if (!fell_back_ && info.warnings.isEmpty())
            status_->set_message(info.trades > 0 ? QStringLiteral("Replaying %1 trades").arg(info.trades)
                                                 : QStringLiteral("Replaying %1 recorded frames").arg(info.frames));
    }
    const int remembered = settings_.bucket_multiplier(info.exchange, info.symbol);  // 0: Auto
    if (remembered != (info.auto_bucket ? 0 : info.bucket_multiplier)) apply_chart(remembered);
    emit source_opened(info);
    if (fill_next_replay_ && info.kind == SourceKind::Replay) {
        fill_next_replay_ = false;
        filling_screen_ = true;
        controller_->set_speed(kFillSpeed);
    }
    if (pending_autoplay_ && info.kind == SourceKind::Replay) {
        pending_autoplay_ = false;
        if (autoplay_) controller_->play();
    }
}

void MainWindow::on_failed(const QString& message) {
    if (current_ && current_->live && !fell_back_) {
        // Say plainly that the network is not there, then play the real bundled session.
        const QString session = bundled_session_path();
        fell_back_ = true;
        status_->set_go_live_visible(true);
        if (session.isEmpty()) {
            status_->set_message(QStringLiteral("Offline: %1. No bundled session found either.").arg(message));
            emit source_failed(message);
            return;
        }
        status_->set_message(QStringLiteral("Offline: %1. Playing the bundled real session instead.").arg(message));
        pending_autoplay_ = true;
        fill_next_replay_ = !speed_given_;  // one bar a minute at 1× would show an empty chart
        alerts_->set_live(false);
        apply_chart(0);
        controller_->open_replay(session);
        return;
    }
    status_->set_message(QStringLiteral("Could not open the source: %1").arg(message));
    emit source_failed(message);
}

void MainWindow::pick_source() {
    SourcePicker picker(settings_.recent_sources(), recordings_folder(), this);
    if (picker.exec() == QDialog::Accepted && picker.chosen()) open_source(*picker.chosen());
}

QString MainWindow::suggested_export_path(const QString& what, bool picture) const {
    // Named after the market, the timeframe and the newest trade's time, in the last folder used.
    QString stem = export_file_stem(controller_->info().symbol, toolbar_->timeframe(),
                                    controller_->store()->counters().last_exchange_time_us);
    if (!what.isEmpty()) stem += QLatin1Char('_') + what;
    return QDir(export_folder(settings_.export_folder(), picture)).filePath(stem + (picture ? QStringLiteral(".png") : QStringLiteral(".csv")));
}

void MainWindow::export_png(const QString& target) {
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save PNG"), suggested_export_path(target, true),
                                                      QStringLiteral("PNG images (*.png)"));
    if (!path.isEmpty()) export_png_to(target, path);
}

QString MainWindow::export_png_to(const QString& target, const QString& path) {
    QWidget* what = target.isEmpty() ? static_cast<QWidget*>(this) : view_->findChild<QWidget*>(target);
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
    view_->refresh();  // the newest trades too
    const QCPRange r = view_->time_axis()->range();
    const BarRange visible = visible_bars(r.lower, r.upper, view_->bars().bars.size());
    QString error = visible.first > visible.last ? QStringLiteral("no bars in view") : QString();
    // The levels at the bucket drawn (Auto's display bucket): the CSV says what the chart shows.
    if (error.isEmpty()) error = save_bars_csv(view_->footprint()->display_bars(), visible.first, visible.last, path);
    if (error.isEmpty()) settings_.set_export_folder(QFileInfo(path).absolutePath());
    status_->set_message(error.isEmpty() ? QStringLiteral("Saved bars %1–%2 to %3").arg(visible.first).arg(visible.last).arg(path)
                                         : QStringLiteral("CSV not saved: ") + error);
    return error;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings_.set_window_layout(saveGeometry(), saveState());
    settings_.set_splitter_state(QStringLiteral("main"), splitter_->saveState());
    settings_.set_splitter_state(QStringLiteral("panes"), view_->pane_splitter()->saveState());
    QMainWindow::closeEvent(event);
}

}  // namespace flowscope::ui
