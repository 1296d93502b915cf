#pragma once
// The newest trades first, for the time & sales list: bounded, filtered by a minimum size, and
// flagging trades at or above a "large" size so the view can highlight them. A print that is not
// aggression (insurance fund, ADL, block trade) names its kind instead of a side, dimmed and in
// italics: its side says nothing about who hit the market, and it is not in the chart's delta.
#include <QAbstractTableModel>
#include <deque>
#include <span>

#include "model/trade.hpp"
#include "window/theme.hpp"

namespace flowscope::ui {

class TimeSalesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, PriceColumn, SizeColumn, SideColumn, ColumnCount };
    static constexpr std::size_t kMaxRows = 1000;

    explicit TimeSalesModel(QObject* parent = nullptr);

    void add(std::span<const Trade> trades);  // oldest first, as they arrive
    void clear();
    void set_min_size(double size);           // hides smaller trades
    void set_large_size(double size);         // highlights trades at or above this size
    void set_theme(const Theme& theme);
    double min_size() const { return min_size_; }
    double large_size() const { return large_size_; }
    const Trade& trade_at(int row) const { return rows_[static_cast<std::size_t>(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::deque<Trade> rows_;  // newest first, already filtered
    double min_size_ = 0;
    double large_size_ = 5;
    Theme theme_ = Theme::dark();
};

}  // namespace flowscope::ui
