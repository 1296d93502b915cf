#pragma once
// Time & sales: the trade list with its size filter, large-trade threshold and the switch that
// combines same-instant same-side prints. Its columns are as wide as the widest row so far and the
// list is never narrower than its columns: a price or size is never cut. Prints of several
// exchanges (a group of markets) add a column naming each one's exchange.
#include <QWidget>
#include <vector>

#include "model/trade.hpp"
#include "window/theme.hpp"

class QCheckBox;
class QDoubleSpinBox;
class QTableView;

namespace flowscope::ui {

class TimeSalesModel;

class TimeSalesPanel : public QWidget {
    Q_OBJECT
public:
    explicit TimeSalesPanel(QWidget* parent = nullptr);
    void add_trades(const std::vector<Trade>& trades);
    // A new chart: the trades that follow go on from the session kept, or start it over.
    void chart_restarted();
    void clear();
    void apply_theme(const Theme& theme);
    void set_combine(bool on);  // does not emit combine_toggled
    TimeSalesModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QDoubleSpinBox* min_size_box() const { return min_size_; }
    QDoubleSpinBox* large_size_box() const { return large_size_; }
    QCheckBox* combine_box() const { return combine_; }
    // As wide as its columns need for the widest row so far, or for a typical sweep before any.
    QSize sizeHint() const override;

signals:
    void combine_toggled(bool on);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fit_columns();
    int column_width(int column, int chars) const;

    TimeSalesModel* model_;
    QTableView* table_;
    QDoubleSpinBox* min_size_;
    QDoubleSpinBox* large_size_;
    QCheckBox* combine_;
};

}  // namespace flowscope::ui
