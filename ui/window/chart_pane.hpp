#pragma once
// One chart of a layout: its own source (a SourceController and its worker), its order-flow view,
// right-click menu and market imbalance, and the choices that are its own (timeframe, bucket,
// footprint mode, studies). The window's toolbar, time & sales, status bar and replay controls
// serve the focused pane; the others run on their own. A thin title strip says what the pane shows
// when the window holds more than one.
#include <QFrame>
#include <optional>

#include "source/source_info.hpp"
#include "source/source_request.hpp"
#include "window/market_imbalance.hpp"
#include "window/pane_layout.hpp"
#include "window/theme.hpp"

class QLabel;

namespace flowscope::ui {

class ChartContextMenu;
class OrderFlowView;
class SourceController;

class ChartPane : public QFrame {
    Q_OBJECT
public:
    ChartPane(const PaneState& state, AppSettings& settings, QWidget* parent = nullptr);
    ~ChartPane() override;

    SourceController* controller() const { return controller_; }
    OrderFlowView* view() const { return view_; }
    ChartContextMenu* chart_menu() const { return chart_menu_; }
    MarketImbalance& market_imbalance() { return market_imbalance_; }

    // What a layout keeps of the pane, as it is now.
    PaneState state() const;
    // The pane's own choices; the window applies them to its source (set_chart) and view.
    const QString& timeframe() const { return timeframe_; }
    void set_timeframe(const QString& text) { timeframe_ = text; update_title(); }
    int bucket_multiplier() const { return bucket_; }
    void set_bucket_multiplier(int multiplier) { bucket_ = multiplier; }
    // Mode, shading and stacked zones; the imbalance settings are the market's (MarketImbalance).
    const FootprintOptions& options() const { return options_; }
    void set_options(const FootprintOptions& options);
    void apply_theme(const Theme& theme);

    // The focused pane drives the toolbar; its border says so while the window holds several.
    bool focused() const { return focused_; }
    void set_focused(bool on);
    void set_title_visible(bool visible);
    QLabel* title_label() const { return title_; }
    void update_title();

    // The crosshair of a pane beside this one: the time it points at (−1: none) and whether its
    // bars are time bars; shown here when the time axes link (chart/linked_crosshair.hpp).
    void show_linked_crosshair(qint64 time_us, bool time_bars);
    bool time_bars() const;

    // The source as the window opened it, and what it knows of it while it runs.
    std::optional<SourceRequest> current;
    bool pending_autoplay = false;
    bool fell_back = false;         // playing the bundled session because live was unreachable
    bool fill_next_replay = false;  // the next replay opened fills its first screen fast
    bool filling_screen = false;    // playing at MainWindow::kFillSpeed until bars fill the view
    bool recording = false;         // this pane records its live market (one pane per market does)
    QStringList recorded_members;   // a live group: the members it records ("live:EX:SYM"), the rest
                                    // being recorded by other panes
    // A market new to this pane: once open, it takes the bucket last chosen for its instrument
    // (settings); a layout's pane keeps its own, Auto included.
    bool bucket_from_market = false;

signals:
    void focus_requested(flowscope::ui::ChartPane* pane);
    // The pointer over this pane's bars: the time under it, −1 when it left.
    void crosshair_moved(qint64 time_us, bool time_bars);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    AppSettings& settings_;
    MarketImbalance market_imbalance_;
    SourceController* controller_;
    OrderFlowView* view_;
    ChartContextMenu* chart_menu_;
    QLabel* title_;
    QString timeframe_;
    int bucket_ = 0;
    FootprintOptions options_;
    Theme theme_ = Theme::dark();
    bool focused_ = false;
    bool title_visible_ = false;
    void update_frame();
};

}  // namespace flowscope::ui
