#pragma once
// Time-axis labels for panes whose keys are bar indices: ticks land on whole bars at a readable
// spacing and are labelled with the bar's UTC open time.
#include <qcustomplot.h>

#include "chart/chart_bars.hpp"

namespace flowscope::ui {

class BarTimeTicker : public QCPAxisTicker {
public:
    void set_bars(const ChartBars* bars) { bars_ = bars; }

protected:
    double getTickStep(const QCPRange& range) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar format, int precision) override;

private:
    const ChartBars* bars_ = nullptr;
};

}  // namespace flowscope::ui
