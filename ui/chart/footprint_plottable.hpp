#pragma once
// The footprint as one QCustomPlot plottable: every cell of every visible bar is drawn by this
// one object (never one item per cell). Keys are bar indices (bar i spans i ± 0.5), values are
// prices. Level of detail: numbers when cells are big enough, shaded cells when they are not,
// and plain candles when bars are too narrow for cells.
//
// A paint gathers before it draws: cells by colour into fill batches (one drawRects per colour),
// texts through a cache of laid-out numbers, candles per colour; each bar's analysis (largest
// level, POC, value area, imbalances, stacked zones) is kept per bar revision. The picture is the
// one the cell-by-cell drawing gave, pixel for pixel (bench_ui's BENCH_UI_COMPARE checks that).
//
// Every number reads at kMinTextContrast (WCAG's 4.5:1 for body text) against the cell behind it,
// as a person sees it: 10-px digits are antialiased, and their strokes reach ~85 % of the text
// colour at best, so the colour is chosen for kTextContrastTarget: the theme's text colour where
// it gets there, else the nearest colour towards white or black that does (worked out once per
// theme for every shade a cell can take). test_ui_readable measures the drawn pixels.
// When numbers cannot fit, a hint in the corner says what would make them fit.
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
    void set_theme(const Theme& theme);
    // Whether the pane picks the bucket (the hint then does not suggest Auto).
    void set_auto_bucket(bool on) { auto_bucket_ = on; }
    // A group's bars as the store holds them (ChartBars::member_bars at their own bucket, a whole
    // fraction of the bucket drawn) and whether each cell shows its exchanges: a strip along the
    // cell's foot split by each member's share of the cell's volume, in Theme::member_colour.
    void set_member_source(const ChartBars* bars) { members_source_ = bars; }
    void set_exchange_split(bool on) { exchange_split_ = on; }
    struct MemberStrip {
        int bar;
        std::int64_t bucket;  // of the bucket drawn
        std::size_t member;
        Quantity volume;      // the member's volume in the cell
        QRect rect;
    };
    const std::vector<MemberStrip>& drawn_member_strips() const { return member_strips_drawn_; }
    FootprintDetail last_detail() const { return last_detail_; }
    const BarAnalysisCache& analysis_cache() const { return analysis_; }
    // The corner hint of the last paint: why numbers are not drawn; empty when they are (or no
    // bar with cells is in view).
    const QString& hint() const { return hint_; }

    // Minimum pixel sizes for each level of detail.
    static constexpr double kMinCellBarPixels = 8;
    static constexpr double kMinTextHeightPixels = 11;
    static constexpr double kMinTextContrast = 4.5;
    static constexpr double kTextContrastTarget = 6;

    // A number (or the "x" between bid and ask) as the last paint drew it, for tests that look at
    // the pixels under it.
    struct CellText {
        QRectF rect;
        int alignment;
        QString text;
        QRgb colour;
        bool bold;
    };
    const std::vector<CellText>& drawn_texts() const { return texts_; }
    // The box of a drawn text's glyphs in the paint's pixels (as laid out for the last device).
    QRectF ink_rect(const CellText& text) const;

    // The price range of the cells (a bar of totals: its candle) of the bars whose slots show in
    // key_range (every bar for an empty range); found false when none has traded.
    static QCPRange price_range(const ChartBars& bars, const QCPRange& key_range, bool& found);

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
    // Text colours that read on each shade of a palette over the background: [alpha]; shades
    // stop at max_alpha, the last from which on some text colour still reads at the target.
    struct TextShades {
        std::array<QRgb, 256> strong{}, dim{};
        int max_alpha = 255;
        int tint_alpha = 0;  // an imbalance's half of a cell
    };
    FootprintDetail choose_detail(double slot_pixels, double level_pixels, const QFontMetricsF& metrics) const;
    bool numbers_fit_width(double slot_pixels, const QFontMetricsF& metrics) const;
    const BarAnalysis& analysis(int index);
    void draw_stacked_zones(QCPPainter* p, const Frame& f, int first, int last);
    void gather_bar_cells(const Frame& f, const Bar& bar, int index);
    void gather_candle(const Frame& f, const Bar& bar, int index);
    void draw_gathered(QCPPainter* p);
    void draw_hint(QCPPainter* p, const QRect& clip);
    QRectF cell_rect(const Frame& f, int index, std::int64_t bucket, double left, double right) const;
    void gather_member_strip(int index, std::int64_t bucket, const QRectF& cell);
    const ChartBars* members_source_ = nullptr;
    bool exchange_split_ = true;
    std::vector<MemberStrip> member_strips_drawn_;
    std::vector<Quantity> member_volumes_;  // scratch: one cell's volume per member

    const ChartBars* bars_ = nullptr;
    FootprintOptions options_;
    Theme theme_ = Theme::dark();
    bool auto_bucket_ = true;
    FootprintDetail last_detail_ = FootprintDetail::Candles;
    QString hint_;
    QFont cell_font_, hint_font_;
    std::unique_ptr<CellTextPainter> text_;
    BarAnalysisCache analysis_;
    TextShades on_neutral_, on_buy_, on_sell_;
    QRgb on_profile_ = 0;  // numbers over profile bars of either side and the empty row
    int profile_alpha_ = 0;  // the profile bars' shade
    // What one paint gathers before drawing, kept between paints for its memory (the texts until
    // the next paint: drawn_texts()).
    FillBatch cells_, profile_bars_, member_strips_, buy_marks_, sell_marks_, value_areas_;
    std::vector<CellText> texts_;
    std::vector<std::int64_t> rows_;  // the buckets one bar draws, reused across bars and paints
    FillBatch poc_outlines_;
    std::array<std::vector<QLineF>, 2> wicks_;   // [0] up (buy colour), [1] down
    std::array<std::vector<QRectF>, 2> bodies_;
    std::array<std::vector<QRect>, 2> wick_fills_, body_fills_;
};

}  // namespace flowscope::ui
