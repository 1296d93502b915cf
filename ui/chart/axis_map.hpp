#pragma once
// QCPAxis::coordToPixel with the axis' range and rectangle read once: the footprint maps tens of
// thousands of coordinates per paint, and the same arithmetic in the same order gives the very
// same pixels. Axes that are not linear or are reversed go through QCPAxis itself.
#include <qcustomplot.h>

namespace flowscope::ui {

class AxisMap {
public:
    explicit AxisMap(const QCPAxis* axis)
        : axis_(axis),
          fast_(axis->scaleType() == QCPAxis::stLinear && !axis->rangeReversed()),
          horizontal_(axis->orientation() == Qt::Horizontal),
          lower_(axis->range().lower),
          size_(axis->range().size()),
          origin_(horizontal_ ? axis->axisRect()->left() : axis->axisRect()->bottom()),
          extent_(horizontal_ ? axis->axisRect()->width() : axis->axisRect()->height()) {}

    double operator()(double coord) const {
        if (!fast_) return axis_->coordToPixel(coord);
        return horizontal_ ? (coord - lower_) / size_ * extent_ + origin_ : origin_ - (coord - lower_) / size_ * extent_;
    }

private:
    const QCPAxis* axis_;
    bool fast_, horizontal_;
    double lower_, size_;
    int origin_, extent_;
};

}  // namespace flowscope::ui
