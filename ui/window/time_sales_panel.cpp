#include "window/time_sales_panel.hpp"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "window/time_sales_delegate.hpp"
#include "window/time_sales_model.hpp"

namespace flowscope::ui {

namespace {
// The spin box's value as the exact decimal it shows (three decimals).
Quantity box_quantity(const QDoubleSpinBox& box) {
    return parse_quantity(QString::number(box.value(), 'f', box.decimals()).toStdString()).value_or(Quantity{});
}
}  // namespace

TimeSalesPanel::TimeSalesPanel(QWidget* parent)
    : QWidget(parent), model_(new TimeSalesModel(this)), table_(new QTableView), min_size_(new QDoubleSpinBox),
      large_size_(new QDoubleSpinBox), combine_(new QCheckBox(QStringLiteral("Combine"))) {
    setObjectName(QStringLiteral("timeSales"));
    auto* title = new QLabel(QStringLiteral("Time & Sales"));
    title->setObjectName(QStringLiteral("paneTitle"));
    for (QDoubleSpinBox* box : {min_size_, large_size_}) {
        box->setDecimals(3);
        box->setRange(0, 1e9);
        box->setSingleStep(0.1);
        box->setKeyboardTracking(false);
    }
    min_size_->setToolTip(QStringLiteral("Hide rows smaller than this size (a combined row counts its summed size); "
                                         "the whole session kept is filtered, not only the rows shown"));
    large_size_->setToolTip(QStringLiteral("Highlight rows at or above this size"));
    large_size_->setValue(to_double(model_->large_size()));
    combine_->setObjectName(QStringLiteral("combinePrints"));
    combine_->setChecked(model_->combine());
    combine_->setToolTip(QStringLiteral("One row for the prints of one market order: consecutive prints with the same "
                                        "exchange time and side (a sweep through several prices), their sizes summed, "
                                        "the prices as a range, the count after the side"));
    connect(min_size_, &QDoubleSpinBox::valueChanged, this, [this] { model_->set_min_size(box_quantity(*min_size_)); });
    connect(large_size_, &QDoubleSpinBox::valueChanged, this, [this] { model_->set_large_size(box_quantity(*large_size_)); });
    connect(combine_, &QCheckBox::toggled, this, [this](bool on) {
        model_->set_combine(on);
        emit combine_toggled(on);
    });
    connect(model_, &TimeSalesModel::widths_changed, this, &TimeSalesPanel::fit_columns);

    table_->setModel(model_);
    table_->setItemDelegate(new TimeSalesDelegate(table_));
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(18);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->horizontalHeader()->setMinimumSectionSize(8);
    table_->viewport()->installEventFilter(this);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setFocusPolicy(Qt::NoFocus);
    table_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* head = new QHBoxLayout;
    head->setContentsMargins(0, 0, 6, 0);
    head->addWidget(title);
    head->addStretch(1);
    head->addWidget(combine_);
    auto* filters = new QFormLayout;
    filters->setContentsMargins(6, 0, 6, 0);
    filters->addRow(QStringLiteral("Min size"), min_size_);
    filters->addRow(QStringLiteral("Large ≥"), large_size_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(head);
    layout->addLayout(filters);
    layout->addWidget(table_);
    fit_columns();
}

int TimeSalesPanel::column_width(int column, int chars) const {
    // Large rows are bold: every column is sized for the bold face of the table's font, digits
    // being the widest characters the list uses in its monospaced face.
    QFont bold = table_->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    const int margin = 2 * (table_->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table_) + 1) + 4;
    const QString header = model_->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    return std::max(fm.horizontalAdvance(QString(chars, QLatin1Char('8'))), fm.horizontalAdvance(header)) + margin;
}

void TimeSalesPanel::fit_columns() {
    // A group's list has the exchange column too.
    const int columns = model_->columnCount();
    int widths[TimeSalesModel::MaxColumns];
    int total = 0;
    for (int c = 0; c < columns; ++c) {
        widths[c] = column_width(c, model_->widest(static_cast<TimeSalesModel::Column>(c)));
        total += widths[c];
    }
    // The list is never narrower than its columns (the splitter gives the chart the rest); room to
    // spare goes to every column alike.
    table_->setMinimumWidth(total + 2 * table_->frameWidth() +
                            table_->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, table_));
    const int spare = std::max(0, table_->viewport()->width() - total) / columns;
    for (int c = 0; c < columns; ++c) table_->horizontalHeader()->resizeSection(c, widths[c] + spare);
}

QSize TimeSalesPanel::sizeHint() const {
    // Wide enough for a sweep's price range on a five-digit price ("9692.10–9693.71", "Sell ×12")
    // before any row has come, and for the widest row since.
    const int typical[TimeSalesModel::MaxColumns] = {12, 15, 6, 8, 5};
    int width = 2 * table_->frameWidth() + table_->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, table_);
    for (int c = 0; c < model_->columnCount(); ++c)
        width += column_width(c, std::max(typical[c], model_->widest(static_cast<TimeSalesModel::Column>(c))));
    return {width, QWidget::sizeHint().height()};
}

bool TimeSalesPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == table_->viewport() && event->type() == QEvent::Resize) fit_columns();
    return QWidget::eventFilter(watched, event);
}

void TimeSalesPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) fit_columns();
}

void TimeSalesPanel::add_trades(const std::vector<Trade>& trades) { model_->add(trades); }

void TimeSalesPanel::chart_restarted() { model_->restart(); }

void TimeSalesPanel::clear() { model_->clear(); }

void TimeSalesPanel::apply_theme(const Theme& theme) { model_->set_theme(theme); }

void TimeSalesPanel::set_combine(bool on) {
    const QSignalBlocker block(combine_);
    combine_->setChecked(on);
    model_->set_combine(on);
}

}  // namespace flowscope::ui
