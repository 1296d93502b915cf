#pragma once
// Rows of numbers under the footprint, one column per bar: volume, delta, CVD and trade count.
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class BarStatsRows;

class BarStatsPane : public TimePane {
    Q_OBJECT
public:
    explicit BarStatsPane(QWidget* parent = nullptr);
    static constexpr int kRowCount = 4;
    static constexpr int kRowHeightPixels = 17;
    void fit_values() override {}
    void apply_theme(const Theme& theme) override;

private:
    BarStatsRows* rows_ = nullptr;
};

}  // namespace flowscope::ui
