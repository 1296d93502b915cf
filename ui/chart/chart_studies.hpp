#pragma once
// The chart's studies, each on or off (StudyOptions): on the footprint pane the session, visible-
// range and fixed-range volume profiles, naked POC lines, the developing POC and big-trade
// bubbles (plottables of their own, over the cells, at the bucket the footprint is drawn at);
// CVD candles and their session reset in the CVD pane; the delta rows of the bar statistics.
// The numbers come from core/aggregate; StudyCache keeps them per bar revision.
//
// A fixed-range profile is dragged over the bars with Alt held (Alt+drag; Alt+click on one bar),
// or started at a bar by start_fixed_range (the chart's right-click menu).
#include <QObject>
#include <QPointer>
#include <optional>
#include <utility>

#include "chart/study_cache.hpp"
#include "chart/study_options.hpp"
#include "window/theme.hpp"

namespace flowscope::ui {

class BarStatsPane;
class BubblesPlottable;
class CvdPane;
class DevelopingPocLine;
class FootprintPane;
class NakedPocLines;
class OrderFlowView;
class ProfilePlottable;

class ChartStudies : public QObject {
    Q_OBJECT
public:
    // The studies of a view's panes, a child of it (ChartStudies::of finds them).
    explicit ChartStudies(OrderFlowView* view);
    // Over a footprint pane alone (benchmarks); the CVD and statistics panes may be null.
    ChartStudies(FootprintPane* pane, CvdPane* cvd, BarStatsPane* stats, QObject* parent = nullptr);
    ~ChartStudies() override;  // takes its plottables off the pane if the pane is still there
    static ChartStudies* of(const OrderFlowView* view);

    void set_options(const StudyOptions& options);
    const StudyOptions& options() const { return options_; }

    // A fixed-range profile from `bar` to the newest bar; shows the fixed profile if it was off.
    void start_fixed_range(int bar);
    void set_fixed_range(int first, int last);  // in either order
    void clear_fixed_range();
    std::optional<std::pair<int, int>> fixed_range() const { return fixed_; }

    // For the plottables and tests.
    FootprintPane* pane() const;
    const ChartBars& bars() const;  // as the footprint draws them
    StudyCache& cache() { return cache_; }
    const Theme& theme() const;
    ProfilePlottable* session_profile() const { return session_; }
    ProfilePlottable* visible_profile() const { return visible_; }
    ProfilePlottable* fixed_profile() const { return fixed_profile_; }
    NakedPocLines* naked_pocs() const { return naked_; }
    DevelopingPocLine* developing_poc() const { return developing_; }
    BubblesPlottable* bubbles() const { return bubbles_; }

signals:
    void options_changed(const flowscope::ui::StudyOptions& options);
    void fixed_range_changed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply_visibility();
    int bar_near_pixel(double x) const;

    QPointer<FootprintPane> pane_;
    // The pane as the object events name: compared without a downcast, which is wrong while the
    // pane is being destroyed (its events then come from a QCustomPlot, no longer a FootprintPane).
    const QObject* pane_object_ = nullptr;
    QPointer<CvdPane> cvd_;
    QPointer<BarStatsPane> stats_;
    StudyOptions options_;
    StudyCache cache_;
    std::optional<std::pair<int, int>> fixed_;
    std::optional<int> drag_from_;  // the Alt+drag's first bar while it goes on
    ProfilePlottable* session_ = nullptr;
    ProfilePlottable* visible_ = nullptr;
    ProfilePlottable* fixed_profile_ = nullptr;
    NakedPocLines* naked_ = nullptr;
    DevelopingPocLine* developing_ = nullptr;
    BubblesPlottable* bubbles_ = nullptr;
};

}  // namespace flowscope::ui
