#pragma once
// Picks what to watch: a live market (exchange + searchable symbol), a recording or Binance
// public-data file to replay, or one of the recent sources.
#include <QDialog>
#include <optional>

#include "source_request.hpp"

class QComboBox;
class QListWidget;

namespace flowscope::ui {

class SourcePicker : public QDialog {
    Q_OBJECT
public:
    SourcePicker(const QStringList& recent_keys, QWidget* parent = nullptr);
    std::optional<SourceRequest> chosen() const { return chosen_; }

    static QStringList exchanges();
    static QStringList known_symbols(const QString& exchange);

private:
    void choose(const SourceRequest& request);
    void fill_symbols();

    QComboBox* exchange_;
    QComboBox* symbol_;
    QListWidget* recent_;
    std::optional<SourceRequest> chosen_;
};

}  // namespace flowscope::ui
