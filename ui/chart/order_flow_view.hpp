#pragma once
// The stack of panes on one time axis (footprint, bar statistics, CVD, imbalance heat bars) and
// the frame timer that pulls changed bars from the ChartStore: no repaint per trade, and no
// repaint at all when nothing visible changed.
#include <QWidget>
#include <memory>
#include <vector>

#include "chart/chart_bars.hpp"
#include "chart/footprint_options.hpp"
#include "model/trade.hpp"
#include "window/theme.hpp"

class QSplitter;
class QTimer;

namespace flowscope::ui {

class BarStatsPane;
class ChartStore;
class CvdPane;
class FootprintPane;
class HeatBarsPane;
class TimeAxisGroup;
class TimePane;

class OrderFlowView : public QWidget {
    Q_OBJECT
public:
    explicit OrderFlowView(std::shared_ptr<ChartStore> store, QWidget* parent = nullptr);

    static constexpr int kFrameIntervalMs = 25;  // 40 Hz
    // A chart beside the one being worked in (a pane of a layout without the focus): 10 Hz is live
    // to the eye for order flow and paints a quarter as often.
    static constexpr int kBackgroundFrameIntervalMs = 100;
    void set_frame_interval(int ms);
    static constexpr double kDefaultSlotPixels = 118;  // bar width at which bid × ask numbers fit

    void set_options(const FootprintOptions& options);
    const FootprintOptions& options() const { return options_; }
    void apply_theme(const Theme& theme);
    // Pulls what changed from the store and repaints if needed; returns true when bars changed.
    bool refresh();
    // Home: the newest bar at the right, bars at the default width, the price back to automatic.
    void follow_latest();
    void replot_now();          // fit and paint every pane synchronously (screenshots, tests)
    void zoom_time(double factor);
    // Auto bucket (the footprint picks the bucket it draws) or the bars' own.
    void set_auto_bucket(bool on);
    // Bars that fit the footprint at kDefaultSlotPixels each (at least kMinDefaultBars).
    double default_visible_bars() const;
    static constexpr double kMinDefaultBars = 4;

    // The splitter between the panes; its state is what a layout remembers.
    QSplitter* pane_splitter() const { return splitter_; }
    // The pane sizes a layout remembered (QSplitter::saveState); false when they cannot be used,
    // and the panes take their default shares at the first layout.
    bool restore_pane_sizes(const QByteArray& state);
    // The pane heights a chart layout kept (window/pane_layout.hpp), shares when the size differs.
    void set_pane_sizes(const QList<int>& sizes);

    const ChartBars& bars() const { return bars_; }
    TimeAxisGroup* time_axis() const { return time_axis_; }
    FootprintPane* footprint() const { return footprint_; }
    BarStatsPane* stats() const { return stats_; }
    CvdPane* cvd() const { return cvd_; }
    HeatBarsPane* heat() const { return heat_; }
    std::vector<TimePane*> panes() const;

signals:
    void trades_arrived(const std::vector<flowscope::Trade>& trades);  // newest last
    // The store holds a new chart (another source, timeframe or bucket, a replay's seek); the
    // trades_arrived that follows starts over from its market time.
    void chart_restarted();
    void following_changed(bool following);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fit_and_replot();
    void update_time_limits();

    std::shared_ptr<ChartStore> store_;
    ChartBars bars_;
    std::vector<Trade> new_trades_;
    FootprintOptions options_;
    TimeAxisGroup* time_axis_;
    FootprintPane* footprint_;
    BarStatsPane* stats_;
    CvdPane* cvd_;
    HeatBarsPane* heat_;
    QSplitter* splitter_;
    bool pane_sizes_set_ = false;  // restored, or given their default shares
    // The time range is the default one (a new chart, Home) and the user has not zoomed or panned
    // since: a resize (the window laid out, time & sales taking its width) keeps bars readable.
    bool default_zoom_ = false;
    void show_default_zoom();
    QTimer* frame_timer_;
};

}  // namespace flowscope::ui
