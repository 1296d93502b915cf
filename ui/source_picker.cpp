#include "source_picker.hpp"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace flowscope::ui {

QStringList SourcePicker::exchanges() {
    return {QStringLiteral("binance-futures"), QStringLiteral("binance-spot"), QStringLiteral("bybit"),
            QStringLiteral("okx"), QStringLiteral("coinbase"), QStringLiteral("kraken")};
}

QStringList SourcePicker::known_symbols(const QString& exchange) {
    // The main symbols per venue in the exchange's own spelling; any other symbol can be typed.
    if (exchange.startsWith(QStringLiteral("binance")) || exchange == QStringLiteral("bybit"))
        return {"BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "AVAXUSDT", "LINKUSDT", "LTCUSDT"};
    if (exchange == QStringLiteral("okx"))
        return {"BTC-USDT-SWAP", "ETH-USDT-SWAP", "SOL-USDT-SWAP", "BTC-USDT", "ETH-USDT"};
    if (exchange == QStringLiteral("coinbase")) return {"BTC-USD", "ETH-USD", "SOL-USD"};
    if (exchange == QStringLiteral("kraken")) return {"BTC/USD", "ETH/USD", "SOL/USD"};
    return {};
}

SourcePicker::SourcePicker(const QStringList& recent_keys, QWidget* parent)
    : QDialog(parent), exchange_(new QComboBox), symbol_(new QComboBox), recent_(new QListWidget) {
    setWindowTitle(QStringLiteral("Choose a source"));
    exchange_->addItems(exchanges());
    symbol_->setEditable(true);
    symbol_->setInsertPolicy(QComboBox::NoInsert);
    symbol_->completer()->setCompletionMode(QCompleter::PopupCompletion);
    symbol_->completer()->setFilterMode(Qt::MatchContains);
    symbol_->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    connect(exchange_, &QComboBox::currentIndexChanged, this, &SourcePicker::fill_symbols);
    fill_symbols();

    auto* live_box = new QGroupBox(QStringLiteral("Live market"));
    auto* live_form = new QFormLayout(live_box);
    live_form->addRow(QStringLiteral("Exchange"), exchange_);
    live_form->addRow(QStringLiteral("Symbol"), symbol_);
    auto* connect_button = new QPushButton(QStringLiteral("Watch live"));
    connect_button->setDefault(true);
    live_form->addRow(connect_button);
    connect(connect_button, &QPushButton::clicked, this, [this] {
        const QString symbol = symbol_->currentText().trimmed().toUpper();
        if (!symbol.isEmpty()) choose(SourceRequest::live_market(exchange_->currentText(), symbol));
    });

    auto* open_button = new QPushButton(QStringLiteral("Open recording or Binance / Tardis file…"));
    connect(open_button, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open trades to replay"), {},
                                                          QStringLiteral("Trade files (*.csv *.zip *.fsrec);;All files (*)"));
        if (!path.isEmpty()) choose(SourceRequest::replay(path));
    });

    auto* recent_box = new QGroupBox(QStringLiteral("Recent"));
    auto* recent_layout = new QVBoxLayout(recent_box);
    for (const QString& key : recent_keys) {
        const auto request = SourceRequest::from_key(key);
        if (!request) continue;
        auto* item = new QListWidgetItem(request->label(), recent_);
        item->setData(Qt::UserRole, key);
        item->setToolTip(request->live ? key : request->path);
    }
    recent_layout->addWidget(recent_);
    connect(recent_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (const auto request = SourceRequest::from_key(item->data(Qt::UserRole).toString())) choose(*request);
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(live_box);
    layout->addWidget(open_button);
    layout->addWidget(recent_box);
    layout->addWidget(buttons);
    resize(460, 420);
}

void SourcePicker::fill_symbols() {
    symbol_->clear();
    symbol_->addItems(known_symbols(exchange_->currentText()));
}

void SourcePicker::choose(const SourceRequest& request) {
    chosen_ = request;
    accept();
}

}  // namespace flowscope::ui
