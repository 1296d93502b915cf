#include "window/time_sales_model.hpp"

#include <QBrush>
#include <QFont>

#include "chart/quantity_text.hpp"
#include "model/exchange.hpp"

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

QString side_text(const TapeRowSummary& s) {
    QString text = !is_aggression(s.print) ? print_text(s.print)
                   : s.aggressor == Side::Buy ? QStringLiteral("Buy")
                                              : QStringLiteral("Sell");
    if (s.count > 1) text += QStringLiteral(" ×%1").arg(s.count);
    return text;
}

// Short enough that five columns fit the list's usual width; the tooltip gives the full name.
QString exchange_text(Exchange e) {
    switch (e) {
        case Exchange::BinanceSpot: return QStringLiteral("Bin S");
        case Exchange::BinanceFutures: return QStringLiteral("Bin F");
        case Exchange::Bybit: return QStringLiteral("Bybit");
        case Exchange::Okx: return QStringLiteral("OKX");
        case Exchange::Coinbase: return QStringLiteral("CB");
        case Exchange::Kraken: return QStringLiteral("Kraken");
        case Exchange::Unknown: break;
    }
    return QStringLiteral("?");
}

QString exchange_full_name(Exchange e) {
    const std::string_view name = exchange_name(e);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString price_text(const TapeRowSummary& s) {
    return s.low == s.high ? exact_text(s.low) : exact_text(s.low) + QStringLiteral("–") + exact_text(s.high);
}

int digits(int128 v) {
    int n = 1;
    while (v >= 10) {
        v /= 10;
        ++n;
    }
    return n;
}

// Digits after the point of an exact decimal as written (9693.4 → 1).
int fraction_digits(int128 units) {
    int128 fraction = (units < 0 ? -units : units) % kDecimalScale;
    if (fraction == 0) return 0;
    int n = kDecimalDigits;
    while (fraction % 10 == 0) {
        fraction /= 10;
        --n;
    }
    return n;
}

// Characters of exact_text(units) without making the text (a burst measures every new row).
int decimal_chars(int128 units) {
    const int fraction = fraction_digits(units);
    return (units < 0 ? 1 : 0) + digits((units < 0 ? -units : units) / kDecimalScale) + (fraction > 0 ? 1 + fraction : 0);
}

// Σ price × size ÷ Σ size, rounded half away from zero to `places` decimals.
Price vwap(const TapeRowSummary& s, int places) {
    if (s.size.is_zero()) return s.last_price;
    int128 step = 1;
    for (int i = places; i < kDecimalDigits; ++i) step *= 10;
    const int128 divisor = s.size.units * step;
    const int128 q = (s.notional_units.units + divisor / 2) / divisor;
    return Price{static_cast<std::int64_t>(q * step)};
}
}  // namespace

TimeSalesModel::TimeSalesModel(QObject* parent, std::size_t capacity)
    : QAbstractTableModel(parent), tape_(capacity), builder_(min_size_, combine_) {}

bool TimeSalesModel::measure(const TapeRow& row) {
    const TapeRowSummary s = tape_.summary(row);
    const int price = s.low == s.high ? decimal_chars(s.low.units) : decimal_chars(s.low.units) + 1 + decimal_chars(s.high.units);
    const int size = decimal_chars(s.size.units);
    const int side = (is_aggression(s.print) ? (s.aggressor == Side::Buy ? 3 : 4) : static_cast<int>(print_text(s.print).size())) +
                     (s.count > 1 ? 2 + digits(s.count) : 0);
    const int exchange = exchange_shown_ ? static_cast<int>(exchange_text(s.exchange).size()) : 0;
    bool grew = false;
    for (const auto& [column, chars] : {std::pair{PriceColumn, price}, std::pair{SizeColumn, size}, std::pair{SideColumn, side},
                                        std::pair{ExchangeColumn, exchange}}) {
        if (chars > widest_[column]) {
            widest_[column] = chars;
            grew = true;
        }
    }
    return grew;
}

void TimeSalesModel::take_from(std::uint64_t seq) {
    const std::uint64_t oldest = tape_.begin_seq();
    std::size_t gone = 0;
    while (gone < rows_.size() && rows_[gone].first < oldest) ++gone;
    if (gone > 0) {
        // The ring let their prints go: the oldest rows leave the bottom of the list.
        const int n = rowCount();
        beginRemoveRows({}, n - static_cast<int>(gone), n - 1);
        rows_.erase(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(gone));
        endRemoveRows();
    }
    const TapeRowBuilder::Changes changes = builder_.take(tape_, seq);
    bool grew = false;
    if (changes.newest_count > 0 && !rows_.empty()) {
        rows_.back().count = changes.newest_count;
        grew |= measure(rows_.back());
    }
    if (!changes.added.empty()) {
        beginInsertRows({}, 0, static_cast<int>(changes.added.size()) - 1);
        rows_.insert(rows_.end(), changes.added.begin(), changes.added.end());
        endInsertRows();
        for (const TapeRow& row : changes.added) grew |= measure(row);
    }
    if (changes.newest_count > 0 && !rows_.empty()) {
        const int row = static_cast<int>(changes.added.size());
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    }
    if (grew) emit widths_changed();
}

void TimeSalesModel::add(std::span<const Trade> trades) {
    if (restart_pending_) {
        restart_pending_ = false;
        // The newest of these trades that the tape already holds is where the same stream goes on.
        std::optional<std::uint64_t> at;
        std::size_t next = trades.size();
        while (next > 0 && !(at = tape_.find_newest(trades[next - 1]))) --next;
        if (!at) {
            clear();
        } else if (*at + 1 < tape_.end_seq()) {
            tape_.truncate_after(*at);
            trades = trades.subspan(next);
            notice_exchanges(trades);
            tape_.append(trades);
            rebuild();
            return;
        } else {
            trades = trades.subspan(next);
        }
    }
    if (trades.empty()) return;
    notice_exchanges(trades);
    const std::uint64_t from = tape_.end_seq();
    tape_.append(trades);
    take_from(from);
}

void TimeSalesModel::notice_exchanges(std::span<const Trade> trades) {
    if (exchange_shown_) return;
    if (!first_exchange_) first_exchange_ = trades.front().exchange;
    for (const Trade& t : trades) {
        if (t.exchange == *first_exchange_) continue;
        beginInsertColumns({}, ExchangeColumn, ExchangeColumn);
        exchange_shown_ = true;
        endInsertColumns();
        for (const TapeRow& row : rows_) measure(row);
        emit widths_changed();
        return;
    }
}

void TimeSalesModel::restart() { restart_pending_ = true; }

void TimeSalesModel::clear() {
    beginResetModel();
    tape_.clear();
    rows_.clear();
    builder_ = TapeRowBuilder(min_size_, combine_);
    first_exchange_.reset();
    exchange_shown_ = false;
    widest_[ExchangeColumn] = 4;
    endResetModel();
}

void TimeSalesModel::rebuild() {
    beginResetModel();
    rows_.clear();
    builder_ = TapeRowBuilder(min_size_, combine_);
    const TapeRowBuilder::Changes changes = builder_.take(tape_, tape_.begin_seq());
    rows_.assign(changes.added.begin(), changes.added.end());
    endResetModel();
    widest_[PriceColumn] = widest_[SizeColumn] = 1;
    widest_[SideColumn] = 4;
    for (const TapeRow& row : rows_) measure(row);
    emit widths_changed();
}

void TimeSalesModel::set_min_size(Quantity size) {
    if (size == min_size_) return;
    min_size_ = size;
    rebuild();  // the filter runs over the whole tape, not the rows shown so far
}

void TimeSalesModel::set_combine(bool on) {
    if (on == combine_) return;
    combine_ = on;
    rebuild();
}

void TimeSalesModel::set_large_size(Quantity size) {
    large_size_ = size;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void TimeSalesModel::set_theme(const Theme& theme) {
    theme_ = theme;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int TimeSalesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int TimeSalesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : exchange_shown_ ? MaxColumns : ColumnCount;
}

QVariant TimeSalesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::ForegroundRole && role != Qt::BackgroundRole &&
        role != Qt::FontRole && role != Qt::TextAlignmentRole)
        return {};
    const TapeRowSummary s = summary_at(index.row());
    const bool aggression = is_aggression(s.print);
    const bool large = aggression && s.size >= large_size_;
    const QColor side = !aggression ? theme_.text_dim : s.aggressor == Side::Buy ? theme_.buy : theme_.sell;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return time_text(s.time_us, false, true);
        case PriceColumn: return price_text(s);
        case SizeColumn: return exact_text(s.size);
        case SideColumn: return side_text(s);
        case ExchangeColumn: return exchange_text(s.exchange);
        }
        break;
    case Qt::ToolTipRole: {
        QString tip;
        if (index.column() == ExchangeColumn) return exchange_full_name(s.exchange);
        if (s.count > 1) {
            const int places = std::max(fraction_digits(s.low.units), fraction_digits(s.high.units));
            const QString what = !aggression ? QStringLiteral("prints") : s.aggressor == Side::Buy ? QStringLiteral("buys") : QStringLiteral("sells");
            tip = QStringLiteral("%1 %2 at %3 UTC, from %4 to %5: %6 in all, VWAP %7")
                      .arg(s.count)
                      .arg(what, time_text(s.time_us, true, true), exact_text(s.first_price), exact_text(s.last_price),
                           exact_text(s.size), exact_text(vwap(s, places)));
        }
        if (!aggression) {
            if (!tip.isEmpty()) tip += '\n';
            tip += QStringLiteral("%1: not aggression, so not in delta, CVD or the footprint unless the toolbar includes it")
                       .arg(print_text(s.print));
        }
        if (!tip.isEmpty()) return tip;
        break;
    }
    case Qt::ForegroundRole:
        if (large) return QBrush(theme_.background);
        return index.column() == TimeColumn || index.column() == ExchangeColumn ? QBrush(theme_.text_dim) : QBrush(side);
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
        return index.column() == SideColumn ? int(Qt::AlignCenter) : index.column() == ExchangeColumn ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
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
    case ExchangeColumn: return QStringLiteral("Exch.");
    }
    return {};
}

}  // namespace flowscope::ui
