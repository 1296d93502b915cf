#pragma once
// Picks what to watch: a live market (exchange + searchable symbol), a recording or Binance
// public-data file to replay (the file dialog starts in the recordings folder, whose newest
// recordings are listed), a group of such files (one market on several exchanges,
// group_picker.hpp), a live group (live_group_picker.hpp), or one of the recent sources.
#include <QDialog>
#include <optional>

#include "source/source_request.hpp"

class QComboBox;
class QListWidget;

namespace flowscope::ui {

class SourcePicker : public QDialog {
    Q_OBJECT
public:
    SourcePicker(const QStringList& recent_keys, const QString& recordings_folder, QWidget* parent = nullptr);
    std::optional<SourceRequest> chosen() const { return chosen_; }
    // Where "Open recording…" starts.
    const QString& open_folder() const { return open_folder_; }
    QListWidget* recordings_list() const { return recordings_; }
    static constexpr int kListedRecordings = 12;

    static QStringList exchanges();
    static QStringList known_symbols(const QString& exchange);

private:
    void choose(const SourceRequest& request);
    void fill_symbols();

    QComboBox* exchange_;
    QComboBox* symbol_;
    QListWidget* recent_;
    QListWidget* recordings_;
    QString open_folder_;
    std::optional<SourceRequest> chosen_;
};

}  // namespace flowscope::ui
