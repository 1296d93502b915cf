#pragma once
// Picks a live group: markets checked off a list of every exchange's main symbols (filtered as you
// type), or one of the usual groups in a click (BTC perpetuals on Binance, Bybit and OKX; BTC spot
// on Binance, Coinbase and Kraken). The markets are checked as one market before the dialog
// closes (core/group: one base asset, contracts of a known value); quote currencies that differ
// are asked about, and a refusal is said in the dialog.
#include <QDialog>
#include <functional>
#include <optional>

#include "source/source_request.hpp"

class QLabel;
class QLineEdit;
class QListWidget;

namespace flowscope::ui {

class LiveGroupPicker : public QDialog {
    Q_OBJECT
public:
    explicit LiveGroupPicker(QWidget* parent = nullptr);

    std::optional<SourceRequest> chosen() const { return chosen_; }
    QListWidget* list() const { return list_; }
    QLineEdit* filter() const { return filter_; }
    QLabel* status() const { return status_; }
    // Checks exactly these markets ("binance-futures:BTCUSDT"), as a preset button does.
    void check_markets(const QStringList& markets);
    QStringList checked_markets() const;  // in the list's order: the group's tie order
    // Checks the markets as one market and chooses them (the dialog is accepted) or says why not.
    void watch();
    // How the quote question is answered: a message box unless set (tests answer it themselves).
    std::function<bool(const QString& title)> ask_quote_mix;

    static const QStringList& btc_perpetuals();
    static const QStringList& btc_spot();

private:
    QLineEdit* filter_;
    QListWidget* list_;
    QLabel* status_;
    std::optional<SourceRequest> chosen_;
};

}  // namespace flowscope::ui
