#pragma once
// Cumulative volume delta at each bar's close, as a line on the shared time axis with a zero line.
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class CvdPane : public TimePane {
    Q_OBJECT
public:
    explicit CvdPane(QWidget* parent = nullptr);
    void bars_changed() override;
    void fit_values() override;
    void apply_theme(const Theme& theme) override;
    QCPGraph* line() const { return line_; }

private:
    QCPGraph* line_ = nullptr;
    QCPItemStraightLine* zero_ = nullptr;
    QCPItemText* title_ = nullptr;
};

}  // namespace flowscope::ui
