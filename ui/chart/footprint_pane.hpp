#pragma once
// The footprint pane: the footprint plottable, the price axis, and a crosshair whose tooltip gives
// the exact numbers (a group's bar also by exchange).
//
// The bucket is Auto or fixed. Auto: the bars hold a fine base bucket and the pane draws them
// re-bucketed (DisplayBars) at the bucket whose rows stay readable at the current zoom and pane
// size (chart/bucket_choice.hpp), the price fitted to the visible bars. Fixed: the bars' own
// bucket in rows of kFixedRowPixels, the price scrolling to the visible bars instead of squeezing
// them. In both the user can zoom and drag the price (Home gives it back), within bounds that
// always leave a level of the visible bars in view.
#include "chart/display_bars.hpp"
#include "chart/footprint_plottable.hpp"
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class FootprintPane : public TimePane {
    Q_OBJECT
public:
    explicit FootprintPane(QWidget* parent = nullptr);

    // Row height of a fixed bucket before the user zooms the price: numbers fit with room.
    static constexpr double kFixedRowPixels = 15;

    FootprintPlottable* plottable() const { return footprint_; }
    void set_bars(const ChartBars* bars) override;
    void bars_changed() override;
    // The bars as they are drawn, at the bucket in use (empty before any bars): what studies
    // drawn over the footprint read, so that their levels line up with the cells.
    const ChartBars& display_bars() const;
    // Auto (the default) or the bars' own bucket.
    void set_auto_bucket(bool on);
    bool auto_bucket() const { return auto_bucket_; }
    // The bucket drawn, in 1e-8 price units (0 before any bars).
    std::int64_t display_bucket_units() const { return shown_ ? shown_->bucket_units : 0; }
    // What the corner hint says when numbers cannot be drawn (empty when they are, or nothing is).
    QString numbers_hint() const { return footprint_->hint(); }
    void set_options(const FootprintOptions& options);
    void fit_values() override;
    void apply_theme(const Theme& theme) override;
    // Back to the automatic price view (Home): fitted (Auto) or centred on the bars (fixed).
    void reset_price_view();
    bool price_auto() const { return price_auto_; }
    // Exact numbers of the bar and level under a pixel; empty when there is nothing there.
    QString tooltip_at(QPointF pos) const;
    // A group's bar split by member (ChartBars::member_bars): each member's volume, delta and
    // trades, and its bid × ask over the bars' buckets first … last (the hovered level).
    static QString member_parts_text(const ChartBars& chart, std::size_t index, std::int64_t first_bucket,
                                     std::int64_t last_bucket);

signals:
    // The bucket drawn changed (Auto follows the zoom; a new chart or mode): for the toolbar.
    void display_bucket_changed(qint64 bucket_units);

protected:
    void pan_values(double pixels) override;
    void zoom_values(double factor, double pixel) override;
    void hover_changed(QPointF pos) override;
    void resizeEvent(QResizeEvent* event) override;
    bool overlay_in_use() const override { return TimePane::overlay_in_use() || price_line_->visible(); }

private:
    // The price range of the visible bars' cells (of all bars when none is visible); found false
    // when no bar has traded.
    QCPRange bars_price_range(bool& found) const;
    double plot_height() const;
    // The tick Auto counts in (the instrument's, or the bars' bucket when that is not a multiple of it).
    std::int64_t unit_units() const;
    void choose_display_bucket(double span);
    void fit_auto(const QCPRange& bars);
    void fit_fixed(const QCPRange& bars);
    void bound_price_range(const QCPRange& bars);
    void update_display();

    FootprintPlottable* footprint_ = nullptr;
    QCPItemStraightLine* price_line_;
    QCPItemText* price_label_;
    DisplayBars display_;
    const ChartBars* shown_ = nullptr;  // the bars drawn: bars_ or display_'s copy
    std::int64_t shown_bucket_units_ = 0;
    std::int64_t display_multiple_ = 0;  // Auto's bucket in units of unit_units(); 0: not chosen yet
    bool auto_bucket_ = true;
    bool price_auto_ = true;
    bool recentre_ = true;  // fixed bucket: centre on the bars at the next fit
};

}  // namespace flowscope::ui
