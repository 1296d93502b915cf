#include "source/live_group_picker.hpp"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "group/market_group.hpp"
#include "model/exchange.hpp"
#include "net/exchange_adapter.hpp"
#include "source/source_picker.hpp"

namespace flowscope::ui {

const QStringList& LiveGroupPicker::btc_perpetuals() {
    static const QStringList markets{QStringLiteral("binance-futures:BTCUSDT"), QStringLiteral("bybit:BTCUSDT"),
                                     QStringLiteral("okx:BTC-USDT-SWAP")};
    return markets;
}

const QStringList& LiveGroupPicker::btc_spot() {
    static const QStringList markets{QStringLiteral("binance-spot:BTCUSDT"), QStringLiteral("coinbase:BTC-USD"),
                                     QStringLiteral("kraken:BTC/USD")};
    return markets;
}

LiveGroupPicker::LiveGroupPicker(QWidget* parent)
    : QDialog(parent), filter_(new QLineEdit), list_(new QListWidget), status_(new QLabel) {
    setWindowTitle(QStringLiteral("Live group: one market on several exchanges"));
    filter_->setPlaceholderText(QStringLiteral("Filter, e.g. BTC"));
    filter_->setClearButtonEnabled(true);
    for (const QString& exchange : SourcePicker::exchanges()) {
        for (const QString& symbol : SourcePicker::known_symbols(exchange)) {
            auto* item = new QListWidgetItem(QStringLiteral("%1  %2").arg(exchange, symbol), list_);
            item->setData(Qt::UserRole, exchange + QLatin1Char(':') + symbol);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
    }
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (int i = 0; i < list_->count(); ++i) {
            QListWidgetItem* item = list_->item(i);
            // Checked markets stay in sight whatever the filter.
            item->setHidden(item->checkState() != Qt::Checked && !item->text().contains(text.trimmed(), Qt::CaseInsensitive));
        }
    });
    status_->setWordWrap(true);

    auto* presets = new QHBoxLayout;
    auto* perps = new QPushButton(QStringLiteral("BTC perpetuals"));
    perps->setToolTip(btc_perpetuals().join(QStringLiteral(", ")));
    connect(perps, &QPushButton::clicked, this, [this] { check_markets(btc_perpetuals()); });
    auto* spot = new QPushButton(QStringLiteral("BTC spot"));
    spot->setToolTip(btc_spot().join(QStringLiteral(", ")));
    connect(spot, &QPushButton::clicked, this, [this] { check_markets(btc_spot()); });
    presets->addWidget(perps);
    presets->addWidget(spot);
    presets->addStretch();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    QPushButton* go = buttons->addButton(QStringLiteral("Watch as one market"), QDialogButtonBox::AcceptRole);
    go->setDefault(true);
    connect(go, &QPushButton::clicked, this, &LiveGroupPicker::watch);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(presets);
    layout->addWidget(filter_);
    layout->addWidget(list_, 1);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    resize(420, 480);
}

void LiveGroupPicker::check_markets(const QStringList& markets) {
    for (int i = 0; i < list_->count(); ++i) {
        QListWidgetItem* item = list_->item(i);
        item->setCheckState(markets.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    status_->clear();
}

QStringList LiveGroupPicker::checked_markets() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() == Qt::Checked) out << list_->item(i)->data(Qt::UserRole).toString();
    return out;
}

void LiveGroupPicker::watch() {
    const QStringList markets = checked_markets();
    if (markets.size() < 2) {
        status_->setText(QStringLiteral("Check two markets or more: one market on several exchanges."));
        return;
    }
    std::vector<GroupMarket> group;
    for (const QString& m : markets) {
        const QString exchange = m.section(QLatin1Char(':'), 0, 0), symbol = m.section(QLatin1Char(':'), 1);
        const auto venue = exchange_from_name(exchange.toStdString());
        if (!venue) continue;
        group.push_back({*venue, make_adapter(*venue)->normalize_symbol(symbol.toStdString()), std::nullopt, {}});
    }
    bool accept_mix = false;
    auto checked = make_market_group(group, false);
    if (!checked) {
        // A mix of quotes is the one refusal a trader may overrule: asked, and named in the title.
        auto mixed = make_market_group(group, true);
        if (!mixed) {
            status_->setText(QString::fromStdString(checked.error()));
            return;
        }
        const QString title = QString::fromStdString(mixed->title());
        const bool accepted = ask_quote_mix ? ask_quote_mix(title)
                                            : QMessageBox::question(this, QStringLiteral("Mixed quote currencies"),
                                                                    QStringLiteral("These markets quote in different currencies, whose prices "
                                                                                   "differ by the stablecoins' rates. Merge them anyway as\n\n%1?")
                                                                        .arg(title)) == QMessageBox::Yes;
        if (!accepted) {
            status_->setText(QStringLiteral("Not merged: the quote currencies differ (%1).").arg(title));
            return;
        }
        accept_mix = true;
    }
    chosen_ = SourceRequest::live_group_of(markets, {}, accept_mix);
    accept();
}

}  // namespace flowscope::ui
