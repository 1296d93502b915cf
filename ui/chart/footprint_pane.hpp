#pragma once
// The footprint pane: the footprint plottable, price auto-fit that the user can override by
// zooming or dragging the price, and a crosshair whose tooltip gives the exact numbers.
#include "chart/footprint_plottable.hpp"
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class FootprintPane : public TimePane {
    Q_OBJECT
public:
    explicit FootprintPane(QWidget* parent = nullptr);

    FootprintPlottable* plottable() const { return footprint_; }
    void set_bars(const ChartBars* bars) override;
    // The bars as they are drawn, at the bucket in use (empty before any bars): what studies
    // drawn over the footprint read, so that their levels line up with the cells.
    const ChartBars& display_bars() const;
    void set_options(const FootprintOptions& options);
    void fit_values() override;
    void apply_theme(const Theme& theme) override;
    // Back to fitting the price range to the visible bars (Home).
    void reset_price_view() { price_auto_ = true; }
    bool price_auto() const { return price_auto_; }
    // Exact numbers of the bar and level under a pixel; empty when there is nothing there.
    QString tooltip_at(QPointF pos) const;

protected:
    void pan_values(double pixels) override;
    void zoom_values(double factor, double pixel) override;
    void hover_changed(QPointF pos) override;
    bool overlay_in_use() const override { return TimePane::overlay_in_use() || price_line_->visible(); }

private:
    FootprintPlottable* footprint_ = nullptr;
    QCPItemStraightLine* price_line_;
    QCPItemText* price_label_;
    bool price_auto_ = true;
};

}  // namespace flowscope::ui
