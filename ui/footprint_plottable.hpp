#pragma once
// The footprint as one QCustomPlot plottable: every cell of every visible bar is drawn by this
// one object (never one item per cell). Keys are bar indices (bar i spans i ± 0.5), values are
// prices. Level of detail: numbers when cells are big enough, shaded cells when they are not,
// and plain candles when bars are too narrow for cells.
#include <qcustomplot.h>

#include "chart_bars.hpp"
#include "footprint_options.hpp"
#include "theme.hpp"

namespace flowscope::ui {

// What the plottable decided to draw at the current zoom (exposed for tests and the benchmark).
enum class FootprintDetail { Candles, Cells, Numbers };

class FootprintPlottable : public QCPAbstractPlottable {
    Q_OBJECT
public:
    FootprintPlottable(QCPAxis* key_axis, QCPAxis* value_axis);

    // The bars are owned by the pane and outlive this plottable's use of them.
    void set_bars(const ChartBars* bars) { bars_ = bars; }
    void set_options(const FootprintOptions& options) { options_ = options; }
    const FootprintOptions& options() const { return options_; }
    void set_theme(const Theme& theme) { theme_ = theme; }
    FootprintDetail last_detail() const { return last_detail_; }

    // Minimum pixel sizes for each level of detail.
    static constexpr double kMinCellBarPixels = 8;
    static constexpr double kMinTextHeightPixels = 11;

    // Horizontal layout of one bar slot in key units, relative to the bar index.
    struct SlotLayout {
        double candle_left, candle_right;  // the candle column
        double cells_left, cells_right;    // the footprint cells
    };
    static SlotLayout slot_layout(FootprintDetail detail);

    double selectTest(const QPointF& pos, bool only_selectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& found, QCP::SignDomain domain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& found, QCP::SignDomain domain = QCP::sdBoth,
                           const QCPRange& key_range = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    FootprintDetail choose_detail(double slot_pixels, double level_pixels, const QFontMetricsF& metrics) const;
    void draw_stacked_zones(QCPPainter* p, int first, int last, FootprintDetail detail);
    void draw_bar_cells(QCPPainter* p, const Bar& bar, int index, FootprintDetail detail,
                        std::int64_t low_bucket, std::int64_t high_bucket);
    void draw_candle(QCPPainter* p, const Bar& bar, int index, FootprintDetail detail);
    QRectF cell_rect(int index, std::int64_t bucket, double left, double right) const;

    const ChartBars* bars_ = nullptr;
    FootprintOptions options_;
    Theme theme_ = Theme::dark();
    FootprintDetail last_detail_ = FootprintDetail::Candles;
    QFont cell_font_;
};

}  // namespace flowscope::ui
