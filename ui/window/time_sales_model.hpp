#pragma once
// The time & sales list, newest first: rows of the session's tape (time_sales_tape.hpp) that meet
// a minimum size, same-instant same-side prints combined into one row on a switch, rows at or
// above a "large" size highlighted. A print that is not aggression (insurance fund, ADL, block
// trade) names its kind instead of a side, dimmed and in italics: its side says nothing about who
// hit the market, and it is not in the chart's delta. Every number is the exact decimal.
//
// Arriving trades cost the UI thread what they add: the tape takes them, the new rows are found
// from them alone and inserted at the top in one go; a filter change rebuilds the rows from the
// whole tape (~1 M prints, tens of ms, once per change).
#include <QAbstractTableModel>
#include <deque>
#include <optional>
#include <span>

#include "window/theme.hpp"
#include "window/time_sales_tape.hpp"

namespace flowscope::ui {

class TimeSalesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // ColumnCount: the columns of one market's list. A list whose prints come from more than one
    // exchange (a group of markets) adds the exchange column after them ("Bin F", "OKX"; the
    // tooltip says "binance-futures").
    enum Column { TimeColumn, PriceColumn, SizeColumn, SideColumn, ColumnCount, ExchangeColumn = ColumnCount, MaxColumns };

    explicit TimeSalesModel(QObject* parent = nullptr, std::size_t capacity = TimeSalesTape::kCapacity);

    void add(std::span<const Trade> trades);  // oldest first, as they arrive
    // A new chart (another timeframe, bucket or source, a seek): its first add() brings the trades
    // just before its market time. When they are trades the tape holds, the session goes on from
    // the newest of them (anything after it goes: a seek back); otherwise the list starts over.
    void restart();
    void clear();
    void set_min_size(Quantity size);    // hides smaller rows (a combined row by its summed size)
    void set_large_size(Quantity size);  // highlights rows at or above this size
    void set_combine(bool on);           // same-instant same-side prints in one row
    void set_theme(const Theme& theme);
    Quantity min_size() const { return min_size_; }
    Quantity large_size() const { return large_size_; }
    bool combine() const { return combine_; }
    // The exchange column shows from the first print of a second exchange until the list starts over.
    bool exchange_shown() const { return exchange_shown_; }

    const TimeSalesTape& tape() const { return tape_; }
    TapeRow row_at(int row) const { return rows_[rows_.size() - 1 - static_cast<std::size_t>(row)]; }
    TapeRowSummary summary_at(int row) const { return tape_.summary(row_at(row)); }

    // The most characters a row of the list has put in each column: the panel makes every column
    // that wide so no price or size is ever cut.
    int widest(Column column) const { return widest_[column]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void widths_changed();

private:
    void rebuild();                      // every row again from the tape
    bool measure(const TapeRow& row);    // widens widest_ for the row; true when it grew
    void take_from(std::uint64_t seq);   // rows for the tape's prints from seq on
    void notice_exchanges(std::span<const Trade> trades);

    Quantity min_size_;
    Quantity large_size_{5 * kDecimalScale};
    bool combine_ = true;
    TimeSalesTape tape_;
    std::deque<TapeRow> rows_;  // oldest first; view row r is rows_[size − 1 − r]
    TapeRowBuilder builder_;
    bool restart_pending_ = false;
    int widest_[MaxColumns] = {12, 1, 1, 4, 4};
    std::optional<Exchange> first_exchange_;  // of the list's prints so far
    bool exchange_shown_ = false;
    Theme theme_ = Theme::dark();
};

}  // namespace flowscope::ui
