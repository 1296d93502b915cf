#include "source/source_picker.hpp"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "chart/quantity_text.hpp"
#include "source/group_picker.hpp"
#include "source/live_group_picker.hpp"

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

SourcePicker::SourcePicker(const QStringList& recent_keys, const QString& recordings_folder, QWidget* parent)
    : QDialog(parent), exchange_(new QComboBox), symbol_(new QComboBox), recent_(new QListWidget),
      recordings_(new QListWidget), open_folder_(recordings_folder) {
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
        QDir().mkpath(open_folder_);  // so the dialog opens there even before the first recording
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open trades to replay"), open_folder_,
                                                          QStringLiteral("Trade files (*.fsrec *.csv *.zip);;All files (*)"));
        if (!path.isEmpty()) choose(SourceRequest::replay(path));
    });

    // One market on several exchanges, from files made separately.
    auto* group_button = new QPushButton(QStringLiteral("Open group: one market from several exchanges' files…"));
    connect(group_button, &QPushButton::clicked, this, [this] {
        GroupPicker picker(open_folder_, this);
        if (picker.exec() == QDialog::Accepted && picker.chosen()) choose(*picker.chosen());
    });

    // One market on several exchanges, live.
    auto* live_group_button = new QPushButton(QStringLiteral("Live group: one market on several exchanges…"));
    live_group_button->setObjectName(QStringLiteral("liveGroupButton"));
    connect(live_group_button, &QPushButton::clicked, this, [this] {
        LiveGroupPicker picker(this);
        if (picker.exec() == QDialog::Accepted && picker.chosen()) choose(*picker.chosen());
    });
    live_form->addRow(live_group_button);

    // The newest recordings of live sessions, one click away.
    auto* recordings_box = new QGroupBox(QStringLiteral("Your recordings"));
    recordings_box->setToolTip(open_folder_);
    auto* recordings_layout = new QVBoxLayout(recordings_box);
    const QFileInfoList files =
        QDir(open_folder_).entryInfoList({QStringLiteral("*.fsrec")}, QDir::Files, QDir::Time);
    for (const QFileInfo& f : files.mid(0, kListedRecordings)) {
        auto* item = new QListWidgetItem(QStringLiteral("%1   %2").arg(f.fileName(), file_size_text(static_cast<std::uint64_t>(f.size()))),
                                         recordings_);
        item->setData(Qt::UserRole, f.absoluteFilePath());
        item->setToolTip(f.absoluteFilePath());
    }
    recordings_layout->addWidget(recordings_);
    recordings_box->setVisible(recordings_->count() > 0);
    connect(recordings_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { choose(SourceRequest::replay(item->data(Qt::UserRole).toString())); });

    auto* recent_box = new QGroupBox(QStringLiteral("Recent"));
    auto* recent_layout = new QVBoxLayout(recent_box);
    for (const QString& key : recent_keys) {
        const auto request = SourceRequest::from_key(key);
        if (!request) continue;
        auto* item = new QListWidgetItem(request->label(), recent_);
        item->setData(Qt::UserRole, key);
        item->setToolTip(request->group() ? request->members.join('\n') : request->live ? key : request->path);
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
    layout->addWidget(group_button);
    layout->addWidget(recordings_box);
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
