#include "window/time_sales_panel.hpp"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "window/time_sales_model.hpp"

namespace flowscope::ui {

TimeSalesPanel::TimeSalesPanel(QWidget* parent)
    : QWidget(parent), model_(new TimeSalesModel(this)), table_(new QTableView), min_size_(new QDoubleSpinBox),
      large_size_(new QDoubleSpinBox) {
    setObjectName(QStringLiteral("timeSales"));
    auto* title = new QLabel(QStringLiteral("Time & Sales"));
    title->setObjectName(QStringLiteral("paneTitle"));
    for (QDoubleSpinBox* box : {min_size_, large_size_}) {
        box->setDecimals(3);
        box->setRange(0, 1e9);
        box->setSingleStep(0.1);
        box->setKeyboardTracking(false);
    }
    min_size_->setToolTip(QStringLiteral("Hide trades smaller than this size"));
    large_size_->setToolTip(QStringLiteral("Highlight trades at or above this size"));
    large_size_->setValue(model_->large_size());
    connect(min_size_, &QDoubleSpinBox::valueChanged, model_, &TimeSalesModel::set_min_size);
    connect(large_size_, &QDoubleSpinBox::valueChanged, model_, &TimeSalesModel::set_large_size);

    table_->setModel(model_);
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(18);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setFocusPolicy(Qt::NoFocus);
    table_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);

    auto* filters = new QFormLayout;
    filters->setContentsMargins(6, 0, 6, 0);
    filters->addRow(QStringLiteral("Min size"), min_size_);
    filters->addRow(QStringLiteral("Large ≥"), large_size_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addLayout(filters);
    layout->addWidget(table_);
}

void TimeSalesPanel::add_trades(const std::vector<Trade>& trades) { model_->add(trades); }

void TimeSalesPanel::clear() { model_->clear(); }

void TimeSalesPanel::apply_theme(const Theme& theme) { model_->set_theme(theme); }

}  // namespace flowscope::ui
