#pragma once
// Rows of numbers under the footprint, one column per bar: volume, delta, CVD and trade count,
// and with the delta rows on, the highest and lowest running delta inside the bar and the change
// of delta from the bar before (aggregate/cvd_candles.hpp, bar_delta_stats).
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class BarStatsRows;

class BarStatsPane : public TimePane {
    Q_OBJECT
public:
    explicit BarStatsPane(QWidget* parent = nullptr);
    static constexpr int kRowCount = 4;       // without the delta rows
    static constexpr int kDeltaRowCount = 3;  // max delta, min delta, delta change
    static constexpr int kRowHeightPixels = 17;
    static constexpr int kCompactRowHeightPixels = 15;  // with the delta rows: seven rows in 107 px
    void fit_values() override {}
    void apply_theme(const Theme& theme) override;
    void set_delta_rows(bool on);
    bool delta_rows() const { return delta_rows_; }
    int row_count() const { return kRowCount + (delta_rows_ ? kDeltaRowCount : 0); }
    // The rows' names, top to bottom.
    QStringList row_names() const;
    // A row's text for a bar as the pane writes it (tests read the numbers back with this).
    QString cell_text(int row, std::size_t bar) const;

private:
    BarStatsRows* rows_ = nullptr;
    bool delta_rows_ = false;
};

}  // namespace flowscope::ui
