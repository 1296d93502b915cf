#pragma once
// The main window: assembles the toolbar, the chart panes of a layout (window/pane_grid.hpp),
// time & sales, replay controls and the status bar, and keeps the user's choices in settings and
// the layout in layouts.json. The toolbar, time & sales, status bar and replay controls serve the
// focused pane. Painting and data live in the panes and their workers; this class wires them.
#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>
#include <vector>

#include "model/trade.hpp"
#include "window/app_settings.hpp"
#include "window/market_imbalance.hpp"
#include "source/source_info.hpp"
#include "source/source_request.hpp"
#include "window/theme.hpp"

class QSplitter;
class QTimer;
class QToolButton;

namespace flowscope::ui {

class AlertsController;
class ChartContextMenu;
class ChartPane;
class ChartToolbar;
class LayoutLibrary;
class PaneGrid;
class OrderFlowView;
class ReplayControls;
class SourceController;
class StatusPanel;
class StudiesMenu;
class TimeSalesPanel;
struct PaneLayout;
struct PaneState;

struct StartOptions {
    std::optional<SourceRequest> source;  // empty: the last source, or live Binance USD-M BTCUSDT
    QString speed;                        // replay speed text ("1" … "max"); empty: from settings
    QString timeframe;                    // empty: from settings
    bool autoplay = true;                 // start replays playing
    // Play the first screen of bars fast (kFillSpeed), then at the chosen speed: the bundled
    // session opened by --offline. An explicit speed wins. The fallback to it does the same.
    bool fill_first_screen = false;
    // Where layouts are kept (window/layout_library.hpp); empty: layouts.json in the config folder.
    QString layouts_file;
    // Start with one pane (the source above, or the last one) instead of the last layout.
    bool single_pane = false;
    // Start with the layout saved under this name instead of the last one.
    QString layout;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const StartOptions& options = {}, QWidget* parent = nullptr);
    // The first screen of a fallback replay at this speed: 1m bars fill a laptop's screen in ~1 s.
    static constexpr double kFillSpeed = 600;
    static constexpr int kTapeIntervalMs = 100;  // time & sales updates (10 Hz)
    bool filling_first_screen() const;
    ~MainWindow() override;

    // Opens a source in the focused pane.
    void open_source(const SourceRequest& request);
    void open_source(ChartPane* pane, const SourceRequest& request);
    void go_live();
    // The focused pane's.
    SourceController* controller() const;
    OrderFlowView* view() const;
    PaneGrid* panes() const { return grid_; }
    ChartPane* focused_pane() const;
    // Layouts: split the focused pane (its copy beside it), a 2×2 grid, close the focused pane;
    // save the window's layout under a name, open a named one. Errors are returned (and shown).
    ChartPane* split_focused(Qt::Orientation orientation);
    void make_grid();
    void close_focused();
    QString save_layout(const QString& name);
    QString open_layout(const QString& name);
    LayoutLibrary* layouts() const { return layouts_.get(); }
    QToolButton* layout_button() const { return layout_button_; }
    ChartToolbar* chart_toolbar() const { return toolbar_; }
    ReplayControls* replay_controls() const { return replay_; }
    StatusPanel* status() const { return status_; }
    TimeSalesPanel* time_sales() const { return time_sales_; }
    // The footprint's right-click menu: its alert_at_price and fixed_range_from_bar are for the
    // alerts and the fixed-range profile to take.
    ChartContextMenu* chart_menu() const;
    // The alerts (rules, log, sound, notifications); add_price_alert(Price) sets one at a price.
    AlertsController* alerts() const { return alerts_; }
    const Theme& theme() const { return theme_; }
    // Exports without asking where (the toolbar asks, then calls these). The CSV holds the bars
    // in view; the PNG what `target` shows ("" for the window, or a pane's object name). Both say
    // in the status bar what happened and return the error, empty on success.
    QString export_csv_to(const QString& path);
    QString export_png_to(const QString& target, const QString& path);
    // Where the save dialog starts: the folder saved into last, else Pictures/flowscope (PNG) or
    // Documents/flowscope (CSV), named market_timeframe_time[_what] (never the working directory).
    QString suggested_export_path(const QString& what, bool picture) const;
    void set_theme(const QString& name);
    // Time & sales takes the trades waiting for its next update now (screenshots, tests).
    void flush_tape();

signals:
    void source_opened(const flowscope::ui::SourceInfo& info);
    // Nothing to show: the source failed and there is no fallback (a failed live market falls
    // back to the bundled session instead and says so in the status bar).
    void source_failed(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void build_shortcuts();
    void build_layout_menu();
    ChartPane* make_pane(const PaneState& state);
    void wire_pane(ChartPane* pane);
    void on_focus(ChartPane* pane);
    void watch_alerts();
    void on_opened(ChartPane* pane, const SourceInfo& info);
    void on_failed(ChartPane* pane, const QString& message);
    void apply_chart(ChartPane* pane, int bucket_multiplier);
    void export_png(const QString& target);
    void export_csv();
    void pick_source();
    PaneState default_pane() const;
    std::optional<PaneLayout> last_layout() const;
    // The panes replaying the focused pane's file: the replay controls drive them together.
    std::vector<ChartPane*> replay_peers() const;
    // Whether another pane already records this live market (one recording per market), alone or
    // as a member of its live group. market_key: SourceRequest::key() of a live market.
    bool recorded_elsewhere(const ChartPane* pane, const QString& market_key) const;
    QString record_folder_for(const ChartPane* pane, const SourceRequest& request) const;
    // A live group's members that no other pane records (all of them to record while recording is on).
    QStringList members_to_record(const ChartPane* pane, const SourceRequest& request) const;
    void record_group(ChartPane* pane);
    // The markets a closing pane recorded go on being recorded by the next pane showing them.
    void take_over_recordings(const ChartPane* closing);
    bool is_focused(const ChartPane* pane) const;

    AppSettings settings_;
    Theme theme_;
    std::unique_ptr<LayoutLibrary> layouts_;
    PaneGrid* grid_;
    TimeSalesPanel* time_sales_;
    ChartToolbar* toolbar_;
    ReplayControls* replay_;
    StatusPanel* status_;
    AlertsController* alerts_ = nullptr;
    QSplitter* splitter_;
    StudiesMenu* studies_button_ = nullptr;
    QToolButton* layout_button_ = nullptr;
    QList<QMetaObject::Connection> focus_links_;  // the toolbar's studies button to the focused pane
    QPointer<ChartPane> alerts_pane_;  // the pane alerts watch: the first of the layout
    bool autoplay_ = true;
    bool speed_given_ = false;  // the start options named a speed
    std::vector<Trade> tape_waiting_;  // the focused pane's trades for time & sales' next update
    QTimer* tape_timer_ = nullptr;
    // The replays opened at launch play their first screen fast (StartOptions::fill_first_screen).
    bool fill_first_screen_ = false;
};

}  // namespace flowscope::ui
