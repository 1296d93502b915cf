#pragma once
// Time & sales: the trade list with its size filter and large-trade threshold.
#include <QWidget>
#include <vector>

#include "model/trade.hpp"
#include "window/theme.hpp"

class QDoubleSpinBox;
class QTableView;

namespace flowscope::ui {

class TimeSalesModel;

class TimeSalesPanel : public QWidget {
    Q_OBJECT
public:
    explicit TimeSalesPanel(QWidget* parent = nullptr);
    void add_trades(const std::vector<Trade>& trades);
    void clear();
    void apply_theme(const Theme& theme);
    TimeSalesModel* model() const { return model_; }
    QDoubleSpinBox* min_size_box() const { return min_size_; }
    QDoubleSpinBox* large_size_box() const { return large_size_; }

private:
    TimeSalesModel* model_;
    QTableView* table_;
    QDoubleSpinBox* min_size_;
    QDoubleSpinBox* large_size_;
};

}  // namespace flowscope::ui
