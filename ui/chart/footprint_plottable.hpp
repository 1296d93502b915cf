#pragma once
// The footprint as one QCustomPlot plottable: every cell of every visible bar is drawn by this
// one object (never one item per cell). Keys are bar indices (bar i spans i ± 0.5), values are
// prices. Level of detail: numbers when cells are big enough, shaded cells when they are not,
// and plain candles when bars are too narrow for cells.
//
// A paint gathers before it draws: cells by colour into fill batches (one drawRects per colour),
// texts through a cache of laid-out numbers, candles per colour; each bar's analysis (largest
// level, POC, imbalances, stacked zones) is kept per bar revision. The picture is the one the
// cell-by-cell drawing gave, pixel for pixel (bench_ui's BENCH_UI_COMPARE checks that).
#include <qcustomplot.h>

#include <array>
#include <memory>

#include "chart/chart_bars.hpp"
#include "chart/fill_batch.hpp"
#include "chart/footprint_bar_analysis.hpp"
#include "chart/footprint_options.hpp"
#include "window/theme.hpp"

namespace flowscope::ui {

class CellTextPainter;

// What the plottable decided to draw at the current zoom (exposed for tests and the benchmark).
enum class FootprintDetail { Candles, Cells, Numbers };

class FootprintPlottable : public QCPAbstractPlottable {
    Q_OBJECT
public:
    FootprintPlottable(QCPAxis* key_axis, QCPAxis* value_axis);
    ~FootprintPlottable() override;

    // The bars are owned by the pane and outlive this plottable's use of them.
    void set_bars(const ChartBars* bars) { bars_ = bars; }
    void set_options(const FootprintOptions& options) { options_ = options; }
    const FootprintOptions& options() const { return options_; }
    void set_theme(const Theme& theme) { theme_ = theme; }
    FootprintDetail last_detail() const { return last_detail_; }
    const BarAnalysisCache& analysis_cache() const { return analysis_; }

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
    struct Frame;
    struct TextOp {
        QRectF rect;
        int alignment;
        QString text;
        QRgb colour;
        bool bold;
    };
    FootprintDetail choose_detail(double slot_pixels, double level_pixels, const QFontMetricsF& metrics) const;
    const BarAnalysis& analysis(int index);
    void draw_stacked_zones(QCPPainter* p, const Frame& f, int first, int last);
    void gather_bar_cells(const Frame& f, const Bar& bar, int index);
    void gather_candle(const Frame& f, const Bar& bar, int index);
    void draw_gathered(QCPPainter* p, const Frame& f);
    QRectF cell_rect(const Frame& f, int index, std::int64_t bucket, double left, double right) const;

    const ChartBars* bars_ = nullptr;
    FootprintOptions options_;
    Theme theme_ = Theme::dark();
    FootprintDetail last_detail_ = FootprintDetail::Candles;
    QFont cell_font_;
    std::unique_ptr<CellTextPainter> text_;
    BarAnalysisCache analysis_;
    // What one paint gathers before drawing, kept between paints for its memory.
    FillBatch cells_, profile_bars_, buy_marks_, sell_marks_;
    std::vector<TextOp> texts_;
    std::vector<std::int64_t> rows_;  // the buckets one bar draws, reused across bars and paints
    std::vector<QRectF> poc_outlines_;
    std::array<std::vector<QLineF>, 2> wicks_;   // [0] up (buy colour), [1] down
    std::array<std::vector<QRectF>, 2> bodies_;
    std::array<std::vector<QRect>, 2> wick_fills_, body_fills_;
};

}  // namespace flowscope::ui
