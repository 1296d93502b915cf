#pragma once
// Imbalance heat bars: one bar per time bar, its colour on a diverging scale from −1 (all
// aggressive selling) to +1 (all aggressive buying), its height by volume, with a colour legend.
#include "chart/time_pane.hpp"

namespace flowscope::ui {

class HeatBars;

class HeatBarsPane : public TimePane {
    Q_OBJECT
public:
    explicit HeatBarsPane(QWidget* parent = nullptr);
    void fit_values() override;
    void apply_theme(const Theme& theme) override;

private:
    HeatBars* heat_ = nullptr;
};

}  // namespace flowscope::ui
