#pragma once
// The main window: assembles the toolbar, the panes, time & sales, replay controls and the status
// bar around a SourceController, and keeps the user's choices in settings. Painting and data
// live in the panes and the worker; this class only wires them together.
#include <QMainWindow>
#include <optional>

#include "window/app_settings.hpp"
#include "window/market_imbalance.hpp"
#include "source/source_info.hpp"
#include "source/source_request.hpp"
#include "window/theme.hpp"

class QSplitter;

namespace flowscope::ui {

class AlertsController;
class ChartContextMenu;
class ChartToolbar;
class OrderFlowView;
class ReplayControls;
class SourceController;
class StatusPanel;
class TimeSalesPanel;

struct StartOptions {
    std::optional<SourceRequest> source;  // empty: the last source, or live Binance USD-M BTCUSDT
    QString speed;                        // replay speed text ("1" … "max"); empty: from settings
    QString timeframe;                    // empty: from settings
    bool autoplay = true;                 // start replays playing
    // Play the first screen of bars fast (kFillSpeed), then at the chosen speed: the bundled
    // session opened by --offline. An explicit speed wins. The fallback to it does the same.
    bool fill_first_screen = false;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const StartOptions& options = {}, QWidget* parent = nullptr);
    // The first screen of a fallback replay at this speed: 1m bars fill a laptop's screen in ~1 s.
    static constexpr double kFillSpeed = 600;
    bool filling_first_screen() const { return filling_screen_; }
    ~MainWindow() override;

    void open_source(const SourceRequest& request);
    void go_live();
    SourceController* controller() const { return controller_; }
    OrderFlowView* view() const { return view_; }
    ChartToolbar* chart_toolbar() const { return toolbar_; }
    ReplayControls* replay_controls() const { return replay_; }
    StatusPanel* status() const { return status_; }
    TimeSalesPanel* time_sales() const { return time_sales_; }
    // The footprint's right-click menu: its alert_at_price and fixed_range_from_bar are for the
    // alerts and the fixed-range profile to take.
    ChartContextMenu* chart_menu() const { return chart_menu_; }
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

signals:
    void source_opened(const flowscope::ui::SourceInfo& info);
    // Nothing to show: the source failed and there is no fallback (a failed live market falls
    // back to the bundled session instead and says so in the status bar).
    void source_failed(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void build_shortcuts();
    void on_opened(const SourceInfo& info);
    void on_failed(const QString& message);
    void apply_chart(int bucket_multiplier);
    void export_png(const QString& target);
    void export_csv();
    void pick_source();

    AppSettings settings_;
    MarketImbalance market_imbalance_{settings_};  // the market's imbalance settings, saved or measured
    Theme theme_;
    SourceController* controller_;
    OrderFlowView* view_;
    TimeSalesPanel* time_sales_;
    ChartToolbar* toolbar_;
    ReplayControls* replay_;
    StatusPanel* status_;
    AlertsController* alerts_ = nullptr;
    QSplitter* splitter_;
    ChartContextMenu* chart_menu_;
    std::optional<SourceRequest> current_;
    bool autoplay_ = true;
    bool pending_autoplay_ = false;
    bool fell_back_ = false;  // playing the bundled session because live was unreachable
    bool speed_given_ = false;       // the start options named a speed
    bool fill_next_replay_ = false;  // the next replay opened fills its first screen fast
    bool filling_screen_ = false;    // playing at kFillSpeed until the bars fill the view
};

}  // namespace flowscope::ui
