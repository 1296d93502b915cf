#pragma once
// What every kind of source (live market, replay) is to the worker: something that feeds one
// chart into the ChartStore and can rebuild it for another timeframe or bucket. It lives in the
// worker thread; its signals reach the worker directly, and the worker adds the generation.
#include <QObject>
#include <QString>

#include "aggregate/bar_spec.hpp"
#include "source/source_info.hpp"

namespace flowscope::ui {

class ChartSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // bucket_multiplier 0 is Auto: the bars at Auto's base bucket (chart/bucket_choice.hpp).
    virtual void set_chart(const BarSpec& spec, int bucket_multiplier) = 0;

signals:
    void opened(const flowscope::ui::SourceInfo& info);
    void failed(const QString& message);
};

}  // namespace flowscope::ui
