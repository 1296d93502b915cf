#include "window/time_sales_model.hpp"

#include <QBrush>
#include <QFont>

#include "chart/quantity_text.hpp"

namespace flowscope::ui {

namespace {
// The kind of a print that is not aggression, as time & sales names it in the side column.
QString print_text(Print print) {
    switch (print) {
        case Print::InsuranceFund: return QStringLiteral("Ins. fund");
        case Print::Deleveraging: return QStringLiteral("ADL");
        case Print::Block: return QStringLiteral("Block");
        case Print::Unmarked: return QStringLiteral("Not aggr.");
        case Print::Aggression: break;
    }
    return {};
}
}  // namespace

TimeSalesModel::TimeSalesModel(QObject* parent) : QAbstractTableModel(parent) {}

void TimeSalesModel::add(std::span<const Trade> trades) {
    std::vector<const Trade*> kept;
    for (const Trade& t : trades)
        if (to_double(t.quantity) >= min_size_) kept.push_back(&t);
    if (kept.empty()) return;
    if (kept.size() > kMaxRows) kept.erase(kept.begin(), kept.end() - static_cast<std::ptrdiff_t>(kMaxRows));
    beginInsertRows({}, 0, static_cast<int>(kept.size()) - 1);
    for (const Trade* t : kept) rows_.push_front(*t);  // newest ends up on top
    endInsertRows();
    if (rows_.size() > kMaxRows) {
        beginRemoveRows({}, static_cast<int>(kMaxRows), static_cast<int>(rows_.size()) - 1);
        rows_.resize(kMaxRows);
        endRemoveRows();
    }
}

void TimeSalesModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void TimeSalesModel::set_min_size(double size) {
    // Rows below the new minimum go; rows already dropped by an older, larger filter do not return.
    beginResetModel();
    min_size_ = size;
    std::erase_if(rows_, [size](const Trade& t) { return to_double(t.quantity) < size; });
    endResetModel();
}

void TimeSalesModel::set_large_size(double size) {
    large_size_ = size;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void TimeSalesModel::set_theme(const Theme& theme) {
    theme_ = theme;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int TimeSalesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int TimeSalesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimeSalesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Trade& t = rows_[static_cast<std::size_t>(index.row())];
    const bool aggression = is_aggression(t.print);
    const bool large = aggression && to_double(t.quantity) >= large_size_;
    const QColor side = !aggression ? theme_.text_dim : t.aggressor == Side::Buy ? theme_.buy : theme_.sell;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return time_text(t.exchange_time_us, false, true);
        case PriceColumn: return exact_text(t.price);
        case SizeColumn: return exact_text(t.quantity);
        case SideColumn:
            if (!aggression) return print_text(t.print);
            return t.aggressor == Side::Buy ? QStringLiteral("Buy") : QStringLiteral("Sell");
        }
        break;
    case Qt::ToolTipRole:
        if (!aggression)
            return QStringLiteral("%1: not aggression, so not in delta, CVD or the footprint unless the toolbar includes it")
                .arg(print_text(t.print));
        break;
    case Qt::ForegroundRole:
        if (large) return QBrush(theme_.background);
        return index.column() == TimeColumn ? QBrush(theme_.text_dim) : QBrush(side);
    case Qt::BackgroundRole:
        if (large) return QBrush(side);
        break;
    case Qt::FontRole:
        if (large || !aggression) {
            QFont f;
            f.setBold(large);
            f.setItalic(!aggression);
            return f;
        }
        break;
    case Qt::TextAlignmentRole:
        return index.column() == SideColumn ? int(Qt::AlignCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    default: break;
    }
    return {};
}

QVariant TimeSalesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return QStringLiteral("Time (UTC)");
    case PriceColumn: return QStringLiteral("Price");
    case SizeColumn: return QStringLiteral("Size");
    case SideColumn: return QStringLiteral("Side");
    }
    return {};
}

}  // namespace flowscope::ui
